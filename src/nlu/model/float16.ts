/**
 * IEEE 754 half precision for the embedding table: it is stored in `model.onnx` as float16 (half the
 * file and half the onnxruntime memory) and the TypeScript forward pass uses the same rounded values.
 * An embedding weight keeps ~3 significant digits, far below what changes a prediction.
 */

const scratch = new Float32Array(1);
const bits = new Uint32Array(scratch.buffer);

/** The float16 bit pattern nearest to `value` (round half to even; overflow gives ±infinity). */
export function toFloat16Bits(value: number): number {
  scratch[0] = value;
  const x = bits[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = (mantissa | 0x800000) >>> (1 - e);
    const rounded = m + 0xfff + ((m >>> 13) & 1);
    return sign | (rounded >>> 13);
  }
  const half = sign | (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Carrying into the exponent is correct: it rounds up to the next power of two (or infinity).
  return rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half;
}

/** The number a float16 bit pattern stands for. */
export function fromFloat16Bits(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

const HALF_PATTERNS = 0x10000;
let halfValues: Float32Array | undefined;

/** Every float16 bit pattern's value, built once: decoding tens of millions of weights with `**` costs seconds. */
function halfValueTable(): Float32Array {
  if (halfValues === undefined) {
    halfValues = new Float32Array(HALF_PATTERNS);
    for (let h = 0; h < HALF_PATTERNS; h++) halfValues[h] = fromFloat16Bits(h);
  }
  return halfValues;
}

/** Rounds every value to the nearest float16, in place. */
export function roundToFloat16(values: Float32Array): void {
  const table = halfValueTable();
  for (let i = 0; i < values.length; i++) values[i] = table[toFloat16Bits(values[i] as number)] as number;
}
