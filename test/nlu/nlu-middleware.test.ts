/** @jest-environment ./test/nlu/onnx-environment.ts */
import { TestAdapter, type TurnContext } from 'botbuilder-core';
import { DialogContext, DialogSet } from 'botbuilder-dialogs';
import { getNluResult, NLU_RESULT_KEY, NluMiddleware } from '../../src/bot/nlu/nlu-middleware';
import { OnnxIntentRecognizer, toRecognizerResult } from '../../src/bot/nlu/onnx-intent-recognizer';
import type { NluResult } from '../../src/nlu/types';
import { trainTinyModel } from './fixtures';

describe('NluMiddleware', () => {
  it('calls the recognizer once per message with text and puts the result in turn state', async () => {
    const calls: string[] = [];
    const recognizer = {
      understand: async (text: string): Promise<NluResult> => {
        calls.push(text);
        return {
          text,
          intent: 'greeting',
          score: 0.9,
          topIntents: [{ intent: 'greeting', score: 0.9 }],
          outOfScope: false,
          entities: [],
          modelId: 'm',
        };
      },
    };
    const seen: (NluResult | undefined)[] = [];
    const adapter = new TestAdapter(async (context: TurnContext) => {
      seen.push(getNluResult(context));
      await context.sendActivity('ok');
    }).use(new NluMiddleware({ recognizer }));
    await adapter.send('hello').assertReply('ok').send('   ').assertReply('ok').startTest();
    expect(calls).toEqual(['hello']);
    expect(seen[0]?.intent).toBe('greeting');
    expect(seen[1]).toBeUndefined();
    expect(typeof NLU_RESULT_KEY).toBe('symbol');
  });

  it('never fails the turn: a recognizer error gives an out-of-scope result', async () => {
    const recognizer = {
      understand: async (): Promise<NluResult> =>
        Promise.reject(Object.assign(new Error('down'), { code: 'SWB_ERR_NOT_READY' })),
    };
    let result: NluResult | undefined;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      result = getNluResult(context);
      await context.sendActivity('fallback');
    }).use(new NluMiddleware({ recognizer }));
    await adapter.send('hi').assertReply('fallback').startTest();
    expect(result).toMatchObject({ intent: 'None', outOfScope: true, modelId: 'unavailable' });
  });
});

describe('OnnxIntentRecognizer', () => {
  it('loads a model folder once, runs through the middleware and answers as a botbuilder Recognizer', async () => {
    const recognizer = await OnnxIntentRecognizer.create({ modelDir: await trainTinyModel(), watch: false });
    try {
      expect(recognizer.isReady()).toBe(true);
      let intent: string | undefined;
      const adapter = new TestAdapter(async (context: TurnContext) => {
        intent = getNluResult(context)?.intent;
        const dc = new DialogContext(new DialogSet(), context, { dialogStack: [] });
        const result = await recognizer.recognize(dc, context.activity);
        await context.sendActivity(Object.keys(result.intents).join(','));
      }).use(new NluMiddleware({ recognizer }));
      await adapter
        .send('I lost my card')
        .assertReply((a) => expect(a.text?.split(',')[0]).toBe('lost_card'))
        .startTest();
      expect(intent).toBe('lost_card');
    } finally {
      await recognizer.close();
    }
  });

  it('maps an out-of-scope result to the None intent only, with entity spans under $instance', () => {
    const result = toRecognizerResult({
      text: 'x 4821',
      intent: 'None',
      score: 0.8,
      topIntents: [{ intent: 'a', score: 0.2 }],
      outOfScope: true,
      entities: [{ type: 'card_last4', text: '4821', start: 2, end: 6, value: '4821', source: 'card_last4' }],
      modelId: 'm',
    });
    expect(result.intents).toEqual({ None: { score: 0.8 } });
    expect(result.entities).toEqual({
      card_last4: ['4821'],
      $instance: {
        card_last4: [{ startIndex: 2, endIndex: 6, text: '4821', type: 'card_last4', source: 'card_last4' }],
      },
    });
  });
});
