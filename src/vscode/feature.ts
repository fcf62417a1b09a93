// A feature is one area of the extension (runs, pods, endpoints, scripts, results): a table of
// command handlers plus whatever views and providers it sets up. activate() registers them all.
// Both receive the context and the activation's services (constructor injection, no lookups).
import type { Ctx } from './context';
import type { Services } from './services';

// Command arguments come from VS Code (tree nodes, URIs, CodeLens arguments) untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (...args: any[]) => unknown;
export type CommandTable = Record<string, (ctx: Ctx, services: Services) => CommandHandler>;

export interface Feature {
  readonly name: string;
  readonly commands?: CommandTable;
  /** Creates views/providers; anything long-lived is registered on ctx. Must not block on I/O. */
  activate?(ctx: Ctx, services: Services): void | Promise<void>;
}
