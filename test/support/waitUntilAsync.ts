// Waiting for what a controller will do on the real control plane: polls an async condition
// (an API read) every 250 ms and fails with a description if it never comes true.
export async function waitUntilAsync(condition: () => Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > limitMs) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
