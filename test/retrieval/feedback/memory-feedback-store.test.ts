import { MemoryFeedbackStore } from '../../../src/retrieval/feedback/memory-feedback-store';
import { runFeedbackStoreSuite } from './feedback-store-suite';

describe('MemoryFeedbackStore', () => {
  runFeedbackStoreSuite({ create: (now) => new MemoryFeedbackStore({ now }) });
});
