// k6 scripts: load profiles, the safe generator, validation and duration estimates.
export { generateK6Script, GenerateError, type GenerateScriptInput, serverConstants, tokenName } from './generator';
export { validateScript, knownExecutors, type Diagnostic } from './validate';
export { estimateDurationSeconds } from './estimate';
export { parseK6Duration, formatDuration } from './duration';
export { jsString, jsData } from './jsData';
export { exampleFromSchema } from './exampleValue';
export { planRequest, bareOperation, type RequestPlan } from './requestPlan';
export {
  loadProfiles,
  profileIds,
  isProfileId,
  loadSettings,
  scenarioFor,
  parseLoadSize,
  thresholdsFor,
  type LoadProfileId,
  type LoadModel,
  type LoadProfile,
  type LoadSettings,
} from './profiles';
export { suggestScriptFileName } from './fileName';

/** Whether a JavaScript/TypeScript file is a k6 script: it imports `k6` or one of its modules. */
export function isK6Script(text: string): boolean {
  return /\bfrom\s+['"]k6(?:\/[\w/.-]+)?['"]|\brequire\s*\(\s*['"]k6(?:\/[\w/.-]+)?['"]\s*\)|\bimport\s+['"]k6(?:\/[\w/.-]+)?['"]/.test(text);
}
