// Which lenses a route gets, against the endpoints registered in a real store: a handler for one
// method matches that operation; a handler for every method (`app.all`, `@All()`) gets a lens
// for each operation documented on its path, or one lens that asks for the method.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Store } from '../../../src/infra/store/store';
import { LensIndex } from '../../../src/vscode/codelens/lensIndex';
import { aServer, anEndpoint } from '../../support/builders';
import { makeTempDir } from '../../support/tempDir';

describe('route lenses: methods against registered endpoints', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  beforeEach(() => {
    tmp = makeTempDir();
    store = Store.open(path.join(tmp.dir, 'metric-vault.db')).store;
    store.servers.upsert(aServer({ baseUrl: 'http://shop.test:8080/api' }));
    store.endpoints.replaceForServer('ext:petstore', 'h1', [
      anEndpoint({ method: 'DELETE', path: '/pets/{petId}' }),
      anEndpoint({ method: 'GET', path: '/pets/{petId}' }),
      anEndpoint({ method: 'PUT', path: '/pets/{petId}' }),
      anEndpoint({ method: 'GET', path: '/health' }),
    ]);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it('an any-method handler gets one lens per documented operation on its full path, in the usual method order', () => {
    const lenses = new LensIndex(store);
    assert.deepEqual(lenses.lensMethods('ANY', '/api/pets/{id}'), ['GET', 'PUT', 'DELETE']);
    assert.deepEqual(
      lenses.endpointsFor('ANY', '/api/pets/{id}').map((e) => e.method),
      ['GET', 'PUT', 'DELETE'],
    );
  });

  it('with a prefix known only at run time, the documented operations are found by suffix', () => {
    assert.deepEqual(new LensIndex(store).lensMethods('ANY', '/pets/{id}', true), ['GET', 'PUT', 'DELETE']);
  });

  it('an any-method handler on an undocumented path gets one ANY lens; a one-method route keeps its method', () => {
    const lenses = new LensIndex(store);
    assert.deepEqual(lenses.lensMethods('ANY', '/api/webhooks'), ['ANY']);
    assert.deepEqual(lenses.lensMethods('POST', '/api/pets/{id}'), ['POST']);
    assert.deepEqual(lenses.endpointsFor('POST', '/api/pets/{id}'), []);
  });
});
