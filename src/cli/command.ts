// The contract every `metric-vault` subcommand follows: declared options (node:util
// parseArgs), a one-line summary for --help, and a run function that returns an exit code.
import type { ParseArgsConfig } from 'node:util';

/** Exit codes of docs/ARCHITECTURE.md (CLI); 99 matches k6's own code for failed thresholds. */
export const ExitCode = { ok: 0, failed: 1, badInput: 2, thresholdsFailed: 99 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI prints as one line (no stack) and exits with the given code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCodeValue = ExitCode.failed) {
    super(message);
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CliInvocation {
  values: OptionValues;
  positionals: string[];
  json: boolean;
  /** The database path: `--db` or the default under the home directory. */
  dbPath: string;
  io: CliIo;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: boolean;
  run(inv: CliInvocation): Promise<number>;
}

/** Reads a string option, or fails with exit code 2 naming the flag when it is required. */
export function stringOption(inv: CliInvocation, name: string, required: true): string;
export function stringOption(inv: CliInvocation, name: string, required?: false): string | undefined;
export function stringOption(inv: CliInvocation, name: string, required = false): string | undefined {
  const v = inv.values[name];
  if (typeof v === 'string' && v.length > 0) return v;
  if (required) throw new CliError(`--${name} is required`, ExitCode.badInput);
  return undefined;
}

/**
 * The script of `run`/`render`: `--script FILE`, or the one positional argument as in
 * `k6 run script.js` (both, or several, are refused).
 */
export function scriptOption(inv: CliInvocation): string {
  const flag = stringOption(inv, 'script');
  if (inv.positionals.length > 1) throw new CliError(`one script at a time, got ${inv.positionals.length}: ${inv.positionals.join(' ')}`, ExitCode.badInput);
  if (flag !== undefined && inv.positionals.length === 1) throw new CliError(`the script is given twice (--script ${flag} and ${inv.positionals[0]}); name it once`, ExitCode.badInput);
  const script = flag ?? inv.positionals[0];
  if (!script) throw new CliError('name the k6 script: --script FILE (or just FILE)', ExitCode.badInput);
  return script;
}

/** Reads a positive integer option. */
export function intOption(inv: CliInvocation, name: string): number | undefined {
  const v = stringOption(inv, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`--${name} must be a positive integer, got "${v}"`, ExitCode.badInput);
  return n;
}
