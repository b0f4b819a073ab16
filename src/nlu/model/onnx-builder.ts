/** Small helpers over `onnx-proto` to write tensors, nodes and value infos. */
import { endianness } from 'node:os';
import { onnx } from 'onnx-proto';

/** Element types used by our graphs. */
export const ELEMENT = {
  float: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** A float tensor stored as raw little-endian bytes (compact and fast to load). */
export function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  // On little-endian hosts (all Node targets in practice) the array's own bytes are used without a copy.
  if (LITTLE_ENDIAN_HOST)
    return {
      name,
      dims,
      dataType: ELEMENT.float,
      rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    };
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return { name, dims, dataType: ELEMENT.float, rawData: bytes };
}

/** A float16 tensor from its bit patterns, stored as raw little-endian bytes. */
export function float16Tensor(name: string, dims: number[], halves: Uint16Array): onnx.ITensorProto {
  const bytes = new Uint8Array(halves.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < halves.length; i++) view.setUint16(i * 2, halves[i] as number, true);
  return { name, dims, dataType: ELEMENT.float16, rawData: bytes };
}

/** An int32 tensor stored as raw little-endian bytes. */
export function int32Tensor(name: string, dims: number[], values: Int32Array): onnx.ITensorProto {
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i] as number, true);
  return { name, dims, dataType: ELEMENT.int32, rawData: bytes };
}

/** An int64 tensor (for shapes and axes). */
export function int64Tensor(name: string, values: number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: ELEMENT.int64, int64Data: values };
}

/** A graph node; `attributes` maps names to an int, a float or a list of ints. */
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, number | number[]> = {},
): onnx.INodeProto {
  const attribute = Object.entries(attributes).map(([name, value]): onnx.IAttributeProto => {
    if (Array.isArray(value)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value };
    if (Number.isInteger(value)) return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
    return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
  });
  return { opType, input: inputs, output: outputs, name: outputs[0], attribute };
}

/** A graph input or output; a string dimension is symbolic (e.g. the number of active features). */
export function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** Serialises a model proto to bytes. */
export function encodeModel(model: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
