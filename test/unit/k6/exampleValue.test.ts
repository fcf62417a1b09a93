import { strict as assert } from 'node:assert';
import { exampleFromSchema, jsData, jsString } from '../../../src/core/k6';

describe('example values from schemas', () => {
  it('prefers examples > example > default > enum > a value made from the type', () => {
    const s = { type: 'string', examples: ['from examples'], example: 'from example', default: 'from default', enum: ['from enum'] };
    assert.equal(exampleFromSchema(s), 'from examples');
    assert.equal(exampleFromSchema({ ...s, examples: undefined }), 'from example');
    assert.equal(exampleFromSchema({ type: 'string', default: 'd', enum: ['e'] }), 'd');
    assert.equal(exampleFromSchema({ type: 'string', enum: [null, 'e'] }), 'e');
    assert.equal(exampleFromSchema({ type: 'string' }), 'string');
  });

  it('is format-aware and respects bounds', () => {
    assert.equal(exampleFromSchema({ type: 'string', format: 'uuid' }), '3fa85f64-5717-4562-b3fc-2c963f66afa6');
    assert.equal(exampleFromSchema({ type: 'string', format: 'date' }), '2024-01-01');
    assert.equal(exampleFromSchema({ type: 'string', format: 'date-time' }), '2024-01-01T00:00:00Z');
    assert.equal(exampleFromSchema({ type: 'integer', minimum: 10 }), 10);
    assert.equal(exampleFromSchema({ type: 'integer', exclusiveMinimum: 10 }), 11);
    assert.equal(exampleFromSchema({ type: 'integer', maximum: 0 }), 0);
    assert.equal(exampleFromSchema({ type: 'string', minLength: 8 }), 'stringxx');
    assert.equal(exampleFromSchema({ type: 'string' }, { name: 'petId' }), '1');
    assert.deepEqual(exampleFromSchema({ type: 'array', minItems: 2, items: { type: 'boolean' } }), [true, true]);
    assert.deepEqual(exampleFromSchema({ type: ['null', 'integer'] }), 1);
  });

  it('merges allOf, picks the first usable oneOf/anyOf, leaves readOnly properties out of requests', () => {
    const pet = { type: 'object', required: ['name'], properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string', example: 'Rex' } } };
    assert.deepEqual(exampleFromSchema({ allOf: [pet, { type: 'object', properties: { tag: { type: 'string' } } }] }), { name: 'Rex', tag: 'string' });
    assert.deepEqual(exampleFromSchema({ anyOf: [{ type: 'null' }, { type: 'integer' }] }), 1);
    assert.deepEqual(exampleFromSchema(pet, { forRequest: false }), { name: 'Rex', id: 1 });
  });

  it('terminates on cyclic schemas (a $ref graph resolved to the same objects)', () => {
    const node: Record<string, unknown> = { type: 'object', required: ['value'], properties: { value: { type: 'string' } } };
    (node.properties as Record<string, unknown>).next = node;
    (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
    const a: Record<string, unknown> = { type: 'object', properties: {} };
    const b: Record<string, unknown> = { type: 'object', required: ['a'], properties: { a } };
    (a.properties as Record<string, unknown>).b = b;
    assert.deepEqual(exampleFromSchema(node), { value: 'string', children: [] });
    assert.deepEqual(exampleFromSchema(a), { b: { a: null } });
    const deep = { type: 'object', properties: {} as Record<string, unknown> };
    let cur = deep;
    for (let i = 0; i < 50; i++) {
      const next = { type: 'object', properties: {} as Record<string, unknown> };
      cur.properties.x = next;
      cur = next;
    }
    assert.ok(JSON.stringify(exampleFromSchema(deep)).length < 100, 'depth is bounded');
  });
});

describe('spec text as script data', () => {
  it('escapes U+2028/U+2029 and keeps everything else a plain JSON string', () => {
    assert.equal(jsString('a\u2028b\u2029c'), '"a\\u2028b\\u2029c"');
    assert.equal(jsString('`${x}` */ </script>'), '"`${x}` */ </script>"');
    assert.equal(jsString('\ud800'), '"\\ud800"', 'lone surrogates cannot make the file invalid UTF-8');
  });

  it('keeps __proto__ an own property and cuts cycles', () => {
    const data = JSON.parse('{"__proto__": 1, "a": [1, {"b": "c"}]}') as unknown;
    const text = jsData(data);
    assert.match(text, /\["__proto__"\]: 1/);
    const back = new Function(`return ${text};`)() as Record<string, unknown>;
    assert.deepEqual(Object.keys(back), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.equal(jsData(cyclic), '{ "a": 1, "self": null }');
  });
});
