import * as vscode from 'vscode';
import { Ctx } from './context';
import { features } from './features';
import type { CommandHandler } from './feature';
import { createServices, type Services } from './services';

export interface MetricVaultApi {
  /** Command ids this activation registered (used by the contribution check). */
  readonly commands: readonly string[];
}

export async function activate(extension: vscode.ExtensionContext): Promise<MetricVaultApi | undefined> {
  try {
    const ctx = await Ctx.create(extension);
    extension.subscriptions.push(ctx);
    const services = createServices(ctx);
    const commands = registerCommands(ctx, services);
    for (const feature of features) await feature.activate?.(ctx, services);
    ctx.output.info(`Activated; registered commands: ${JSON.stringify(commands)}`);
    return { commands };
  } catch (err) {
    void vscode.window.showErrorMessage(`Metric Vault failed to start: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is disposed through the subscriptions of the extension context.
}

/** Registers every feature's command table; returns the ids. */
function registerCommands(ctx: Ctx, services: Services): string[] {
  const ids: string[] = [];
  for (const feature of features) {
    for (const [id, make] of Object.entries(feature.commands ?? {})) {
      ctx.register(vscode.commands.registerCommand(id, guard(ctx, id, make(ctx, services))));
      ids.push(id);
    }
  }
  return ids;
}

/** A command that throws shows one error message and a log line, never an unhandled rejection. */
function guard(ctx: Ctx, id: string, handler: CommandHandler): CommandHandler {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.output.error(`${id}: ${message}`);
      const choice = await vscode.window.showErrorMessage(`Metric Vault: ${message}`, 'Show Log');
      if (choice === 'Show Log') ctx.output.show();
      return undefined;
    }
  };
}
