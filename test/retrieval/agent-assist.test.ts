import { AgentAssist } from '../../src/retrieval/agent-assist';
import { AnswerRetriever } from '../../src/retrieval/answer-retriever';
import type { FaqEntry } from '../../src/retrieval/knowledge-base';

const entries: FaqEntry[] = [
  {
    id: 'card-replacement-time',
    question: 'How long does a replacement card take?',
    alternatives: ['when will my new card arrive'],
    answer: { default: 'New cards arrive in 5 to 7 business days.', sms: 'New card: 5-7 business days.' },
    tags: [],
    source: { file: 'k.yaml', line: 1 },
  },
  {
    id: 'lost-card',
    question: 'I lost my card',
    alternatives: ['my card was stolen'],
    answer: { default: 'Your card ending {last4} can be blocked right now.' },
    tags: [],
    source: { file: 'k.yaml', line: 9 },
  },
  {
    id: 'opening-hours',
    question: 'What are your opening hours?',
    alternatives: ['when are branches open'],
    answer: { default: 'Nine to five.' },
    tags: [],
    source: { file: 'k.yaml', line: 17 },
  },
];

describe('AgentAssist.suggestAnswers', () => {
  const retriever = AnswerRetriever.create(entries, { threshold: 0.5 });

  it('returns the top k answers, best first, flagging those the bot would send itself', () => {
    const suggestions = new AgentAssist(retriever).suggestAnswers('when does my new card arrive?', 2);
    expect(suggestions.map((s) => s.entryId)).toEqual(['card-replacement-time', 'lost-card']);
    expect(suggestions[0]).toMatchObject({
      confident: true,
      text: 'New cards arrive in 5 to 7 business days.',
      slots: [],
    });
    expect(suggestions[1]?.confident).toBe(false);
  });

  it('shows the channel wording and the slots the agent must fill', () => {
    const assist = new AgentAssist(retriever, { channel: 'sms' });
    const [first] = assist.suggestAnswers('new card arrive', 1);
    expect(first?.text).toBe('New card: 5-7 business days.');
    const [lost] = assist.suggestAnswers('my card was stolen', 1);
    expect(lost?.slots).toEqual(['last4']);
  });

  it('returns nothing for an empty message and caps k at 10', () => {
    const assist = new AgentAssist(retriever);
    expect(assist.suggestAnswers('  ', 3)).toEqual([]);
    expect(assist.suggestAnswers('card hours', 100).length).toBeLessThanOrEqual(10);
  });
});
