import { sentimentLanguageOf } from '../../../src/analytics/sentiment/sentiment-languages';
import {
  createSentimentScorer,
  DEFAULT_SENTIMENT_THRESHOLDS,
} from '../../../src/analytics/sentiment/sentiment-scorer';
import { evaluateSentiment, loadLabelledMessages } from './labelled-messages';

const score = createSentimentScorer();

describe('sentimentLanguageOf', () => {
  test.each([
    ['es-MX', 'es'],
    ['de_DE', 'de'],
    ['he-IL', 'iw'],
    ['zh-TW', 'zh-tw'],
    ['zh-CN', 'zh'],
    ['nb-NO', 'no'],
    ['tlh-KL', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (locale, language) => {
    expect(sentimentLanguageOf(locale)).toBe(language);
  });
});

describe('createSentimentScorer', () => {
  test('empty, blank and one-word answers are neutral with score 0', () => {
    for (const text of ['', '   ', 'ok', 'no', 'yes', '2', '?!']) {
      expect(score(text, 'en-US')).toEqual({ score: 0, label: 'neutral' });
    }
  });

  test('scores stay inside [-1, 1] even for a long tirade', () => {
    const tirade = 'terrible awful horrible useless disgusting scam '.repeat(200);
    const result = score(tirade, 'en-US');
    expect(result.score).toBeGreaterThanOrEqual(-1);
    expect(result.score).toBeLessThan(-0.9);
    expect(result.label).toBe('negative');
  });

  test('negation: a negated compliment is a complaint, a negated complaint is not', () => {
    expect(score('I am not happy with this', 'en-US').label).toBe('negative');
    expect(score('this is not acceptable', 'en-US').label).toBe('negative');
    expect(score("I'm not angry", 'en-US').label).not.toBe('negative');
    expect(score('je ne suis pas content', 'fr-FR').label).toBe('negative');
  });

  test('negation ends at the clause boundary', () => {
    expect(score('not now. I am happy with the service', 'en-US').label).toBe('positive');
  });

  test('requests and event reports are not feelings', () => {
    for (const text of ['please help me', 'I lost my card', 'I want to report fraud', 'block my card']) {
      expect(score(text, 'en-US').label).toBe('neutral');
    }
  });

  test('the locale picks the language; an unknown one falls back to English', () => {
    expect(score('Ich bin sehr unzufrieden', 'de-DE').label).toBe('negative');
    expect(score('muchas gracias', 'es-ES').label).toBe('positive');
    expect(score('this is terrible', 'xx-YY').label).toBe('negative');
    expect(score('this is terrible').label).toBe('negative');
  });

  test('emphasis deepens a complaint but does not invent one', () => {
    const plain = score('the app is broken', 'en-US');
    const shouted = score('the app is broken!!', 'en-US');
    expect(shouted.score).toBeLessThan(plain.score);
    expect(score('where is the nearest ATM??', 'en-US').label).toBe('neutral');
  });

  test('thresholds are configurable', () => {
    const strict = createSentimentScorer({ thresholds: { negativeAtOrBelow: -0.9 } });
    expect(strict('this is terrible', 'en-US').label).toBe('neutral');
    expect(DEFAULT_SENTIMENT_THRESHOLDS.negativeAtOrBelow).toBeLessThan(0);
  });
});

describe('accuracy on our labelled customer-service messages', () => {
  const messages = loadLabelledMessages();

  test('the set has at least 200 messages in at least 5 languages, every label present', () => {
    expect(messages.length).toBeGreaterThanOrEqual(200);
    expect(new Set(messages.map((m) => m.locale)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(messages.map((m) => m.label))).toEqual(new Set(['negative', 'neutral', 'positive']));
  });

  // Regression floors, well below the measured figures (docs/monitoring.md: `npx tsx bench/sentiment-accuracy.ts`).
  test('held-out half: negative precision ≥ 0.9, recall ≥ 0.8, accuracy ≥ 0.85', () => {
    const result = evaluateSentiment(
      messages.filter((m) => m.split === 'heldOut'),
      (text, locale) => score(text, locale).label,
    );
    expect(result.negativePrecision).toBeGreaterThanOrEqual(0.9);
    expect(result.negativeRecall).toBeGreaterThanOrEqual(0.8);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.85);
  });
});
