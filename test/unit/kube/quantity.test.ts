import { strict as assert } from 'node:assert';
import { formatMiB, formatMillicores, isQuantity, parseBytes, parseCpuMillicores, parseMemoryMiB, QuantityError } from '../../../src/core/kube/quantity';

describe('Kubernetes quantities', () => {
  describe('CPU in millicores', () => {
    const cases: [string, number][] = [
      ['500m', 500],
      ['1', 1000],
      ['2', 2000],
      ['0.5', 500],
      ['.5', 500],
      ['1.', 1000],
      ['0.3', 300],
      ['1.25', 1250],
      ['1e3m', 1000],
      ['1e-3', 1],
      ['2E0', 2000],
      ['100n', 0.0001],
      ['12345678n', 12.345678],
      ['250u', 0.25],
      ['1k', 1_000_000],
      ['+250m', 250],
      ['0', 0],
      ['0m', 0],
      ['1Ki', 1_024_000],
      ['  750m ', 750],
    ];
    for (const [q, want] of cases) it(`${JSON.stringify(q)} → ${want}`, () => assert.equal(parseCpuMillicores(q), want));
    it('accepts a number (YAML `cpu: 2`)', () => assert.equal(parseCpuMillicores(2), 2000));
  });

  describe('memory in MiB', () => {
    const cases: [string, number][] = [
      ['512Mi', 512],
      ['1Gi', 1024],
      ['1.5Gi', 1536],
      ['1Ti', 1024 * 1024],
      ['1Pi', 1024 ** 3],
      ['1Ki', 1 / 1024],
      ['256Ki', 0.25],
      ['134217728', 128],
      ['1M', 1e6 / 1048576],
      ['1G', 1e9 / 1048576],
      ['1k', 1000 / 1048576],
      ['128974848', 123],
      ['129e6', 129e6 / 1048576],
      ['1E', 1e18 / 1048576],
      ['1Ei', 1024 ** 4],
      ['0.5Gi', 512],
      ['65536Ki', 64],
    ];
    for (const [q, want] of cases) it(`${JSON.stringify(q)} → ${want}`, () => assert.equal(parseMemoryMiB(q), want));
    it('reads `m` on memory as millibytes (a common typo for M) rather than guessing', () => assert.equal(parseBytes('129m'), 0.129));
  });

  describe('invalid input', () => {
    for (const q of ['', '   ', 'abc', 'Mi', '1.2.3', '1Kb', '1K', '1 Mi', '1mi', '1KI', '--1', '1e', '1e3.5', '0x10', 'Infinity', 'NaN']) {
      it(`rejects ${JSON.stringify(q)} with a message naming it`, () => {
        assert.throws(() => parseCpuMillicores(q), (err: unknown) => err instanceof QuantityError && err.message.includes(`"${q}"`));
        assert.throws(() => parseMemoryMiB(q), QuantityError);
        assert.equal(isQuantity(q), false);
      });
    }
    it('rejects a negative amount (valid quantity syntax, never a valid request or limit)', () => {
      assert.throws(() => parseCpuMillicores('-1'), /cannot be negative/);
      assert.throws(() => parseMemoryMiB('-512Mi'), /cannot be negative/);
    });
    it('rejects an exponent too large to be a real amount', () => assert.throws(() => parseMemoryMiB('1e999'), QuantityError));
  });

  it('formats for display as kubectl top does', () => {
    assert.equal(formatMillicores(250), '250m');
    assert.equal(formatMillicores(12.3), '12m');
    assert.equal(formatMillicores(0.25), '0.25m');
    assert.equal(formatMillicores(15000), '15');
    assert.equal(formatMiB(512), '512Mi');
    assert.equal(formatMiB(1536), '1.5Gi');
    assert.equal(formatMiB(12.34), '12.3Mi');
    assert.equal(formatMiB(0.25), '256Ki');
  });
});
