/** @jest-environment ./test/nlu/onnx-environment.ts */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConversationScript } from '../../src/bot/testing/conversation-runner';
import { loadConversationScript } from '../../src/bot/testing/conversation-script';
import { scriptFiles } from '../../src/cli/commands/test';
import { run as train } from '../../src/cli/commands/train';
import { createDemoHarnessFactory, type DemoHarnessFactory } from '../../src/demo/demo-harness';

/**
 * Runs every conversation script in test/conversations on every channel it names, against the demo
 * bot with an intent model trained here from models/nlu (so the scripts always test the current data).
 */
const scripts = scriptFiles([join(__dirname, '..', 'conversations')]).map((file) =>
  loadConversationScript(file),
);

describe('conversation scripts', () => {
  const modelDir = mkdtempSync(join(tmpdir(), 'swb-conversations-'));
  let factory: DemoHarnessFactory;

  beforeAll(async () => {
    expect(await train(['--out', modelDir, '--quiet'])).toBe(0);
    factory = await createDemoHarnessFactory({ modelDir });
  }, 120_000);

  afterAll(async () => {
    await factory?.close();
    rmSync(modelDir, { recursive: true, force: true });
  });

  it('has scripts for every demo dialog, each on all four channels (caller ID exists only on SMS and voice)', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(19);
    const partial = scripts.filter((s) => s.channels.length < 4).map((s) => s.name);
    expect(partial).toEqual([expect.stringMatching(/^On SMS and voice/)]);
  });

  for (const script of scripts) {
    for (const channel of script.channels) {
      it(`${script.name} [${channel}]`, async () => {
        const result = await runConversationScript(script, channel, factory.create);
        const report = [...result.failures, 'transcript:', ...result.transcript].join('\n');
        expect(result.passed ? 'passed' : report).toBe('passed');
      });
    }
  }
});
