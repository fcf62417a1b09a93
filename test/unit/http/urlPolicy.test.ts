import { strict as assert } from 'node:assert';
import { inScope, isLinkLocalAddress, outsideScopeOnSameOrigin } from '../../../src/infra/http/urlPolicy';

const scope = 'https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxy/';

describe('credential scope (a service proxy path on the API server)', () => {
  it('covers the service’s own paths', () => {
    for (const u of ['proxy/', 'proxy/openapi.json', 'proxy/docs/swagger-initializer.js?x=1', 'proxy']) {
      assert.equal(inScope(new URL(`https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/${u}`), scope), true, u);
    }
  });

  it('leaves out the rest of the API server, other services and ports, and path tricks', () => {
    const outside = [
      'https://10.0.0.1:6443/api/v1/secrets',
      'https://10.0.0.1:6443/api/v1/namespaces/test/secrets/db',
      'https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:8080/proxy/openapi.json',
      'https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxyx/openapi.json',
      'https://10.0.0.1:6443/api/v1/namespaces/test/services/other:80/proxy/openapi.json',
      'https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxy/../../../../secrets',
      'https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxy/%2e%2e/%2e%2e/secrets',
      'https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxy/..%2f..%2f..%2fsecrets',
      'https://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxy/..%5c..%5csecrets',
      'https://user:pw@10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxy/x',
    ];
    for (const u of outside) {
      assert.equal(inScope(new URL(u), scope), false, u);
      assert.equal(outsideScopeOnSameOrigin(new URL(u), scope), true, u);
    }
    for (const u of ['http://10.0.0.1:6443/api/v1/namespaces/test/services/shop:80/proxy/x', 'https://10.0.0.2:6443/api/v1/namespaces/test/services/shop:80/proxy/x', 'https://cdn.example/doc.json']) {
      assert.equal(inScope(new URL(u), scope), false, u);
      assert.equal(outsideScopeOnSameOrigin(new URL(u), scope), false, u);
    }
  });
});

describe('link-local and metadata addresses', () => {
  it('recognises 169.254/16, fe80::/10, fd00:ec2::254 and the IPv4-mapped, -compatible and NAT64 spellings', () => {
    for (const a of ['169.254.169.254', '169.254.0.1', '[::ffff:169.254.169.254]', '::ffff:a9fe:a9fe', 'fd00:ec2::254', '[fd00:ec2:0::254]', 'fe80::1', '::a9fe:a9fe', '64:ff9b::a9fe:a9fe']) {
      assert.equal(isLinkLocalAddress(a), true, a);
    }
    // The URL parser normalises decimal and hex spellings of 169.254.169.254 before we look.
    assert.equal(isLinkLocalAddress(new URL('http://2852039166/').hostname), true);
    assert.equal(isLinkLocalAddress(new URL('http://0xa9fea9fe/').hostname), true);
  });

  it('leaves ordinary addresses and host names alone', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '169.255.0.1', '::1', 'fd00:ec2::253', '::ffff:10.0.0.1', 'metadata.example', 'localhost']) assert.equal(isLinkLocalAddress(a), false, a);
  });
});
