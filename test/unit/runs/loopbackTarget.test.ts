import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateK6Script } from '../../../src/core/k6';
import { anOperation } from '../k6/operations';
import { isLoopbackUrl, loopbackBaseUrl, scriptBaseUrlDefault } from '../../../src/core/runs/loopbackTarget';

describe('loopback BASE_URL before a cluster run', () => {
  it('reads the default BASE_URL the templates write', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../k6-templates/stress.js'), 'utf8');
    assert.equal(scriptBaseUrlDefault(text), 'http://localhost:8080');
    assert.equal(scriptBaseUrlDefault(`const B = __ENV["BASE_URL"] ?? "http://127.0.0.1:8081/api";`), 'http://127.0.0.1:8081/api');
    assert.equal(scriptBaseUrlDefault('const B = __ENV.BASE_URL;'), undefined);
    const generated = generateK6Script({ operations: [anOperation()], baseUrl: 'http://127.0.0.1:8081/api', profile: 'smoke' });
    assert.equal(scriptBaseUrlDefault(generated), 'http://127.0.0.1:8081/api');
  });

  it('tells loopback hosts from cluster and external ones', () => {
    for (const u of ['http://localhost:8080', 'http://LOCALHOST', 'http://app.localhost:3000', 'http://127.0.0.1:8081/api', 'https://127.3.4.5', 'http://[::1]:8080', 'http://0.0.0.0:80', 'localhost:8081/api', 'http://[::ffff:127.0.0.1]/']) {
      assert.ok(isLoopbackUrl(u), u);
    }
    for (const u of ['http://shop-api.test.svc.cluster.local:8000', 'https://staging.example.com', 'http://10.0.0.12:8080', 'http://128.0.0.1', 'not a url at all', 'http://localhost.example.com']) {
      assert.ok(!isLoopbackUrl(u), u);
    }
  });

  it("the run's target wins over the script's default", () => {
    const text = `const BASE_URL = __ENV.BASE_URL || 'http://localhost:8000';`;
    assert.equal(loopbackBaseUrl(text, undefined), 'http://localhost:8000');
    assert.equal(loopbackBaseUrl(text, 'http://shop-api.test.svc.cluster.local:8000'), undefined);
    assert.equal(loopbackBaseUrl(`const BASE_URL = __ENV.BASE_URL || 'https://api.example.com';`, 'http://127.0.0.1:8081'), 'http://127.0.0.1:8081');
  });
});
