import { strict as assert } from 'node:assert';
import { declaredBasePath, registeredBaseUrl, scriptBaseUrl } from '../../../src/core/openapi/baseUrl';
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

describe('the base URL of a registered server', () => {
  const doc = (extra: Record<string, unknown>, url = 'http://svc:8080/openapi.json') => listOperations({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, ...extra }, url).servers;

  it('is where the service runs plus the path a relative server declares', () => {
    assert.equal(registeredBaseUrl('http://svc.test.svc.cluster.local:8080', doc({ servers: [{ url: '/api/v3' }] })), 'http://svc.test.svc.cluster.local:8080/api/v3');
    // Read through the API server's service proxy: the proxy's own path is not the API's.
    const proxy = 'https://10.0.0.1:6443/api/v1/namespaces/test/services/svc:8080/proxy';
    assert.equal(registeredBaseUrl('http://svc.test.svc.cluster.local:8080', doc({ servers: [{ url: '/api/v3' }] }, `${proxy}/api/v3/openapi.json`), '/api/v1/namespaces/test/services/svc:8080/proxy'), 'http://svc.test.svc.cluster.local:8080/api/v3');
    assert.equal(registeredBaseUrl('http://svc:8080', doc({ servers: [{ url: 'v2' }] }, `${proxy}/docs/openapi.json`), '/api/v1/namespaces/test/services/svc:8080/proxy'), 'http://svc:8080/docs/v2');
  });

  it('takes the path of an absolute server (springdoc\'s http://localhost:8080/api), with variables at their defaults', () => {
    assert.equal(registeredBaseUrl('http://svc:8080', doc({ servers: [{ url: 'http://localhost:8080/api' }] })), 'http://svc:8080/api');
    const vars = doc({ servers: [{ url: '{scheme}://developer.example.com/{base}', variables: { scheme: { default: 'https', enum: ['https', 'http'] }, base: { default: 'ds-api' } } }] });
    assert.equal(registeredBaseUrl('http://svc:8080', vars), 'http://svc:8080/ds-api');
    // A variable without a default gives no path to use; the next server does.
    assert.equal(declaredBasePath(['https://{region}.example.com/{v}', '/v1']), '/v1');
  });

  it('Swagger 2.0: the basePath, with or without a host', () => {
    const noHost = listOperations({ swagger: '2.0', info: { title: 't', version: '1' }, basePath: '/api/v2/', paths: {} }).servers;
    assert.equal(registeredBaseUrl('http://svc:8080/', noHost), 'http://svc:8080/api/v2');
    const withHost = listOperations({ swagger: '2.0', info: { title: 't', version: '1' }, host: 'petstore.swagger.io', basePath: '/v2', paths: {} }).servers;
    assert.equal(registeredBaseUrl('http://127.0.0.1:9000', withHost), 'http://127.0.0.1:9000/v2');
  });

  it('no declared path, or one the registered URL already has, leaves the registered URL as it is', () => {
    assert.equal(registeredBaseUrl('http://svc:8080', doc({})), 'http://svc:8080');
    assert.equal(registeredBaseUrl('http://svc:8080/', doc({ servers: [{ url: '/' }] })), 'http://svc:8080');
    assert.equal(registeredBaseUrl('https://host/shop/api', ['/api']), 'https://host/shop/api');
    // An ingress prefix the application does not know about, and one it does.
    assert.equal(registeredBaseUrl('https://host/shop', ['/api']), 'https://host/shop/api');
    assert.equal(registeredBaseUrl('https://host/shop', ['/shop/api']), 'https://host/shop/api');
  });
});
