import { strict as assert } from 'node:assert';
import { maxPngDataUrlLength, parseWebviewMessage, pngBytesFromDataUrl } from '../../../src/core/panelProtocol';

const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('results panel protocol: messages from the webview', () => {
  it('accepts every well-formed request and returns only its known fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'openScript', path: '/etc/passwd' }), { type: 'openScript' });
    assert.deepEqual(parseWebviewMessage({ type: 'filter', filter: 'k6' }), { type: 'filter', filter: 'k6' });
    assert.deepEqual(parseWebviewMessage({ type: 'filter', filter: 'resources' }), { type: 'filter', filter: 'resources' });
    assert.deepEqual(parseWebviewMessage({ type: 'export', what: 'csv', file: '../../x' }), { type: 'export', what: 'csv' });
    assert.deepEqual(parseWebviewMessage({ type: 'export', what: 'report', format: 'sh' }), { type: 'export', what: 'report' }, 'the host asks for the format itself');
    assert.deepEqual(parseWebviewMessage({ type: 'export', what: 'json' }), { type: 'export', what: 'json' });
    assert.deepEqual(parseWebviewMessage({ type: 'export', what: 'png', chart: 'latency', dataUrl: png }), { type: 'export', what: 'png', chart: 'latency', dataUrl: png });
  });

  it('rejects anything else: unknown types, wrong field types, commands, prototypes', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'ready',
      42,
      [],
      ['ready'],
      {},
      { type: 'READY' },
      { type: 'executeCommand', command: 'workbench.action.terminal.new' },
      { type: 'filter' },
      { type: 'filter', filter: 'everything' },
      { type: 'filter', filter: ['k6'] },
      { type: 'export' },
      { type: 'export', what: 'pdf' },
      { type: 'export', what: 'png', chart: 'latency' },
      { type: 'export', what: 'png', chart: 'nope', dataUrl: png },
      { type: 'export', what: 'png', chart: 'latency', dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' },
      { type: 'export', what: 'png', chart: 'latency', dataUrl: 'javascript:alert(1)' },
      { type: 'export', what: 'png', chart: 'latency', dataUrl: png + '"><script>' },
      { type: 'export', what: 'png', chart: 'latency', dataUrl: 'data:image/png;base64,iVBORw0KGgoA' + 'A' },
      { type: 'export', what: 'png', chart: 'latency', dataUrl: 'data:image/png;base64,' + 'A'.repeat(maxPngDataUrlLength) },
      { type: 'export', what: 'png', chart: 'toString', dataUrl: png },
      JSON.parse('{"__proto__": {"type": "ready"}}'),
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m)?.slice(0, 80));
  });

  it('decodes an exported PNG to its bytes (with the PNG signature)', () => {
    const bytes = pngBytesFromDataUrl(png);
    assert.deepEqual([...bytes.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
