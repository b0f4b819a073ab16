import { join } from 'node:path';
import { AnswerRetriever, MAX_QUERY_CHARS } from '../../src/retrieval/answer-retriever';
import type { FaqEntry } from '../../src/retrieval/knowledge-base';
import { loadKnowledgeBase } from '../../src/retrieval/knowledge-base-loader';

const DEMO_DIR = join(__dirname, '..', '..', 'models', 'faq');

function entry(
  id: string,
  question: string,
  alternatives: string[],
  extra: Partial<FaqEntry> = {},
): FaqEntry {
  return {
    id,
    question,
    alternatives,
    answer: { default: `Answer ${id}` },
    tags: [],
    source: { file: 't.yaml', line: 1 },
    ...extra,
  };
}

let retriever: AnswerRetriever;

beforeAll(async () => {
  retriever = AnswerRetriever.create(await loadKnowledgeBase({ dir: DEMO_DIR }));
});

describe('AnswerRetriever on the demo knowledge base', () => {
  it.each([
    ['how much does it cost to wire money to France?', 'wire-fee-international'],
    ['when will the replacement card get here', 'card-replacement-time'],
    ['I lost my debit card', 'lost-card'],
    ['what is your bank routing number', 'routing-number'],
    ['how do I reset my password', 'reset-online-password'],
    ['are branches open on saturday', 'opening-hours'],
    ['what documents do I need to open a new account', 'open-account'],
  ])('answers the paraphrase %j with %s', (query, id) => {
    const result = retriever.retrieve(query);
    expect(result).toMatchObject({ answered: true, reason: 'answered', best: { entryId: id } });
    expect(result.best?.score).toBeGreaterThanOrEqual(result.threshold);
  });

  it.each([
    'whats the weather like tomorrow',
    'tell me a joke',
    'who won the football game last night',
    'how do I bake sourdough bread',
  ])('says "no answer" to the unrelated %j rather than guessing', (query) => {
    const result = retriever.retrieve(query);
    expect(result).toMatchObject({ answered: false, reason: 'below-threshold' });
    expect(result.best).toBeUndefined();
  });

  it('returns top-k matches with fused and component scores and the source entry', () => {
    const result = retriever.retrieve('fee for an international wire', { topK: 3 });
    expect(result.matches).toHaveLength(3);
    const [first, second] = result.matches;
    expect(first?.score).toBeGreaterThanOrEqual(second?.score ?? 0);
    expect(first).toMatchObject({
      entryId: 'wire-fee-international',
      entry: { source: { file: join(DEMO_DIR, 'acme-bank.yaml') } },
    });
    expect(first?.answer.sms).toMatch(/Intl wires/);
    for (const m of result.matches) {
      expect(m.score).toBeCloseTo(0.8 * m.vectorScore + 0.2 * m.bm25Score, 5);
    }
  });

  describe('bad input', () => {
    it('answers an empty or blank query with empty-query and no matches', () => {
      for (const query of ['', '   \n\t'])
        expect(retriever.retrieve(query)).toMatchObject({
          answered: false,
          reason: 'empty-query',
          matches: [],
        });
    });

    it('cuts a 10,000-character query to its first 1,000 characters and stays fast', () => {
      const huge = `what is your routing number ${'blah '.repeat(2000)}`;
      const started = performance.now();
      const result = retriever.retrieve(huge);
      expect(performance.now() - started).toBeLessThan(500);
      expect(result.truncated).toBe(true);
      expect(huge.length).toBeGreaterThan(MAX_QUERY_CHARS);
      expect(result.answered).toBe(false);
    });

    it.each([
      '¿A qué hora abren las sucursales?',
      'Wie hoch ist die Gebühr für eine Auslandsüberweisung?',
      '你们几点开门',
    ])('does not answer %j in a language the knowledge base does not have', (query) =>
      expect(retriever.retrieve(query).answered).toBe(false),
    );

    it.each(['💳💳💳', '!!!???', '🙂'])('does not answer %j (no words)', (query) => {
      expect(retriever.retrieve(query)).toMatchObject({ answered: false, reason: 'no-match', matches: [] });
    });

    it('clamps topK to 1…50', () => {
      expect(retriever.retrieve('card', { topK: 0 }).matches.length).toBe(1);
      expect(retriever.retrieve('card', { topK: 1000 }).matches.length).toBeLessThanOrEqual(50);
    });
  });
});

describe('AnswerRetriever filters and thresholds', () => {
  const entries = [
    entry('hours-en', 'What are your opening hours?', ['when are you open']),
    entry('hours-es', '¿Cuál es el horario de atención?', ['¿cuándo abren?'], { language: 'es' }),
    entry('wire', 'How much is a wire transfer?', ['wire fee'], { skill: 'payments' }),
    entry('card', 'How do I block my card?', ['lost card'], { skill: 'cards', language: 'en-US' }),
  ];

  it('uses a threshold given by hand instead of calibrating', () => {
    const fixed = AnswerRetriever.create(entries, { threshold: 0.99 });
    expect(fixed.calibration.method).toBe('override');
    expect(fixed.retrieve('what are your opening hours').answered).toBe(false);
  });

  it('keeps entries of the wanted language (by primary subtag) and entries without a language', () => {
    const r = AnswerRetriever.create(entries, { threshold: 0 });
    const ids = (language: string) =>
      r
        .retrieve('horario hours card wire', { topK: 10, language })
        .matches.map((m) => m.entryId)
        .sort();
    expect(ids('es')).toEqual(['hours-en', 'hours-es', 'wire']);
    expect(ids('en')).toEqual(['card', 'hours-en', 'wire']);
  });

  it('keeps only entries of the wanted skill', () => {
    const r = AnswerRetriever.create(entries, { threshold: 0 });
    expect(r.retrieve('wire card hours', { topK: 10, skill: 'cards' }).matches.map((m) => m.entryId)).toEqual(
      ['card'],
    );
  });

  it('falls back to the default threshold for a knowledge base too small to calibrate', () => {
    const tiny = AnswerRetriever.create(entries.slice(0, 2));
    expect(tiny.calibration).toMatchObject({ method: 'default', threshold: 0.5 });
  });

  it('answers nothing from an empty knowledge base', () => {
    expect(AnswerRetriever.create([]).retrieve('hello')).toMatchObject({
      answered: false,
      reason: 'no-match',
    });
  });
});
