import { DEFAULT_FEATURIZER_OPTIONS, Featurizer } from '../../src/nlu/featurizer';

describe('Featurizer', () => {
  it('segments Chinese into words with Intl.Segmenter', () => {
    const words = new Featurizer().tokenize('我的银行卡丢了');
    expect(words.length).toBeGreaterThan(2);
    expect(words.join('')).toBe('我的银行卡丢了');
  });

  it('lowercases and NFKC-normalises words, and skips punctuation and emoji', () => {
    expect(new Featurizer().tokenize('Ｌｏｓｔ my CARD!! 😀')).toEqual(['lost', 'my', 'card']);
  });

  it('returns sorted unique ids with raw counts', () => {
    const { ids, counts } = new Featurizer().featurize('card card card');
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1] as number);
    expect(ids.length).toBe(counts.length);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(3);
    for (const c of counts) expect(Number.isInteger(c)).toBe(true);
  });

  it('is deterministic across instances and keeps ids inside the buckets', () => {
    const a = new Featurizer({ buckets: 1000 }).featurize('I lost my card yesterday 我的卡');
    const b = new Featurizer({ buckets: 1000 }).featurize('I lost my card yesterday 我的卡');
    expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
    expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
    for (const id of a.ids) expect(id).toBeLessThan(1000);
  });

  it('gives an empty bag for empty or word-less text', () => {
    expect(new Featurizer().featurize('').ids.length).toBe(0);
    expect(new Featurizer().featurize('😀 🎉 !!!').ids.length).toBe(0);
  });

  it('bounds the work on very long messages', () => {
    const f = new Featurizer();
    const long = 'word '.repeat(5000);
    expect(f.featurize(long).ids.length).toBe(
      f.featurize(long.slice(0, DEFAULT_FEATURIZER_OPTIONS.maxChars)).ids.length,
    );
  });

  it('rejects invalid options with every problem listed', () => {
    expect(() => new Featurizer({ buckets: 1, wordNgramMax: 9 })).toThrow(/buckets.*wordNgramMax/);
  });
});
