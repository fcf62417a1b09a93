// The demo API's OpenAPI 3.0 document. Kept beside the handlers in server.ts; a test checks
// that every documented operation answers.

export function demoOpenApi(serverUrl: string): Record<string, unknown> {
  const item = { $ref: '#/components/schemas/Item' };
  const itemId = { name: 'itemId', in: 'path', required: true, description: 'Item id', schema: { type: 'integer', minimum: 1 }, example: 1 };
  const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Metric Vault Demo API',
      version: '1.0.0',
      description: 'A small shop API for trying Metric Vault: items with path and query parameters and JSON bodies, a Korean greeting, a slow endpoint and a flaky one.',
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'items', description: 'The item catalogue' },
      { name: 'greetings', description: '인사말 — Korean text' },
      { name: 'chaos', description: 'Slow and flaky endpoints for load tests' },
      { name: 'echo', description: 'Echoes what it received' },
      { name: 'admin', description: 'Needs a bearer token' },
    ],
    paths: {
      '/health': { get: { operationId: 'health', summary: 'Health check', responses: { '200': { description: 'OK' } } } },
      '/items': {
        get: {
          tags: ['items'],
          operationId: 'listItems',
          summary: 'List items',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 }, example: 10 },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'q', in: 'query', description: 'Search in names and descriptions', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'Items', content: { 'application/json': { schema: { type: 'array', items: item } } } } },
        },
        post: {
          tags: ['items'],
          operationId: 'createItem',
          summary: 'Create an item',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewItem' }, example: { name: '무선 마우스', price: 29000, description: '조용한 클릭 (quiet click)' } } },
          },
          responses: { '201': { description: 'Created', content: { 'application/json': { schema: item } } }, '400': error },
        },
      },
      '/items/{itemId}': {
        parameters: [itemId],
        get: { tags: ['items'], operationId: 'getItem', summary: 'Get one item', responses: { '200': { description: 'The item', content: { 'application/json': { schema: item } } }, '404': error } },
        put: {
          tags: ['items'],
          operationId: 'updateItem',
          summary: 'Replace an item',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewItem' } } } },
          responses: { '200': { description: 'Updated', content: { 'application/json': { schema: item } } }, '400': error, '404': error },
        },
        delete: { tags: ['items'], operationId: 'deleteItem', summary: 'Delete an item', responses: { '204': { description: 'Deleted' }, '404': error } },
      },
      '/v1/items': {
        get: { tags: ['items'], operationId: 'listItemsV1', summary: 'List items (old version)', deprecated: true, responses: { '200': { description: 'Items' } } },
      },
      '/greetings': {
        get: {
          tags: ['greetings'],
          operationId: 'greet',
          summary: '한국어 인사말 (a Korean greeting)',
          parameters: [{ name: 'name', in: 'query', schema: { type: 'string' }, example: '지민' }],
          responses: { '200': { description: 'A greeting', content: { 'application/json': { schema: { $ref: '#/components/schemas/Greeting' } } } } },
        },
        post: {
          tags: ['greetings'],
          operationId: 'greetBody',
          summary: 'Greet the name in the body',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', example: '김철수' } } } } } },
          responses: { '200': { description: 'A greeting', content: { 'application/json': { schema: { $ref: '#/components/schemas/Greeting' } } } }, '400': error },
        },
      },
      '/slow': {
        get: {
          tags: ['chaos'],
          operationId: 'slow',
          summary: 'Answers after a delay',
          parameters: [{ name: 'delayMs', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 10000, default: 800 } }],
          responses: { '200': { description: 'Done waiting' } },
        },
      },
      '/flaky': {
        get: {
          tags: ['chaos'],
          operationId: 'flaky',
          summary: 'Fails now and then (HTTP 503)',
          parameters: [{ name: 'failRate', in: 'query', schema: { type: 'number', minimum: 0, maximum: 1, default: 0.2 } }],
          responses: { '200': { description: 'Worked this time' }, '503': error },
        },
      },
      '/echo': {
        post: {
          tags: ['echo'],
          operationId: 'echo',
          summary: 'Echo the request (method, path, query, headers, body bytes)',
          requestBody: { content: { 'application/json': { schema: { type: 'object' } }, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          responses: { '200': { description: 'What was received', content: { 'application/json': { schema: { $ref: '#/components/schemas/Echo' } } } } },
        },
      },
      '/echo/{rest}': {
        parameters: [{ name: 'rest', in: 'path', required: true, description: 'Any path below /echo/', schema: { type: 'string' } }],
        get: { tags: ['echo'], operationId: 'echoGet', summary: 'Echo a GET', responses: { '200': { description: 'What was received' } } },
        put: { tags: ['echo'], operationId: 'echoPut', summary: 'Echo a PUT', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { '200': { description: 'What was received' } } },
        patch: { tags: ['echo'], operationId: 'echoPatch', summary: 'Echo a PATCH', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { '200': { description: 'What was received' } } },
        delete: { tags: ['echo'], operationId: 'echoDelete', summary: 'Echo a DELETE', responses: { '200': { description: 'What was received' } } },
      },
      '/admin/stats': {
        get: {
          tags: ['admin'],
          operationId: 'adminStats',
          summary: 'Request counters (bearer token "demo-token")',
          security: [{ bearerAuth: [] }],
          responses: { '200': { description: 'Counters' }, '401': error },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: {
        NewItem: {
          type: 'object',
          required: ['name', 'price'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100, example: '기계식 키보드' },
            price: { type: 'integer', minimum: 0, example: 45000 },
            description: { type: 'string', description: 'Free text; Korean welcome', example: '한글 설명 (Korean description)' },
          },
        },
        Item: { allOf: [{ $ref: '#/components/schemas/NewItem' }, { type: 'object', required: ['id'], properties: { id: { type: 'integer', example: 1 } } }] },
        Greeting: { type: 'object', properties: { message: { type: 'string', example: '안녕하세요, 지민님!' }, lang: { type: 'string', example: 'ko' } } },
        Echo: {
          type: 'object',
          properties: {
            method: { type: 'string' },
            path: { type: 'string' },
            query: { type: 'object', additionalProperties: true },
            headers: { type: 'object', additionalProperties: { type: 'string' } },
            bodyLength: { type: 'integer' },
            bodyBase64: { type: 'string' },
            bodyHex: { type: 'string' },
            bodySha256: { type: 'string' },
          },
        },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      },
    },
  };
}
