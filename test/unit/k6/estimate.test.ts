import { strict as assert } from 'node:assert';
import { estimateDurationSeconds, formatDuration, parseK6Duration } from '../../../src/core/k6';

describe('k6 durations', () => {
  it('parses what k6 parses: Go durations, days, bare numbers as milliseconds', () => {
    assert.equal(parseK6Duration('30s'), 30_000);
    assert.equal(parseK6Duration('1h30m'), 5_400_000);
    assert.equal(parseK6Duration('1.5s'), 1500);
    assert.equal(parseK6Duration('300ms'), 300);
    assert.equal(parseK6Duration('2d12h'), 216_000_000);
    assert.equal(parseK6Duration('1d'), 86_400_000);
    assert.equal(parseK6Duration('1500'), 1500);
    assert.equal(parseK6Duration(2000), 2000);
    assert.equal(parseK6Duration('0'), 0);
    for (const bad of ['', '5 minutes', '10x', '1h 30m', 'm', 'd1h', true, null]) assert.equal(parseK6Duration(bad), undefined, String(bad));
  });

  it('formats whole seconds compactly', () => {
    assert.deepEqual([0, 45, 90, 3600, 5430].map(formatDuration), ['0s', '45s', '1m30s', '1h', '1h30m30s']);
  });
});

describe('estimateDurationSeconds', () => {
  it('adds start time and graceful stop to the longest scenario', () => {
    const options = {
      scenarios: {
        a: { executor: 'constant-vus', duration: '5m' },
        b: { executor: 'ramping-vus', startTime: '1m', stages: [{ duration: '2m', target: 5 }, { duration: '3m', target: 0 }], gracefulRampDown: '45s' },
        c: { executor: 'constant-arrival-rate', rate: 1, duration: '1m', preAllocatedVUs: 1, gracefulStop: '0s' },
      },
    };
    assert.equal(estimateDurationSeconds(options), 60 + 300 + 45);
  });

  it('reads the options from script text, shortcuts included', () => {
    assert.equal(estimateDurationSeconds("export const options = { vus: 5, duration: '2m' };\nexport default function () {}\n"), 150);
    assert.equal(estimateDurationSeconds("export const options = { stages: [{ duration: '1m', target: 3 }] };\nexport default function () {}\n"), 90);
    assert.equal(estimateDurationSeconds("export const options = { iterations: 100 };\nexport default function () {}\n"), 630);
    assert.equal(estimateDurationSeconds('export default function () {}\n'), 630, 'one iteration, bounded by the default maxDuration');
  });

  it('says it cannot know when the options exist only at run time, the script does not parse, or a scenario never ends', () => {
    assert.equal(estimateDurationSeconds("export const options = { duration: __ENV.DURATION };\nexport default function () {}\n"), undefined);
    assert.equal(estimateDurationSeconds('export const options = {'), undefined);
    assert.equal(estimateDurationSeconds({ scenarios: { x: { executor: 'externally-controlled', duration: 0 } } }), undefined);
  });
});
