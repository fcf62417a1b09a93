// Every feature of the extension, in activation order. One line per area.
import type { Feature } from './feature';
import { endpointsFeature } from './endpoints/endpointsFeature';
import { codeLensFeature } from './codelens/codeLensFeature';
import { kubeContextFeature } from './kube/kubeContextFeature';
import { loadTestFeature } from './loadtest/loadTestFeature';
import { podsFeature } from './pods/podsFeature';
import { resultsFeature } from './results/resultsFeature';
import { runsFeature } from './runs/runsFeature';

export const features: Feature[] = [kubeContextFeature, podsFeature, endpointsFeature, runsFeature, resultsFeature, loadTestFeature, codeLensFeature];
