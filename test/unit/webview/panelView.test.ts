// What the results panel shows, decided by its pure parts: the live indicator, the empty
// endpoint table's text, the time axis of empty and short charts, and which latency line stands out.
import { strict as assert } from 'node:assert';
import type { PanelRun, PanelState } from '../../../src/core/panelProtocol';
import { cappedMax, k6Charts, opaque, seriesStyle, timeAxis, timeStep } from '../../../webview-ui/src/chartSpec';
import { fmtElapsed } from '../../../webview-ui/src/format';
import { applyHostMessage, emptyEndpointsText, liveLabel } from '../../../webview-ui/src/model';

const running: PanelRun = { id: 'mv-1', state: 'running', engine: 'job', scriptPath: 'loadtests/a.js', startedAt: 1_000_000 };
const finished: PanelRun = { ...running, state: 'finished', finishedAt: 1_030_000 };

function liveState(): PanelState {
  return { run: running, live: 'live', windowMs: 1000, series: [], endpoints: { rows: [] }, resources: [] };
}

describe('results panel: live indicator', () => {
  it('shows "● live" while a running run streams', () => {
    assert.equal(liveLabel(running, 'live'), '● live');
    assert.equal(liveLabel(running, 'delayed'), 'delayed');
  });

  it('clears when the run ends, even if the last tick said live', () => {
    const after = applyHostMessage(liveState(), { type: 'run', run: finished })!;
    assert.equal(after.live, 'finished');
    assert.equal(liveLabel(after.run, after.live), '');
    // A stale "live" left in a persisted state of a finished run is not shown either.
    assert.equal(liveLabel(finished, 'live'), '');
  });

  it('clears when the summary arrives', () => {
    const summary = { requests: 1, endpoints: [] } as unknown as NonNullable<PanelState['summary']>;
    assert.equal(applyHostMessage(liveState(), { type: 'summary', summary })!.live, 'finished');
  });

  it('stays live for a run that is still starting or running', () => {
    assert.equal(applyHostMessage(liveState(), { type: 'run', run: { ...running, reason: 'pod Running' } })!.live, 'live');
  });
});

describe('results panel: empty endpoint table', () => {
  it('says "No requests yet." only while the run can still send some', () => {
    assert.equal(emptyEndpointsText(running), 'No requests yet.');
    assert.equal(emptyEndpointsText({ ...running, state: 'starting' }), 'No requests yet.');
    assert.notEqual(emptyEndpointsText(finished), 'No requests yet.');
    assert.match(emptyEndpointsText(finished), /No requests were recorded/);
    assert.match(emptyEndpointsText({ ...finished, state: 'failed' }), /failed before any/);
  });
});

describe('results panel: time axis', () => {
  const labels = (a: { min: number; max: number; stepSize: number }) => {
    const out: string[] = [];
    for (let t = Math.ceil(a.min / a.stepSize) * a.stepSize; t <= a.max; t += a.stepSize) out.push(fmtElapsed(t));
    return out;
  };

  it('an empty chart spans the first minute with distinct labels, not "0:00 0:00 …"', () => {
    const a = timeAxis([[], []]);
    assert.deepEqual(labels(a), ['0:00', '0:10', '0:20', '0:30', '0:40', '0:50', '1:00']);
  });

  it('a run a few seconds old gets whole-second ticks, each label once', () => {
    const a = timeAxis([[{ x: 0 }, { x: 1000 }, { x: 2000 }]]);
    const l = labels(a);
    assert.equal(new Set(l).size, l.length, l.join(' '));
    assert.equal(l[0], '0:00');
  });

  it('a first window starting before the run (bucket alignment) never labels "-0:00"', () => {
    const a = timeAxis([[{ x: -400 }, { x: 600 }, { x: 30_600 }]]);
    assert.ok(!labels(a).some((l) => l.startsWith('-')), labels(a).join(' '));
    assert.equal(fmtElapsed(-400), '0:00');
    assert.equal(fmtElapsed(-61_000), '-1:01');
  });

  it('a 22 s run ends its axis on a whole step, so the ticks read 0:00 0:05 … 0:25, not 0:05 0:11 0:16', () => {
    const a = timeAxis([[{ x: 0 }, { x: 22_300 }]]);
    assert.equal(a.stepSize, 5000);
    assert.equal(a.max, 25_000);
    assert.equal((a.max - a.min) % a.stepSize, 0);
  });

  it('a long run gets minute ticks, at most about eight labels', () => {
    const a = timeAxis([[{ x: 0 }, { x: 30 * 60_000 }]]);
    assert.equal(a.stepSize, timeStep(30 * 60_000));
    assert.ok(labels(a).length <= 9);
    assert.equal(labels(a)[1], '5:00');
  });
});

describe('results panel: error-rate axis', () => {
  it('stops at 100 % when headroom would pass it, and leaves small rates their own scale', () => {
    const errors = k6Charts.find((c) => c.id === 'errors')!;
    assert.equal(cappedMax([100, 20, null], errors.yCap), 100);
    assert.equal(cappedMax([95], errors.yCap), 100);
    assert.equal(cappedMax([1.5, 0], errors.yCap), undefined);
    assert.equal(cappedMax([500], undefined), undefined);
  });
});

describe('results panel: latency lines', () => {
  it('p95 (what thresholds check) is the widest line and drawn over p99 and the others', () => {
    const latency = k6Charts.find((c) => c.id === 'latency')!;
    const styles = latency.series.map((s) => ({ label: s.label, ...seriesStyle(!!s.emphasis) }));
    const p95 = styles.find((s) => s.label === 'p95')!;
    for (const other of styles.filter((s) => s.label !== 'p95')) {
      assert.ok(p95.borderWidth > other.borderWidth, `p95 wider than ${other.label}`);
      assert.ok(p95.order < other.order, `p95 drawn after (over) ${other.label}`);
    }
    // Not the orange some themes make translucent: a colour of its own among the latency lines.
    const colors = latency.series.map((s) => s.color);
    assert.equal(colors.filter((c) => c === latency.series.find((s) => s.label === 'p95')!.color).length, 1);
    assert.notEqual(latency.series.find((s) => s.label === 'p95')!.color, 3, 'charts.orange');
  });

  it('theme colours lose their alpha, so a translucent charts colour draws solid', () => {
    assert.equal(opaque('#d1861680'), '#d18616');
    assert.equal(opaque('#d186'), '#d18');
    assert.equal(opaque('#3794ff'), '#3794ff');
    assert.equal(opaque('rgba(209, 134, 22, 0.5)'), 'rgb(209, 134, 22)');
    assert.equal(opaque('rgb(1 2 3 / 40%)'), 'rgb(1, 2, 3)');
    assert.equal(opaque('red'), 'red');
  });
});
