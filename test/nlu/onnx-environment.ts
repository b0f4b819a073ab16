/**
 * Jest environment for tests that run onnxruntime-node: onnxruntime builds its output tensors with the
 * host's typed-array constructors and checks them with `instanceof`, which fails in Jest's sandbox realm
 * unless the sandbox shares the host's constructors. Use it with a `@jest-environment` docblock.
 */
import { TestEnvironment } from 'jest-environment-node';

const SHARED = [
  'ArrayBuffer',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

export default class OnnxEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const sandbox = this.global as unknown as Record<string, unknown>;
    for (const name of SHARED) sandbox[name] = globalThis[name];
  }
}
