// The core event emitter: a throwing listener neither stops the others nor vanishes silently.
import { strict as assert } from 'node:assert';
import { Emitter, setListenerErrorReporter } from '../../src/core/events';

describe('event emitter', () => {
  it('a listener that throws is logged with the event name; the other listeners still hear the event', () => {
    const logged: string[] = [];
    const restore = setListenerErrorReporter((message) => logged.push(message));
    try {
      const e = new Emitter<number>('run changes');
      const heard: number[] = [];
      e.event(() => {
        throw new Error('tree refresh failed');
      });
      e.event((v) => heard.push(v));
      e.fire(7);
      assert.deepEqual(heard, [7]);
      assert.equal(logged.length, 1);
      assert.match(logged[0], /^A listener of run changes failed: Error: tree refresh failed/);
    } finally {
      restore();
    }
  });

  it('a reporter that throws does not break the producer', () => {
    const restore = setListenerErrorReporter(() => {
      throw new Error('log closed');
    });
    try {
      const e = new Emitter<void>();
      e.event(() => {
        throw new Error('x');
      });
      assert.doesNotThrow(() => e.fire());
    } finally {
      restore();
    }
  });
});
