import { strict as assert } from 'node:assert';
import { generateK6Script } from '../../src/core/k6';
import { countOf } from '../../src/core/plural';
import { anOperation } from './k6/operations';

describe('counts in words', () => {
  it('says "1 request/s" and "2 requests/s", never "1 requests/s"', () => {
    assert.equal(countOf(1, 'request', 'requests', '/s'), '1 request/s');
    assert.equal(countOf(2, 'request', 'requests', '/s'), '2 requests/s');
    assert.equal(countOf(0, 'operation'), '0 operations');
    assert.equal(countOf(1, 'virtual user'), '1 virtual user');
  });

  it('a generated script at one iteration per second says so in the singular', () => {
    const text = generateK6Script({ operations: [anOperation()], baseUrl: 'http://127.0.0.1:8000', profile: 'average', load: { model: 'rate', amount: 1 } });
    assert.match(text, /1 iteration\/s\b/);
    assert.doesNotMatch(text, /1 iterations\/s/);
  });
});
