// `metric-vault`: the headless face of the same core, for CI pipelines and scripts.
import { parseArgs } from 'node:util';
import { defaultCliDatabasePath } from '../app/storeAccess';
import { InlineEngine, setDocumentEngine } from '../infra/openapi/index';
import { type CliCommand, CliError, type CliIo, ExitCode } from './command';
import { commands } from './commands/index';

const globalOptions = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  db: { type: 'string' },
} as const;

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: metric-vault <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --json       print machine-readable JSON',
    '  --db PATH    the run database (default ~/.metric-vault/metric-vault.db)',
    '  -h, --help   show help for a command',
    '',
    'Exit codes: 0 ok, 1 failure, 2 bad input, 99 thresholds failed.',
  ].join('\n');
}

function commandHelp(c: CliCommand): string {
  const flags = Object.keys(c.options).map((o) => `--${o}`);
  return [`${c.summary}`, '', `Usage: ${c.usage}`, flags.length ? `Options: ${flags.join(', ')}, --json, --db` : ''].join('\n').trimEnd();
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? ExitCode.ok : ExitCode.badInput;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return ExitCode.badInput;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...globalOptions, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
    if (values.help) {
      io.out(commandHelp(command));
      return ExitCode.ok;
    }
    const dbPath = typeof values.db === 'string' ? values.db : defaultCliDatabasePath();
    return await command.run({ values, positionals, json: values.json === true, dbPath, io });
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`metric-vault ${name}: ${err.message}`);
      return err.exitCode;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`metric-vault ${name}: ${(err as Error).message}\nUsage: ${command.usage}`);
      return ExitCode.badInput;
    }
    io.err(`metric-vault ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return ExitCode.failed;
  }
}

/**
 * Output to a reader that went away (`metric-vault openapi doc.yaml | head -1`) is dropped
 * quietly, as Unix tools do: the command finishes with its own exit code and no stack trace.
 * Any other stream error is still reported.
 */
export function quietOnBrokenPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let broken = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') broken = true;
    else process.stderr.write(`metric-vault: cannot write output: ${err.message}\n`);
  });
  return (text) => {
    if (!broken) stream.write(text + '\n');
  };
}

if (require.main === module) {
  // No UI thread to keep responsive here: documents are parsed in this thread, which spares a
  // worker's start-up and its fresh heap's collections (about half the CPU of listing a 4 MB JSON document).
  setDocumentEngine(new InlineEngine());
  const io: CliIo = {
    out: quietOnBrokenPipe(process.stdout),
    err: quietOnBrokenPipe(process.stderr),
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      io.err(`metric-vault: ${String(err)}`);
      process.exitCode = ExitCode.failed;
    },
  );
}
