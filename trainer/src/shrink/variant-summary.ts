import type { Metrics, ModelLineage, ModelRef, ModelVariant } from '@edgeml/shared';
import type { OnnxModelIo } from './evaluate-onnx.ts';

/** One model `trainer optimize` made, as `variants.json` lists it for the report and the next steps. */
export interface VariantSummary {
  kind: ModelVariant['kind'];
  /** Model name it is published under. */
  name: string;
  /** Its folder: `model.onnx`, and the tfjs weights and run.json for the float variants. */
  dir: string;
  onnxFile: string;
  io: OnnxModelIo;
  parameters: number;
  metrics: Metrics;
  variant: ModelVariant;
  lineage?: ModelLineage;
  published?: ModelRef;
  /** Step-specific details: loop history, teacher passes, sparsity per layer, quantization. */
  details: Record<string, unknown>;
}

export interface VariantsFile {
  createdAt: string;
  config: unknown;
  variants: VariantSummary[];
}

export const VARIANTS_FILE = 'variants.json';
