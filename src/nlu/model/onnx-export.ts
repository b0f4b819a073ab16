/**
 * Exports {@link NetworkWeights} as an ONNX graph (opset 13) whose inputs are the sparse form of a
 * message — active feature ids and their sublinear tf weights — so a run costs a Gather of a few rows
 * instead of a dense 16k-wide MatMul:
 *
 * ```
 * ids ─Gather(remap)→ rows ─Gather(idf)→ × weights → ÷ L2 norm ─┐
 *                      rows ─Gather(embedding)─────────────────MatMul→ + bias → ReLU → Reshape [M,1,D]
 *   → (MatMul + bias → ReLU)* → MatMul + bias → Softmax → ReduceMean over members → probabilities [1, C]
 * ```
 * Members' embedding tables are concatenated column-wise so one Gather serves the whole ensemble; the
 * table is stored as float16 and cast after the Gather (the trainer rounds it to float16 too, so the
 * TypeScript forward pass computes the same function).
 */
import type { onnx } from 'onnx-proto';
import { toFloat16Bits } from './float16';
import { type MemberWeights, type NetworkWeights, NORM_EPSILON } from './network';
import {
  ELEMENT,
  encodeModel,
  float16Tensor,
  floatTensor,
  int32Tensor,
  int64Tensor,
  node,
  valueInfo,
} from './onnx-builder';

/** Names of the graph's inputs and output. */
export const ONNX_IO = { ids: 'ids', weights: 'weights', probabilities: 'probabilities' } as const;

const OPSET = 13;
const IR_VERSION = 7;

/**
 * Concatenates the members' embedding tables column-wise as float16 bit patterns, `[rows, members × dim]`,
 * and their biases (float32).
 */
function concatEmbeddings(net: NetworkWeights): { table: Uint16Array; bias: Float32Array } {
  const width = net.members.length * net.dim;
  const table = new Uint16Array(net.rows * width);
  const bias = new Float32Array(width);
  net.members.forEach((member, k) => {
    for (let r = 0; r < net.rows; r++) {
      for (let j = 0; j < net.dim; j++) {
        table[r * width + k * net.dim + j] = toFloat16Bits(member.embedding[r * net.dim + j] as number);
      }
    }
    bias.set(member.embeddingBias, k * net.dim);
  });
  return { table, bias };
}

/** Stacks layer `index` of every member: weights `[M, in, out]`, bias `[M, 1, out]`. */
function stackLayer(
  members: MemberWeights[],
  index: number,
): { weights: Float32Array; bias: Float32Array; dims: number[] } {
  const first = members[0]?.layers[index];
  if (first === undefined) throw new RangeError(`layer ${index} does not exist`);
  const weights = new Float32Array(members.length * first.weights.length);
  const bias = new Float32Array(members.length * first.outputs);
  members.forEach((member, k) => {
    const layer = member.layers[index];
    if (layer === undefined) throw new RangeError(`member ${k} lacks layer ${index}`);
    weights.set(layer.weights, k * first.weights.length);
    bias.set(layer.bias, k * first.outputs);
  });
  return { weights, bias, dims: [members.length, first.inputs, first.outputs] };
}

function bagNodes(net: NetworkWeights, init: onnx.ITensorProto[]): onnx.INodeProto[] {
  const { table, bias } = concatEmbeddings(net);
  const width = net.members.length * net.dim;
  init.push(
    int32Tensor('remap', [net.remap.length], net.remap),
    floatTensor('idf', [net.rows], net.idf),
    float16Tensor('embedding', [net.rows, width], table),
    floatTensor('embedding_bias', [width], bias),
    floatTensor('norm_epsilon', [], Float32Array.of(NORM_EPSILON)),
    int64Tensor('axes0', [0]),
    int64Tensor('member_shape', [net.members.length, 1, net.dim]),
  );
  return [
    node('Gather', ['remap', ONNX_IO.ids], ['rows']),
    node('Gather', ['idf', 'rows'], ['row_idf']),
    node('Mul', [ONNX_IO.weights, 'row_idf'], ['tfidf']),
    node('Mul', ['tfidf', 'tfidf'], ['tfidf_sq']),
    node('ReduceSum', ['tfidf_sq'], ['sum_sq'], { keepdims: 0 }),
    node('Sqrt', ['sum_sq'], ['norm_raw']),
    node('Add', ['norm_raw', 'norm_epsilon'], ['norm']),
    node('Div', ['tfidf', 'norm'], ['x']),
    node('Unsqueeze', ['x', 'axes0'], ['x_row']),
    node('Gather', ['embedding', 'rows'], ['bag_rows_half']),
    node('Cast', ['bag_rows_half'], ['bag_rows'], { to: ELEMENT.float }),
    node('MatMul', ['x_row', 'bag_rows'], ['bag']),
    node('Add', ['bag', 'embedding_bias'], ['bag_biased']),
    node('Relu', ['bag_biased'], ['bag_act']),
    node('Reshape', ['bag_act', 'member_shape'], ['h0']),
  ];
}

function layerNodes(net: NetworkWeights, init: onnx.ITensorProto[]): onnx.INodeProto[] {
  const nodes: onnx.INodeProto[] = [];
  const count = net.members[0]?.layers.length ?? 0;
  for (let i = 0; i < count; i++) {
    const { weights, bias, dims } = stackLayer(net.members, i);
    init.push(
      floatTensor(`w${i}`, dims, weights),
      floatTensor(`b${i}`, [dims[0] as number, 1, dims[2] as number], bias),
    );
    const last = i === count - 1;
    nodes.push(node('MatMul', [`h${i}`, `w${i}`], [`z${i}`]));
    nodes.push(node('Add', [`z${i}`, `b${i}`], [last ? 'logits' : `zb${i}`]));
    if (!last) nodes.push(node('Relu', [`zb${i}`], [`h${i + 1}`]));
  }
  nodes.push(node('Softmax', ['logits'], ['member_probs'], { axis: -1 }));
  nodes.push(node('ReduceMean', ['member_probs'], [ONNX_IO.probabilities], { axes: [0], keepdims: 0 }));
  return nodes;
}

/** The ONNX model bytes for `net`; deterministic (same weights → same bytes). */
export function exportOnnx(net: NetworkWeights, docString = 'Switchboard intent classifier'): Uint8Array {
  const initializer: onnx.ITensorProto[] = [];
  const nodes = [...bagNodes(net, initializer), ...layerNodes(net, initializer)];
  const graph: onnx.IGraphProto = {
    name: 'switchboard_intent_classifier',
    node: nodes,
    initializer,
    input: [
      valueInfo(ONNX_IO.ids, ELEMENT.int64, ['features']),
      valueInfo(ONNX_IO.weights, ELEMENT.float, ['features']),
    ],
    output: [valueInfo(ONNX_IO.probabilities, ELEMENT.float, [1, net.classes])],
  };
  return encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'switchboard',
    producerVersion: '1',
    docString,
    graph,
  });
}
