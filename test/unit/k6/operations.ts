// Hand-built resolved operations for the generator tests (what the OpenAPI layer produces).
import type { ResolvedOperation } from '../../../src/core/openapi/model';

export function anOperation(over: Partial<ResolvedOperation> = {}): ResolvedOperation {
  return {
    method: 'GET',
    path: '/pets/{petId}',
    operationId: 'showPetById',
    summary: 'Info for a specific pet',
    tags: ['pets'],
    deprecated: false,
    parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } }],
    security: [],
    expectedStatus: 200,
    ...over,
  };
}

/** A POST with a JSON body holding Korean text, a query and a header parameter, bearer auth. */
export function aKoreanPost(): ResolvedOperation {
  return anOperation({
    method: 'POST',
    path: '/stores/{storeId}/items',
    operationId: 'createItem',
    parameters: [
      { name: 'storeId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean', default: false } },
      { name: 'X-Request-Source', in: 'header', required: true, example: 'load-test' },
    ],
    requestBody: {
      required: true,
      contents: [
        {
          mediaType: 'application/json',
          schema: {
            type: 'object',
            required: ['name', 'price'],
            properties: {
              id: { type: 'integer', readOnly: true },
              name: { type: 'string', example: '무선 키보드 — 한글 입력' },
              price: { type: 'integer', minimum: 1000 },
              tags: { type: 'array', items: { type: 'string', enum: ['전자', 'office'] } },
            },
          },
        },
      ],
    },
    security: [[{ name: 'bearerAuth', type: 'http', scheme: 'bearer' }]],
    expectedStatus: 201,
  });
}

/** Every string a spec can carry that would break naive code generation. */
export const hostile = "q'\"`${globalThis.pwned=1}`*/ </script><!-- \u2028\u2029\n\r\\u0041 }); pwned(); //";

/** An operation with `text` in every string the spec controls (call it with `hostile`). */
export function anOperationWithText(text: string): ResolvedOperation {
  const h = (suffix: string) => text + suffix;
  return anOperation({
    method: 'PUT',
    // Braces in a path are template variables by definition, so the path carries the rest.
    path: `/things/{id}/x${h('').replace(/[{}]/g, '')}`,
    operationId: h('op'),
    summary: h('summary'),
    tags: [h('tag')],
    parameters: [
      { name: 'id', in: 'path', required: true, example: h('pathValue') },
      { name: 'q', in: 'query', required: true, example: h('queryValue') },
      { name: 'X-Hostile', in: 'header', required: true, example: h('header') },
      // Not an HTTP token (a space): left out of the request, kept as data in `skipped`.
      { name: h(' name'), in: 'header', required: true, example: h('skipped') },
    ],
    requestBody: {
      required: true,
      contents: [{ mediaType: 'application/json', schema: { type: 'object', properties: hostileProperties(h) } }],
    },
    security: [[{ name: h('scheme'), type: 'apiKey', in: 'header', paramName: 'X-Key-Header' }]],
    expectedStatus: 200,
  });
}

function hostileProperties(h: (s: string) => string): Record<string, unknown> {
  // `__proto__` as an own key (an object literal would set the prototype instead).
  const props = JSON.parse('{"__proto__": {"type": "string", "example": "own property"}}') as Record<string, unknown>;
  props[h('key')] = { type: 'string', example: h('value') };
  return props;
}
