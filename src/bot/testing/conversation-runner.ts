import { type ChannelKind, choicesOf, type Reply } from '../../rendering/reply';
import { channelProblems, renderedText } from './channel-checks';
import type { ConversationHarness, TurnRecord } from './conversation-harness';
import type {
  BotStep,
  ConversationScript,
  HandoffStep,
  ScriptStep,
  TextExpectation,
} from './conversation-script';

/** The outcome of one script on one channel. */
export interface ScriptRunResult {
  script: string;
  channel: ChannelKind;
  passed: boolean;
  /** Readable failures: the step, what was expected, what the bot said. */
  failures: string[];
  /** The conversation as it happened, rendered for the channel. */
  transcript: string[];
}

/** Builds a fresh harness for one run of a script. */
export type HarnessFactory = (
  channel: ChannelKind,
  script: ConversationScript,
) => Promise<ConversationHarness>;

interface RunState {
  pending: Reply[];
  lastChoices: Reply['choices'];
  last: TurnRecord | undefined;
  failures: string[];
  transcript: string[];
}

/** Runs a script on one channel; never throws for a failed expectation (it is reported). */
export async function runConversationScript(
  script: ConversationScript,
  channel: ChannelKind,
  createHarness: HarnessFactory,
): Promise<ScriptRunResult> {
  const harness = await createHarness(channel, script);
  const run: RunState = { pending: [], lastChoices: [], last: undefined, failures: [], transcript: [] };
  try {
    for (const [index, step] of script.steps.entries()) await runStep(harness, channel, run, step, index + 1);
  } finally {
    await harness.close();
  }
  return {
    script: script.name,
    channel,
    passed: run.failures.length === 0,
    failures: run.failures,
    transcript: run.transcript,
  };
}

async function runStep(
  harness: ConversationHarness,
  channel: ChannelKind,
  run: RunState,
  step: ScriptStep,
  n: number,
) {
  if ('user' in step) return send(harness, channel, run, step.user);
  if ('start' in step) return record(channel, run, await harness.start());
  if ('restart' in step) {
    harness.restart();
    run.transcript.push('(the customer comes back in a new conversation)');
    // What the old conversation left unchecked stays there; checks now look at the new one.
    Object.assign(run, { pending: [], lastChoices: [], last: undefined });
    return;
  }
  if ('choose' in step) return choose(harness, channel, run, step.choose, n);
  if ('bot' in step) return checkBot(channel, run, step, n);
  checkState(run, step, n);
}

async function choose(
  harness: ConversationHarness,
  channel: ChannelKind,
  run: RunState,
  title: string,
  n: number,
) {
  const index = (run.lastChoices ?? []).findIndex((c) => c.title === title);
  if (index < 0) {
    return fail(
      run,
      n,
      `choose "${title}"`,
      `offered: ${JSON.stringify(run.lastChoices?.map((c) => c.title))}`,
    );
  }
  return send(harness, channel, run, choiceInput(channel, index, run.lastChoices?.[index]?.value ?? ''));
}

/** The steps that check what the last turn left: intent, dialog, handoff, silence. */
function checkState(run: RunState, step: Exclude<ScriptStep, BotStep>, n: number): void {
  if ('intent' in step) {
    const actual = run.last?.understood?.intent;
    if (actual !== step.intent) fail(run, n, `intent ${step.intent}`, `intent ${actual}`);
  } else if ('dialog' in step) {
    const active = run.last?.dialogs ?? [];
    const ok = step.dialog === null ? active.length === 0 : active.includes(step.dialog);
    if (!ok) fail(run, n, `active dialog ${step.dialog}`, `active: [${active.join(' > ')}]`);
  } else if ('silent' in step) {
    const said = run.last?.replies.map((r) => r.text) ?? [];
    if (said.length > 0) fail(run, n, 'no reply to the last message', said.join(' | '));
  } else if ('handoff' in step) {
    checkHandoff(run, step, n);
  }
}

