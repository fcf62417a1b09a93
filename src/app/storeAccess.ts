import { Store } from '../infra/store/store';

export { defaultCliDatabasePath } from '../infra/store/store';
export type { Store } from '../infra/store/store';

/**
 * Opens the store for one piece of work and closes it after. When the file was unreadable
 * and had to be moved aside, `notify` hears where it went — nothing is deleted silently.
 */
export async function withStore<T>(dbPath: string, notify: (message: string) => void, work: (store: Store) => T | Promise<T>): Promise<T> {
  const { store, movedAsideTo } = Store.open(dbPath);
  if (movedAsideTo) notify(`The database ${dbPath} could not be read; it was moved to ${movedAsideTo} and a new one was created.`);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
