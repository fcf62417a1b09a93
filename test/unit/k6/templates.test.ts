// The hand-written templates in k6-templates/ stay valid k6 and in step with the profiles the
// generator uses (same executors, stages, thresholds, think time and length).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateDurationSeconds, type LoadProfileId, loadSettings, profileIds, scenarioFor, thresholdsFor, validateScript } from '../../../src/core/k6';
import { parseScript, scriptShape, toPlain } from '../../../src/core/k6/staticOptions';
import { textSummaryBlock } from '../../../src/core/k6/textSummaryBlock';

const templateFiles: Record<LoadProfileId, string> = {
  smoke: 'smoke.js',
  average: 'average-load.js',
  stress: 'stress.js',
  spike: 'spike.js',
  soak: 'soak.js',
  breakpoint: 'breakpoint.js',
};
const dir = path.resolve(__dirname, '../../../k6-templates');

describe('k6-templates/', () => {
  it("prints the same text summary as generated scripts (no remote jslib import)", () => {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.ok(text.includes(textSummaryBlock.join('\n')), `${file} carries the summary block`);
      assert.doesNotMatch(text, /jslib\.k6\.io/, file);
    }
  });
  it('has one template per profile and nothing else', () => {
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort(), Object.values(templateFiles).sort());
  });

  for (const profile of profileIds) {
    it(`${templateFiles[profile]}: valid k6, and the same load as the ${profile} profile's defaults`, () => {
      const text = fs.readFileSync(path.join(dir, templateFiles[profile]), 'utf8');
      assert.deepEqual(validateScript(text), []);
      const options = toPlain(scriptShape(parseScript(text)).options!) as { scenarios: Record<string, Record<string, unknown>>; thresholds: unknown };
      const settings = loadSettings(profile);
      const expected = scenarioFor(profile, settings);
      const [name, scenario] = Object.entries(options.scenarios)[0];
      assert.equal(name, profile);
      const { stages, ...rest } = expected;
      assert.deepEqual(scenario, stages ? { ...rest, stages: stages.map(({ duration, target }) => ({ duration, target })) } : rest);
      assert.deepEqual(options.thresholds, thresholdsFor(profile, settings));
      assert.match(text, new RegExp(`const THINK_TIME = ${settings.thinkTimeSeconds};`));
      assert.equal(estimateDurationSeconds(text), settings.durationSeconds + 30);
      assert.match(text, /tags: \{ name: 'GET \/health' \}/);
      assert.match(text, /export function handleSummary/);
    });
  }
});
