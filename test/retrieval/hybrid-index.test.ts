import { kthLargest } from '../../src/retrieval/hybrid-index';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('kthLargest', () => {
  it('matches a full sort on random arrays with ties and zeros', () => {
    const random = seeded(3);
    for (let round = 0; round < 200; round++) {
      const length = 1 + Math.floor(random() * 300);
      const values = Float32Array.from({ length }, () =>
        random() < 0.3 ? 0 : Math.round(random() * 50) / 50,
      );
      const sorted = [...values].sort((a, b) => b - a);
      const k = 1 + Math.floor(random() * length);
      expect(kthLargest(values, k)).toBe(sorted[k - 1]);
    }
  });

  it('returns 0 when k is out of range', () => {
    expect(kthLargest(new Float32Array([1, 2]), 3)).toBe(0);
    expect(kthLargest(new Float32Array([1, 2]), 0)).toBe(0);
  });
});
