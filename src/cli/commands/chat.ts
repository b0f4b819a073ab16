import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { WebChatButton, WebChatMessage } from '../../../adapters/webchat/protocol';
import { loadConfig } from '../../config/load-config';
import { createDemoServer } from '../../demo/create-demo-server';
import { loadDemoParts } from '../../demo/load-demo-parts';
import { createLogger } from '../../logging/logger';
import { createStateServices } from '../../state/state-services';

/** What a numbered choice typed by the developer stands for. */
type Choices = WebChatButton[];

function show(messages: WebChatMessage[]): Choices {
  let choices: Choices = [];
  for (const message of messages) {
    process.stdout.write(`bot> ${message.text}\n`);
    choices = message.buttons ?? [];
    choices.forEach((b, i) => {
      process.stdout.write(`     ${i + 1}. ${b.title}\n`);
    });
  }
  return choices;
}

/**
 * `switchboard chat`: talk to the demo bot in this terminal, in-process (the same pipeline, state
 * and NLU as the server, no HTTP). Type a number to click a button; Ctrl+D or `/quit` to leave.
 */
export async function run(_args: string[]): Promise<number> {
  const config = loadConfig({ overrides: { log: { level: 'warn' } } });
  const logger = createLogger({ level: config.log.level });
  const state = createStateServices({});
  const parts = await loadDemoParts({ config, logger, watch: false, memoryFeedback: true });
  const server = createDemoServer({ config, logger, state, ...parts });
  const session = {
    userId: 'u_terminal',
    conversationId: `term_${randomUUID()}`,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
  const turn = (text?: string) =>
    server.webchat.receive(
      session,
      text === undefined ? { type: 'start' } : { type: 'message', clientMessageId: randomUUID(), text },
      server.logic,
    );
  let choices = show((await turn()).messages);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (text === '/quit') break;
      if (!text) continue;
      const picked = /^\d+$/.test(text) ? choices[Number(text) - 1]?.value : undefined;
      choices = show((await turn(picked ?? text)).messages);
    }
  } finally {
    rl.close();
    await server.close();
  }
  return 0;
}
