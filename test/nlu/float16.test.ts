import { fromFloat16Bits, roundToFloat16, toFloat16Bits } from '../../src/nlu/model/float16';

describe('float16', () => {
  it.each([
    [0, 0x0000],
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [1e6, 0x7c00],
    [2 ** -24, 0x0001],
    [0.1, 0x2e66],
  ])('encodes %p as 0x%s', (value, expected) => {
    expect(toFloat16Bits(value)).toBe(expected);
  });

  it('round-trips every finite float16 exactly', () => {
    const mismatches: number[] = [];
    for (let h = 0; h < 0x7c00; h++) if (toFloat16Bits(fromFloat16Bits(h)) !== h) mismatches.push(h);
    expect(mismatches).toEqual([]);
  });

  it('rounds values in place to within half precision', () => {
    const values = Float32Array.of(0.123_456, -2.5, 1e-3);
    roundToFloat16(values);
    expect(values[0]).toBeCloseTo(0.123_456, 3);
    expect(values[1]).toBe(-2.5);
    for (const v of values) expect(fromFloat16Bits(toFloat16Bits(v))).toBe(v);
  });
});
