import type { MessageBus } from '../../src/state/ports';
import { sleep, waitFor } from '../support/time';

/** A message bus under test and how to dispose of it. */
export interface BusFixture {
  bus: MessageBus;
  cleanup: () => Promise<void>;
}

/** Options of {@link runBusSuite}. */
export interface BusSuiteOptions {
  name: string;
  /** Makes a fresh bus (called before each test). */
  create: () => Promise<BusFixture>;
  /** Makes a second bus on the same backend and prefix, like another process (cross-process buses only). */
  createPeer?: () => Promise<BusFixture>;
}

/** How long a test waits to be sure a message is NOT delivered. */
const SILENCE_MS = 100;

/** The `MessageBus` contract: delivery, per-channel isolation, order, unsubscribe, close. */
export function runBusSuite({ name, create, createPeer }: BusSuiteOptions): void {
  describe(`MessageBus conformance: ${name}`, () => {
    const fixtures: BusFixture[] = [];
    let channelCount = 0;
    let bus: MessageBus;

    const channel = (label: string): string => `${label}:${channelCount}`;

    beforeEach(async () => {
      channelCount += 1;
      const fixture = await create();
      fixtures.push(fixture);
      bus = fixture.bus;
    });
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()));
    });

    test('a subscriber receives what is published after it subscribed', async () => {
      const received: string[] = [];
      await bus.subscribe(channel('webchat'), (message) => received.push(message));
      await bus.publish(channel('webchat'), 'hello');
      await waitFor(() => received.length === 1, 'the message');
      expect(received).toEqual(['hello']);
    });

    test('channels are isolated and every handler of a channel receives the message', async () => {
      const a: string[] = [];
      const b: string[] = [];
      const alsoA: string[] = [];
      await bus.subscribe(channel('a'), (message) => a.push(message));
      await bus.subscribe(channel('a'), (message) => alsoA.push(message));
      await bus.subscribe(channel('b'), (message) => b.push(message));
      await bus.publish(channel('a'), 'for-a');
      await bus.publish(channel('b'), 'for-b');
      await waitFor(() => a.length === 1 && alsoA.length === 1 && b.length === 1, 'both channels');
      expect([a, alsoA, b]).toEqual([['for-a'], ['for-a'], ['for-b']]);
    });

    test('messages arrive in publish order', async () => {
      const received: string[] = [];
      await bus.subscribe(channel('ordered'), (message) => received.push(message));
      const sent = Array.from({ length: 20 }, (_, i) => `m${i}`);
      await Promise.all(sent.map((message) => bus.publish(channel('ordered'), message)));
      await waitFor(() => received.length === sent.length, 'all messages');
      expect(received).toEqual(sent);
    });

    test('unsubscribe stops delivery to that handler only, and is idempotent', async () => {
      const kept: string[] = [];
      const dropped: string[] = [];
      await bus.subscribe(channel('u'), (message) => kept.push(message));
      const unsubscribe = await bus.subscribe(channel('u'), (message) => dropped.push(message));
      await unsubscribe();
      await unsubscribe();
      await bus.publish(channel('u'), 'after');
      await waitFor(() => kept.length === 1, 'the kept handler');
      await sleep(SILENCE_MS);
      expect(dropped).toEqual([]);
    });

    test('after the last handler leaves, nothing is delivered; subscribing again works', async () => {
      const received: string[] = [];
      const unsubscribe = await bus.subscribe(channel('again'), (message) => received.push(message));
      await unsubscribe();
      await bus.publish(channel('again'), 'lost');
      await sleep(SILENCE_MS);
      expect(received).toEqual([]);
      await bus.subscribe(channel('again'), (message) => received.push(message));
      await bus.publish(channel('again'), 'back');
      await waitFor(() => received.length === 1, 'the message after resubscribing');
      expect(received).toEqual(['back']);
    });

    test('close is idempotent and refuses later use', async () => {
      const closing = bus.close();
      expect(bus.close()).toBe(closing);
      await closing;
      await expect(bus.publish(channel('closed'), 'x')).rejects.toMatchObject({
        code: 'SWB_ERR_SHUTTING_DOWN',
      });
      await expect(bus.subscribe(channel('closed'), () => {})).rejects.toMatchObject({
        code: 'SWB_ERR_SHUTTING_DOWN',
      });
    });

    if (createPeer) {
      test('two bus instances deliver to each other', async () => {
        const peerFixture = await createPeer();
        fixtures.push(peerFixture);
        const peer = peerFixture.bus;
        const here: string[] = [];
        const there: string[] = [];
        await bus.subscribe(channel('x'), (message) => here.push(message));
        await peer.subscribe(channel('x'), (message) => there.push(message));
        await bus.publish(channel('x'), 'from-bus');
        await peer.publish(channel('x'), 'from-peer');
        await waitFor(() => here.length === 2 && there.length === 2, 'both buses');
        expect(here.sort()).toEqual(['from-bus', 'from-peer']);
        expect(there.sort()).toEqual(['from-bus', 'from-peer']);
      });
    }
  });
}
