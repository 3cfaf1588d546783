import { splitWords, TEXT_WORDS_SHOWN, UNK_ID, type TextModelManifest, type TextPrediction, type TextTokenizer } from '@edgeml/shared';
import { softmax } from '../predict/softmax.ts';

/**
 * Model outputs ([texts, labels]) as one prediction per text: the top label, its confidence, every
 * label's probability, and which words the model could not read (unknown) or did not see (cut off).
 */
export function toTextPredictions(output: Float32Array, texts: readonly string[], manifest: TextModelManifest, tokenizer: TextTokenizer): TextPrediction[] {
  const width = manifest.labels.length;
  const probabilities = manifest.output.kind === 'logits' ? softmax(output, width) : output;
  return texts.map((text, row) => {
    const values = probabilities.subarray(row * width, (row + 1) * width);
    let best = 0;
    for (let i = 1; i < width; i++) if (values[i]! > values[best]!) best = i;
    const words = splitWords(text);
    const seen = words.slice(0, tokenizer.maxLength);
    const unknown = seen.filter((word) => tokenizer.tokenId(word) === UNK_ID);
    return {
      label: manifest.labels[best]!,
      confidence: clampUnit(values[best]!),
      probabilities: Object.fromEntries(manifest.labels.map((label, i) => [label, clampUnit(values[i]!)])),
      tokens: seen.length,
      unknownTokens: unknown.length,
      truncated: words.length > tokenizer.maxLength,
      unknownWords: [...new Set(unknown)].slice(0, TEXT_WORDS_SHOWN),
      truncatedWords: words.slice(tokenizer.maxLength, tokenizer.maxLength + TEXT_WORDS_SHOWN),
    };
  });
}

/** float32 softmax can land a hair outside [0, 1]. */
function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}