function checkHandoff(run: RunState, step: HandoffStep, n: number): void {
  const actual = run.last?.handoff;
  const shown = actual
    ? `handoff ${actual.status}, skill ${actual.skill}, reason ${actual.reason}`
    : 'no active handoff';
  if (step.handoff === null) {
    if (actual) fail(run, n, 'no active handoff', shown);
    return;
  }
  const expected = step.handoff;
  const differs = (['status', 'skill', 'reason'] as const).some(
    (key) => expected[key] !== undefined && expected[key] !== actual?.[key],
  );
  if (!actual || differs) fail(run, n, `handoff ${JSON.stringify(expected)}`, shown);
}

/** What the customer does on each channel to pick choice `index`: a click, a number, a keypad digit. */
function choiceInput(channel: ChannelKind, index: number, value: string): string {
  return channel === 'sms' || channel === 'voice' ? String(index + 1) : value;
}

async function send(harness: ConversationHarness, channel: ChannelKind, run: RunState, text: string) {
  run.transcript.push(`customer: ${text}`);
  record(channel, run, await harness.say(text));
}

function record(channel: ChannelKind, run: RunState, turn: TurnRecord) {
  run.last = turn;
  run.pending.push(...turn.replies);
  for (const reply of turn.replies) {
    run.transcript.push(`bot: ${renderedText(reply, channel)}`);
    for (const problem of channelProblems(reply, channel)) run.failures.push(`${channel}: ${problem}`);
    if (choicesOf(reply).length > 0) run.lastChoices = choicesOf(reply);
  }
}

function checkBot(channel: ChannelKind, run: RunState, step: BotStep, n: number) {
  const reply = run.pending.shift();
  if (!reply) return fail(run, n, describe(step.bot), '(no more bot messages)');
  if (mismatch(step.bot, reply.text)) {
    fail(run, n, describe(step.bot), reply.text, firstDifference(step.bot, reply.text));
  }
  const own = step[channel];
  if (own) {
    const shown = renderedText(reply, channel);
    if (mismatch(own, shown)) fail(run, n, `${channel}: ${describe(own)}`, shown);
  }
  if (step.choices) {
    const titles = choicesOf(reply).map((c) => c.title);
    if (JSON.stringify(titles) !== JSON.stringify(step.choices)) {
      fail(run, n, `choices ${JSON.stringify(step.choices)}`, `choices ${JSON.stringify(titles)}`);
    }
  }
}

function mismatch(expected: TextExpectation, actual: string): boolean {
  if (typeof expected === 'string') return expected !== actual;
  const parts = expected.contains === undefined ? [] : [expected.contains].flat();
  if (expected.text !== undefined && expected.text !== actual) return true;
  if (parts.some((p) => !actual.toLowerCase().includes(p.toLowerCase()))) return true;
  return expected.matches !== undefined && !new RegExp(expected.matches, 'i').test(actual);
}

function describe(expected: TextExpectation): string {
  return typeof expected === 'string' ? JSON.stringify(expected) : JSON.stringify(expected);
}

/** Where an exact expectation and the reply part ways: a long reply differing by one word is hard to spot. */
function firstDifference(expected: TextExpectation, actual: string): string | undefined {
  const wanted = typeof expected === 'string' ? expected : expected.text;
  if (wanted === undefined || wanted === actual) return undefined;
  let i = 0;
  while (i < wanted.length && wanted[i] === actual[i]) i++;
  const show = (text: string) => JSON.stringify(text.slice(i, i + 20) || '(end)');
  return `first difference at character ${i + 1}: expected ${show(wanted)}, got ${show(actual)}`;
}

function fail(run: RunState, n: number, expected: string, actual: string, note?: string): void {
  const lines = [`step ${n}: expected ${expected}`, `           got      ${JSON.stringify(actual)}`];
  if (note) lines.push(`           ${note}`);
  run.failures.push(lines.join('\n'));
}
