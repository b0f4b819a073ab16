import { chooseThreshold, type HeldOutPrediction, sweepThresholds } from '../../src/nlu/train/threshold';

/** Five classes: 0 to 3 in scope, 4 out of scope; `top` goes to `predictedClass`, the rest is spread. */
const OOS = 4;
function prediction(top: number, gold: number, predictedClass = 0): HeldOutPrediction {
  const probs = new Float32Array(5).fill((1 - top) / 4);
  probs[predictedClass] = top;
  return { probs, gold };
}

describe('threshold selection', () => {
  it('keeps in-scope messages and rejects low-confidence out-of-scope ones', () => {
    const held = [
      ...Array.from({ length: 50 }, () => prediction(0.9, 0)),
      ...Array.from({ length: 10 }, () => prediction(0.6, 0)),
      ...Array.from({ length: 10 }, () => prediction(0.4, OOS)),
    ];
    const { threshold, sweep } = chooseThreshold(held, OOS);
    expect(threshold).toBeGreaterThan(0.4);
    expect(threshold).toBeLessThanOrEqual(0.6);
    const point = sweep.find((p) => p.threshold === threshold);
    expect(point?.inScopeAccuracy).toBe(1);
    expect(point?.oosRecall).toBe(1);
  });

  it('prefers the lowest threshold among equally good ones', () => {
    const held = [prediction(0.9, 0), prediction(0.2, OOS)];
    expect(chooseThreshold(held, OOS).threshold).toBe(0.21);
  });

  it('weighs out-of-scope examples by the expected out-of-scope share', () => {
    // 100 correct in-scope at 0.5 and 5 out-of-scope at 0.45: rejecting them costs 10% in-scope accuracy.
    const held = [
      ...Array.from({ length: 100 }, (_, i) => prediction(i < 10 ? 0.44 : 0.9, 0)),
      ...Array.from({ length: 5 }, () => prediction(0.45, OOS)),
    ];
    expect(
      chooseThreshold(held, OOS, { oosShare: 0.05, fallbackCost: 1, fallbackCostWithoutOos: 0.5 }).threshold,
    ).toBe(0);
    expect(
      chooseThreshold(held, OOS, { oosShare: 0.5, fallbackCost: 1, fallbackCostWithoutOos: 0.5 }).threshold,
    ).toBeCloseTo(0.45, 2);
  });

  it('without out-of-scope examples, rejects what the model gets wrong more often than right', () => {
    const held = [
      ...Array.from({ length: 20 }, () => prediction(0.9, 0)),
      ...Array.from({ length: 10 }, () => prediction(0.3, 1, 0)),
    ];
    const { threshold } = chooseThreshold(held, -1);
    expect(threshold).toBeGreaterThan(0.3);
    expect(threshold).toBeLessThanOrEqual(0.9);
  });

  it('counts an argmax on the out-of-scope class as out of scope at every threshold', () => {
    const probs = Float32Array.of(0.2, 0.1, 0, 0, 0.7);
    const sweep = sweepThresholds([{ probs, gold: OOS }], OOS);
    expect(sweep.every((p) => p.oosRecall === 1)).toBe(true);
  });
});
