import type { Middleware } from 'botbuilder-core';
import { ACME_TEXT } from '../../../dialogs/acme-messages';
import type { FakeSlackCall } from '../../support/fake-slack-api';
import { type SlackTestServer, startSlackServer } from './slack-harness';
import { blockActionsBody, dmEvent, eventCallback, FORM, mentionEvent, uniqueId } from './slack-payloads';

/** Block Kit buttons: a click continues the dialog exactly like typing, and the message shows the choice. */
describe('Slack buttons', () => {
  let s: SlackTestServer;
  const seen: string[] = [];
  const recorder: Middleware = {
    onTurn: async (context, next) => {
      seen.push(context.activity.text ?? '');
      await next();
    },
  };

  beforeAll(async () => {
    s = await startSlackServer({ inner: [recorder], intents: { help: 'help', 'opening hours': 'greeting' } });
  });
  afterAll(() => s.close());
  beforeEach(() => {
    seen.length = 0;
  });

  const posts = (channel: string) => s.api.succeeded('chat.postMessage', channel);
  const updates = (channel: string) => s.api.succeeded('chat.update', channel);

  /** Asks for help in a new DM (or thread) and returns the menu message the bot posted. */
  async function menuIn(channel: string, event = dmEvent(channel, 'help')): Promise<FakeSlackCall> {
    await s.post(eventCallback(event));
    await s.api.waitFor(() => posts(channel).length === 1);
    return posts(channel)[0] as FakeSlackCall;
  }

  const click = (channel: string, menu: FakeSlackCall, title: string, threadTs?: string) =>
    s.post(
      blockActionsBody({
        channel,
        message: {
          ts: menu.response['ts'] as string,
          text: menu.params['text'] as string,
          blocks: menu.params['blocks'] as unknown[],
          thread_ts: threadTs,
        },
        button: { value: title, title },
      }),
      { contentType: FORM },
    );

  it('continues the dialog exactly like typing the choice, and updates the clicked message', async () => {
    const typed = uniqueId('D');
    await menuIn(typed);
    await s.post(eventCallback(dmEvent(typed, 'Opening hours')));
    await s.api.waitFor(() => posts(typed).length === 2);

    const clicked = uniqueId('D');
    const menu = await menuIn(clicked);
    seen.length = 0;
    const res = await click(clicked, menu, 'Opening hours');
    expect(res.status).toBe(200);
    await s.api.waitFor(() => posts(clicked).length === 2 && updates(clicked).length === 1);

    expect(seen).toEqual(['Opening hours']);
    expect(posts(clicked)[1]?.params['text']).toBe(posts(typed)[1]?.params['text']);
    expect(posts(clicked)[1]?.params['text']).toBe(ACME_TEXT.greeting);
    const update = updates(clicked)[0]?.params;
    expect(update?.['ts']).toBe(menu.response['ts']);
    expect(update?.['blocks']).toEqual([
      (menu.params['blocks'] as unknown[])[0],
      { type: 'context', elements: [{ type: 'mrkdwn', text: '✔ Opening hours' }] },
    ]);
  });

  it('counts one choice per message: a second click changes nothing', async () => {
    const channel = uniqueId('D');
    const menu = await menuIn(channel);
    await click(channel, menu, 'Opening hours');
    await s.api.waitFor(() => posts(channel).length === 2);
    await click(channel, menu, 'Talk to a person');
    await s.settle();
    expect(posts(channel)).toHaveLength(2);
    expect(updates(channel)).toHaveLength(1);
  });

  it('answers a click inside a thread in that thread', async () => {
    const channel = uniqueId('C');
    const mention = mentionEvent(channel, 'help');
    const menu = await menuIn(channel, mention);
    await click(channel, menu, 'Opening hours', mention['ts'] as string);
    await s.api.waitFor(() => posts(channel).length === 2);
    expect(posts(channel)[1]?.params['thread_ts']).toBe(mention['ts']);
  });

  it('still continues the dialog when the message update fails, and logs the coded error', async () => {
    const channel = uniqueId('D');
    const menu = await menuIn(channel);
    s.api.failWith('message_not_found', 1, 'chat.update');
    await click(channel, menu, 'Opening hours');
    await s.api.waitFor(() => posts(channel).length === 2);
    expect(s.coded('SWB_ERR_SLACK_API').some((l) => JSON.stringify(l).includes('message_not_found'))).toBe(
      true,
    );
  });

  it('acknowledges clicks on blocks that are not Switchboard choices without a turn', async () => {
    const channel = uniqueId('D');
    const res = await s.post(
      blockActionsBody({
        channel,
        message: { ts: '1.1', text: 'x', blocks: [] },
        button: { value: 'v', title: 't', blockId: 'someone_elses_block' },
      }),
      { contentType: FORM },
    );
    expect(res.status).toBe(200);
    await s.settle();
    expect(seen).toEqual([]);
    expect(updates(channel)).toEqual([]);
  });
});
