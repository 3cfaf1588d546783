import { nativeLstmSequence } from '../kernels/native/register-native-kernels.ts';
import { tf } from '../tf.ts';
import { singleTensor } from './transformer/single-tensor.ts';

/** The parts of tfjs's LSTM layer (and its cell) that decide whether the fused kernel computes the same thing. */
interface TfLstm extends tf.layers.Layer {
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  stateful: boolean;
  cell: {
    kernel: tf.LayerVariable;
    recurrentKernel: tf.LayerVariable;
    bias: tf.LayerVariable | null;
    activation: { getClassName(): string };
    recurrentActivation: { getClassName(): string };
    dropout: number;
    recurrentDropout: number;
  };
}
type TfLstmArgs = Parameters<typeof tf.layers.lstm>[0];
const TfLstmClass = tf.serialization.SerializationMap.getMap().classNameMap.LSTM![0] as unknown as new (args: TfLstmArgs) => TfLstm;

/**
 * tfjs's LSTM layer (same class name, config and weights: saved models, the ONNX exporter and the cpu
 * backend see no difference) whose last state is computed by one native kernel for the whole sequence
 * and its gradient by another, where the wasm backend runs the native kernels. tfjs's own runs the
 * sequence step by step, ~90 kernels per time step of a training step.
 */
export class FusedLstm extends TfLstmClass {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const fused = this.fusable(kwargs) ? tf.tidy(() => this.callFused(singleTensor(inputs) as tf.Tensor3D, kwargs.mask)) : undefined;
    return fused ?? super.call(inputs, kwargs);
  }

  private callFused(x: tf.Tensor3D, mask: unknown): tf.Tensor2D | undefined {
    const [batch, steps] = x.shape;
    const maskTensor = Array.isArray(mask) ? (mask[0] as unknown) : mask;
    const tokens = maskTensor instanceof tf.Tensor ? tf.cast(maskTensor, 'float32').reshape([batch, steps]) : tf.ones([batch, steps]);
    const { kernel, recurrentKernel, bias } = this.cell;
    return nativeLstmSequence(x, kernel.read() as tf.Tensor2D, recurrentKernel.read() as tf.Tensor2D, bias!.read() as tf.Tensor1D, tokens as tf.Tensor2D);
  }

  /** What the native kernel computes: sigmoid gates, tanh cell, a bias, no dropout, the last state only. */
  private fusable(kwargs: Record<string, unknown>): boolean {
    const { cell } = this;
    return (
      !this.returnSequences && !this.returnState && !this.goBackwards && !this.stateful && kwargs.initialState == null &&
      cell.bias !== null && cell.dropout === 0 && cell.recurrentDropout === 0 &&
      cell.activation.getClassName() === 'tanh' && cell.recurrentActivation.getClassName() === 'sigmoid'
    );
  }
}
// Inherits tfjs's static className ('LSTM') and fromConfig, which the cast constructor type does not show.
tf.serialization.registerClass(FusedLstm as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
