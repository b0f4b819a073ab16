#!/usr/bin/env node
import { hasErrorCode } from '../errors';

/** A CLI command module: `src/cli/commands/<name>.ts` exporting `run`. */
interface CommandModule {
  run(args: string[]): Promise<number>;
}

/** The commands `switchboard` knows, with one line each for `--help`. */
export const COMMANDS = {
  serve: 'Run the server (web chat, channels, agent console).',
  chat: 'Chat with the bot in this terminal, in-process.',
  train: 'Train the intent classifier from the bot data into a model folder.',
  eval: 'Evaluate a model: accuracy, out-of-scope recall, per-intent figures.',
  faq: 'Knowledge base tools: check the FAQ files, list unanswered questions.',
  test: 'Run conversation scripts (test/conversations/*.yaml) on every channel.',
  customer: 'Export (JSON) or erase one customer everywhere: customer export|erase --id <channel>:<userId>.',
  report: 'Analytics metrics per day, intent and channel, as CSV or JSON.',
  agents: 'Agent accounts in the database: agents list|add|remove (password from stdin).',
} as const;

/**
 * Lazy, static `require`s: a command loads only its own modules, and every runner (tsx's CommonJS
 * hook in bin/switchboard.js, jest, node on compiled output) resolves these literal paths.
 */
const COMMAND_MODULES: Record<keyof typeof COMMANDS, () => CommandModule> = {
  serve: () => require('./commands/serve') as CommandModule,
  chat: () => require('./commands/chat') as CommandModule,
  train: () => require('./commands/train') as CommandModule,
  eval: () => require('./commands/eval') as CommandModule,
  faq: () => require('./commands/faq') as CommandModule,
  test: () => require('./commands/test') as CommandModule,
  customer: () => require('./commands/customer') as CommandModule,
  report: () => require('./commands/report') as CommandModule,
  agents: () => require('./commands/agents') as CommandModule,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(8)} ${text}`);
  return ['Usage: switchboard <command> [options]', '', 'Commands:', ...lines, ''].join('\n');
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  const command = COMMAND_MODULES[name as keyof typeof COMMAND_MODULES]();
  return command.run(args);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const prefix = hasErrorCode(error) ? `${error.code}: ` : '';
      process.stderr.write(`${prefix}${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
