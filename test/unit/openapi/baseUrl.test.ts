import { strict as assert } from 'node:assert';
import { scriptBaseUrl } from '../../../src/core/openapi/baseUrl';
import { listOperations } from '../../../src/core/openapi/listOperations';

describe('the BASE_URL of a generated script', () => {
  it('is the first absolute server, or the user\'s --base-url', () => {
    assert.deepEqual(scriptBaseUrl(['/v3', 'https://api.example.com/v1/']), { url: 'https://api.example.com/v1' });
    assert.deepEqual(scriptBaseUrl(['https://api.example.com'], 'http://127.0.0.1:8080/'), { url: 'http://127.0.0.1:8080' });
  });

  it('is never relative: Swagger 2.0 without host, relative servers and unfilled variables ask for --base-url', () => {
    const swagger = listOperations({ swagger: '2.0', info: { title: 't', version: '1' }, basePath: '/api/v2', paths: {} });
    const noHost = scriptBaseUrl(swagger.servers);
    assert.ok('problem' in noHost);
    assert.match(noHost.problem, /its servers are "\/api\/v2"\. Pass --base-url http:\/\/host:port\/api\/v2/);
    const relative = listOperations({ openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: '/v3' }], paths: {} });
    assert.ok('problem' in scriptBaseUrl(relative.servers));
    const vars = listOperations({ openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: '{scheme}://{host}/api', variables: { scheme: { enum: ['https'] } } }], paths: {} });
    assert.match((scriptBaseUrl(vars.servers) as { problem: string }).problem, /\{scheme\}:\/\/\{host\}\/api/);
    assert.match((scriptBaseUrl([]) as { problem: string }).problem, /names no server/);
  });
});
