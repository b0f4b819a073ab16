import {
  chooseThreshold,
  DEFAULT_THRESHOLD_OPTIONS,
  describeThresholdChoice,
  type HeldOutPrediction,
  sweepThresholds,
  type ThresholdOptions,
} from '../../src/nlu/train/threshold';

/** Five classes: 0 to 3 in scope, 4 out of scope; `top` goes to `predictedClass`, the rest is spread. */
const OOS = 4;
function prediction(top: number, gold: number, predictedClass = 0): HeldOutPrediction {
  const probs = new Float32Array(5).fill((1 - top) / 4);
  probs[predictedClass] = top;
  return { probs, gold };
}

const LEAST_COST: ThresholdOptions = { ...DEFAULT_THRESHOLD_OPTIONS, method: 'least-cost' };

describe('threshold selection (default: in-scope accuracy budget)', () => {
  it('defaults to the accuracy budget of 0.15 points', () => {
    expect(DEFAULT_THRESHOLD_OPTIONS).toMatchObject({ method: 'accuracy-budget', maxInScopeLoss: 0.0015 });
    expect(describeThresholdChoice(DEFAULT_THRESHOLD_OPTIONS)).toContain('at most 0.0015');
  });

  it('picks the highest threshold that costs at most the allowed in-scope accuracy', () => {
    // 1,000 correct in-scope answers: 3 of them at 0.5 (0.3 points of accuracy), the rest at 0.75.
    const held = [
      ...Array.from({ length: 1000 }, (_, i) => prediction(i < 3 ? 0.5 : 0.75, 0)),
      ...Array.from({ length: 5 }, () => prediction(0.2, OOS)),
    ];
    const within = (maxInScopeLoss: number) =>
      chooseThreshold(held, OOS, { ...DEFAULT_THRESHOLD_OPTIONS, maxInScopeLoss }).threshold;
    expect(within(0.002)).toBe(0.5);
    expect(within(0.0015)).toBe(0.5);
    expect(within(0.003)).toBe(0.75);
    const { threshold, sweep } = chooseThreshold(held, OOS);
    expect(sweep.find((p) => p.threshold === threshold)).toMatchObject({ inScopeAccuracy: 1, oosRecall: 1 });
  });

  it('rejects wrong in-scope answers without spending the budget on them', () => {
    const held = [
      ...Array.from({ length: 100 }, () => prediction(0.8, 0)),
      ...Array.from({ length: 20 }, () => prediction(0.4, 1, 0)),
    ];
    const { threshold, sweep } = chooseThreshold(held, -1);
    expect(threshold).toBe(0.8);
    expect(sweep.find((p) => p.threshold === threshold)?.inScopeAccuracy).toBeCloseTo(100 / 120, 6);
  });

  it('does not chase confident out-of-scope examples past the budget', () => {
    const held = [
      ...Array.from({ length: 100 }, () => prediction(0.6, 0)),
      ...Array.from({ length: 10 }, () => prediction(0.7, OOS)),
    ];
    const { threshold, sweep } = chooseThreshold(held, OOS);
    expect(threshold).toBe(0.6);
    expect(sweep.find((p) => p.threshold === threshold)).toMatchObject({ inScopeAccuracy: 1, oosRecall: 0 });
    // The least-cost method gives up the in-scope messages for them when out-of-scope traffic dominates.
    expect(chooseThreshold(held, OOS, { ...LEAST_COST, oosShare: 0.9 }).threshold).toBeGreaterThan(0.6);
  });

  it('is 0 when the held-out data has no in-scope messages', () => {
    expect(chooseThreshold([prediction(0.4, OOS)], OOS).threshold).toBe(0);
  });
});

describe('threshold selection (least expected cost)', () => {
  it('keeps in-scope messages and rejects low-confidence out-of-scope ones', () => {
    const held = [
      ...Array.from({ length: 50 }, () => prediction(0.9, 0)),
      ...Array.from({ length: 10 }, () => prediction(0.6, 0)),
      ...Array.from({ length: 10 }, () => prediction(0.4, OOS)),
    ];
    const { threshold, sweep } = chooseThreshold(held, OOS, LEAST_COST);
    expect(threshold).toBeGreaterThan(0.4);
    expect(threshold).toBeLessThanOrEqual(0.6);
    const point = sweep.find((p) => p.threshold === threshold);
    expect(point?.inScopeAccuracy).toBe(1);
    expect(point?.oosRecall).toBe(1);
  });

  it('prefers the lowest threshold among equally good ones', () => {
    const held = [prediction(0.9, 0), prediction(0.2, OOS)];
    expect(chooseThreshold(held, OOS, LEAST_COST).threshold).toBe(0.21);
  });

  it('weighs out-of-scope examples by the expected out-of-scope share', () => {
    // 100 correct in-scope at 0.5 and 5 out-of-scope at 0.45: rejecting them costs 10% in-scope accuracy.
    const held = [
      ...Array.from({ length: 100 }, (_, i) => prediction(i < 10 ? 0.44 : 0.9, 0)),
      ...Array.from({ length: 5 }, () => prediction(0.45, OOS)),
    ];
    expect(chooseThreshold(held, OOS, { ...LEAST_COST, oosShare: 0.05 }).threshold).toBe(0);
    expect(chooseThreshold(held, OOS, { ...LEAST_COST, oosShare: 0.5 }).threshold).toBeCloseTo(0.45, 2);
  });

  it('without out-of-scope examples, rejects what the model gets wrong more often than right', () => {
    const held = [
      ...Array.from({ length: 20 }, () => prediction(0.9, 0)),
      ...Array.from({ length: 10 }, () => prediction(0.3, 1, 0)),
    ];
    const { threshold } = chooseThreshold(held, -1, LEAST_COST);
    expect(threshold).toBeGreaterThan(0.3);
    expect(threshold).toBeLessThanOrEqual(0.9);
  });

  it('counts an argmax on the out-of-scope class as out of scope at every threshold', () => {
    const probs = Float32Array.of(0.2, 0.1, 0, 0, 0.7);
    const sweep = sweepThresholds([{ probs, gold: OOS }], OOS);
    expect(sweep.every((p) => p.oosRecall === 1)).toBe(true);
  });

  it('is named with its settings in model.json', () => {
    expect(describeThresholdChoice(LEAST_COST)).toContain('least expected cost (oosShare 0.05');
  });
});
