// Waiting for something a watch or worker will do, without timed assertions: polls a
// condition on each event-loop turn and fails with a description if it never comes true.
export async function waitUntil(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
