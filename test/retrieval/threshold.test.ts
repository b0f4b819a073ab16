import { join } from 'node:path';
import { loadKnowledgeBase } from '../../src/retrieval/knowledge-base-loader';
import { bestThreshold, type CalibrationSample, chooseAnswerThreshold } from '../../src/retrieval/threshold';

const sample = (score: number, kind: CalibrationSample['kind']): CalibrationSample => ({ score, kind });

describe('bestThreshold', () => {
  it('separates correct answers from negatives at the midpoint of the gap', () => {
    const samples = [
      sample(0.9, 'correct'),
      sample(0.8, 'correct'),
      sample(0.3, 'negative'),
      sample(0.2, 'negative'),
    ];
    expect(bestThreshold(samples)).toEqual({ threshold: 0.55, accuracy: 1 });
  });

  it('weighs both populations equally (balanced accuracy), whatever their sizes', () => {
    const samples = [
      ...Array.from({ length: 90 }, (_, i) => sample(0.5 + i / 1000, 'correct')),
      sample(0.7, 'negative'),
      ...Array.from({ length: 9 }, () => sample(0.1, 'negative')),
    ];
    const { threshold, accuracy } = bestThreshold(samples);
    expect(threshold).toBeGreaterThan(0.1);
    expect(threshold).toBeLessThanOrEqual(0.5);
    expect(accuracy).toBeCloseTo((1 + 0.9) / 2, 5);
  });

  it('answers more when unanswerable messages are expected to be rare', () => {
    const samples = [
      sample(0.8, 'correct'),
      sample(0.4, 'correct'),
      sample(0.6, 'negative'),
      sample(0.1, 'negative'),
    ];
    expect(bestThreshold(samples, 0.5).threshold).toBeCloseTo(0.7, 5);
    expect(bestThreshold(samples, 0.1).threshold).toBeCloseTo(0.25, 5);
  });

  it('ignores wrong top-1 answers for the choice (they are wrong either way)', () => {
    const samples = [sample(0.9, 'wrong'), sample(0.6, 'correct'), sample(0.2, 'negative')];
    expect(bestThreshold(samples).threshold).toBeCloseTo(0.4, 5);
  });
});

describe('chooseAnswerThreshold', () => {
  it('calibrates on the demo knowledge base from its own phrasings, between negatives and positives', async () => {
    const { entries } = await loadKnowledgeBase({ dir: join(__dirname, '..', '..', 'models', 'faq') });
    const calibration = chooseAnswerThreshold(entries);
    expect(calibration.method).toBe('calibrated');
    expect(calibration.positives).toBeGreaterThan(50);
    expect(calibration.negatives).toBeGreaterThan(20);
    expect(calibration.threshold).toBeGreaterThan(0.2);
    expect(calibration.threshold).toBeLessThan(0.6);
    expect(calibration.accuracy).toBeGreaterThan(0.55);
  });

  it('is deterministic', async () => {
    const { entries } = await loadKnowledgeBase({ dir: join(__dirname, '..', '..', 'models', 'faq') });
    expect(chooseAnswerThreshold(entries, { folds: 2 })).toEqual(
      chooseAnswerThreshold(entries, { folds: 2 }),
    );
  });

  it('counts extra negatives given by the caller', async () => {
    const { entries } = await loadKnowledgeBase({ dir: join(__dirname, '..', '..', 'models', 'faq') });
    const without = chooseAnswerThreshold(entries, { folds: 1 });
    const withNegatives = chooseAnswerThreshold(entries, {
      folds: 1,
      negatives: ['tell me a joke', 'what is the weather'],
    });
    expect(withNegatives.negatives).toBe(without.negatives + 2);
  });
});
