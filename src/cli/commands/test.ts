import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runConversationScript } from '../../bot/testing/conversation-runner';
import { loadConversationScript } from '../../bot/testing/conversation-script';
import { createDemoHarnessFactory } from '../../demo/demo-harness';

/** Where the demo bot's conversation scripts live. */
export const DEFAULT_SCRIPT_DIR = 'test/conversations';

/** The `.yaml` files under the given files or folders. */
export function scriptFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
          .sort()
          .map((f) => join(path, f))
      : [path],
  );
}

/** Indents every line of a (multi-line: SMS with choices, lists) transcript entry. */
function indent(text: string, by: string): string {
  return by + text.replace(/\n/g, `\n${by}  `);
}

/**
 * `switchboard test [files|dirs] [--model DIR] [--channel NAME]`: runs conversation scripts against
 * the demo bot on every channel they name and prints a readable pass/fail report with diffs.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string' }, channel: { type: 'string' } },
  });
  const files = scriptFiles(positionals.length > 0 ? positionals : [DEFAULT_SCRIPT_DIR]);
  const factory = await createDemoHarnessFactory({ modelDir: values.model });
  let failed = 0;
  let passed = 0;
  try {
    for (const file of files) {
      const script = loadConversationScript(file);
      for (const channel of script.channels.filter((c) => !values.channel || c === values.channel)) {
        const result = await runConversationScript(script, channel, factory.create);
        process.stdout.write(`${result.passed ? 'PASS' : 'FAIL'}  ${script.name} [${channel}]\n`);
        if (result.passed) passed++;
        else {
          failed++;
          for (const failure of result.failures) process.stdout.write(`      ${failure}\n`);
          process.stdout.write(
            `      transcript:\n${result.transcript.map((l) => indent(l, '        ')).join('\n')}\n`,
          );
        }
      }
    }
  } finally {
    await factory.close();
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
