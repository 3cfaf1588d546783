import { buildVocabulary, TEXT_WORDS_SHOWN, TextTokenizer, type TextModelManifest } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { toTextPredictions } from './to-text-predictions.ts';

const manifest = { labels: ['ham', 'spam'], output: { name: 'probabilities', kind: 'probabilities' } } as unknown as TextModelManifest;
const tokenizer = new TextTokenizer(buildVocabulary(['win cash now'], { maxSize: 10 }), 3);

describe('toTextPredictions', () => {
  it('labels each row with its top class, every probability and token counts', () => {
    const output = Float32Array.from([0.2, 0.8, 0.9, 0.1]);
    const [first, second] = toTextPredictions(output, ['win big cash now', 'hello'], manifest, tokenizer);
    expect(first).toMatchObject({ label: 'spam', tokens: 3, unknownTokens: 1, truncated: true, unknownWords: ['big'], truncatedWords: ['now'] });
    expect(first!.confidence).toBeCloseTo(0.8, 6);
    expect(first!.probabilities.ham).toBeCloseTo(0.2, 6);
    expect(second).toMatchObject({ label: 'ham', tokens: 1, unknownTokens: 1, truncated: false, unknownWords: ['hello'], truncatedWords: [] });
  });

  it('names each unknown word once, and at most TEXT_WORDS_SHOWN of the unknown and of the cut-off words', () => {
    const long = new TextTokenizer(buildVocabulary(['win cash now'], { maxSize: 10 }), 40);
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const text = `zap win zap Zap ${words.join(' ')}`;
    const [prediction] = toTextPredictions(Float32Array.from([0.5, 0.5]), [text], manifest, long);
    expect(prediction!.unknownTokens).toBe(39);
    expect(prediction!.unknownWords).toEqual(['zap', ...words.slice(0, TEXT_WORDS_SHOWN - 1)]);
    expect(prediction!.truncatedWords).toEqual(words.slice(36, 36 + TEXT_WORDS_SHOWN));
  });

  it('applies softmax to logits', () => {
    const logits = { ...manifest, output: { name: 'logits', kind: 'logits' } } as TextModelManifest;
    const [prediction] = toTextPredictions(Float32Array.from([0, Math.log(3)]), ['cash'], logits, tokenizer);
    expect(prediction!.probabilities.spam).toBeCloseTo(0.75, 6);
  });
});
