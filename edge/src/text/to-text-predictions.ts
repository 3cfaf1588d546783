import { UNK_ID, type TextModelManifest, type TextPrediction, type TextTokenizer } from '@edgeml/shared';
import { softmax } from '../predict/softmax.ts';

/** Model outputs ([texts, labels]) as one prediction per text: the top label, its confidence and every label's probability. */
export function toTextPredictions(output: Float32Array, texts: readonly string[], manifest: TextModelManifest, tokenizer: TextTokenizer): TextPrediction[] {
  const width = manifest.labels.length;
  const probabilities = manifest.output.kind === 'logits' ? softmax(output, width) : output;
  return texts.map((text, row) => {
    const values = probabilities.subarray(row * width, (row + 1) * width);
    let best = 0;
    for (let i = 1; i < width; i++) if (values[i]! > values[best]!) best = i;
    const ids = tokenizer.tokenIds(text);
    const seen = ids.slice(0, tokenizer.maxLength);
    return {
      label: manifest.labels[best]!,
      confidence: clampUnit(values[best]!),
      probabilities: Object.fromEntries(manifest.labels.map((label, i) => [label, clampUnit(values[i]!)])),
      tokens: seen.length,
      unknownTokens: seen.filter((id) => id === UNK_ID).length,
      truncated: ids.length > tokenizer.maxLength,
    };
  });
}

/** float32 softmax can land a hair outside [0, 1]. */
function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}
