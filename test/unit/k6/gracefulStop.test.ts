// How a local k6 is stopped: the polite way first (Ctrl+C as k6 understands it on each
// platform), the forced way only after the grace period and only if it still runs. Plain Node:
// Windows is played by the platform parameter and a recording helper runner.
import { strict as assert } from 'node:assert';
import { stopGracefully, windowsConsoleInterruptScript } from '../../../src/infra/k6/gracefulStop';

function harness(platform: NodeJS.Platform, helperExit: (file: string) => number | null = () => 0) {
  const log: string[] = [];
  let running = true;
  let fire: (() => void) | undefined;
  const stopper = stopGracefully(
    { pid: 4242, running: () => running, signal: (s) => log.push(`signal ${s}`) },
    15_000,
    {
      platform,
      exec: async (file, args) => {
        log.push(`${file} ${args.filter((a) => !a.includes('DllImport')).join(' ')}`);
        return helperExit(file);
      },
      setTimer: (fn, ms) => {
        log.push(`timer ${ms}`);
        fire = fn;
        return { cancel: () => (fire = undefined) };
      },
    },
  );
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { log, stopper, settle, exit: () => (running = false), graceOver: () => fire?.() };
}

describe('stopping local k6', () => {
  it('Linux/macOS: SIGINT at once, SIGKILL only if k6 is still running after the grace period', async () => {
    const h = harness('linux');
    await h.settle();
    assert.deepEqual(h.log, ['signal SIGINT', 'timer 15000']);
    h.graceOver();
    await h.settle();
    assert.deepEqual(h.log.slice(2), ['signal SIGKILL']);

    const polite = harness('darwin');
    polite.exit();
    polite.graceOver();
    await polite.settle();
    assert.ok(!polite.log.includes('signal SIGKILL'), 'k6 exited by itself: no kill');
  });

  it('Windows: a Ctrl+C console event on k6\'s console first (no hard kill), taskkill /T /F only after the grace period', async () => {
    const h = harness('win32');
    await h.settle();
    assert.match(h.log[0], /^powershell\.exe -NoLogo -NoProfile -NonInteractive -Command/);
    assert.equal(h.log[1], 'timer 15000');
    assert.equal(h.log.length, 2, 'no taskkill and no signal while k6 stops by itself');
    assert.ok(!h.log.some((l) => l.startsWith('signal')), 'Node\'s kill() is a hard kill on Windows: never used');
    h.graceOver();
    await h.settle();
    assert.deepEqual(h.log.slice(2), ['taskkill.exe /PID 4242 /T /F']);
  });

  it('Windows: when the console event cannot be sent, taskkill without /F asks next; nothing forced once k6 has exited', async () => {
    const h = harness('win32', (file) => (file === 'powershell.exe' ? 3 : 0));
    await h.settle();
    assert.deepEqual(h.log.slice(2), ['taskkill.exe /PID 4242 /T']);
    h.exit();
    h.graceOver();
    await h.settle();
    assert.equal(h.log.length, 3);
  });

  it('the console helper attaches to k6\'s console, ignores the event itself, and raises Ctrl+C (event 0) for that console', () => {
    const script = windowsConsoleInterruptScript(4242);
    const order = ['FreeConsole()', 'AttachConsole(4242)', 'SetConsoleCtrlHandler([System.IntPtr]::Zero, $true)', 'GenerateConsoleCtrlEvent(0, 0)'].map((call) => script.indexOf(`$k::${call}`));
    assert.ok(order.every((i) => i > 0), script);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'in this order');
  });
});
