import { agentAssistOf, faqLookupOf, feedbackRecorderOf } from '../../src/demo/demo-faq';
import { AnswerRetriever } from '../../src/retrieval/answer-retriever';
import { MemoryFeedbackStore } from '../../src/retrieval/feedback/memory-feedback-store';
import { loadKnowledgeBase } from '../../src/retrieval/knowledge-base-loader';

describe('the demo FAQ wiring', () => {
  let retriever: AnswerRetriever;

  beforeAll(async () => {
    retriever = AnswerRetriever.create(await loadKnowledgeBase({ dir: 'models/faq' }));
  });

  it('gives the dialogs the best answer with its channel variants, or none', () => {
    const faq = faqLookupOf(retriever);
    expect(faq.lookup('when are you open?', 'webchat')).toMatchObject({ entryId: 'opening-hours' });
    expect(faq.lookup('what is the capital of Mongolia', 'webchat')).toBeUndefined();
  });

  it('gives agents the top suggestions for a customer question (agent assist)', async () => {
    const suggestions = await agentAssistOf(retriever)('how long until my new card arrives?', 'cards');
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions[0]).toMatchObject({ title: 'How long does it take to get a replacement card?' });
  });

  it('records unanswered questions redacted', async () => {
    const store = new MemoryFeedbackStore();
    await feedbackRecorderOf(store).unanswered('my card 4111 1111 1111 1111 is weird', {
      channelId: 'webchat',
      conversationId: 'c1',
    });
    const [item] = await store.listUnanswered();
    expect(item?.text).toContain('[CARD_NUMBER]');
  });
});
