import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVocabulary, TextTokenizer } from '@edgeml/shared/text/index';

// Texts that exercise NFKC (ligatures, full-width, composed accents), case folding, symbols and scripts.
const TEXTS = [
  'FREE money!!! Click https://example.com/win?x=1 now',
  'Ｆｕｌｌ-width ＡＢＣ and the ﬁne ligature',
  'Café vs Cafe\u0301 — déjà vu, naïve coöperation',
  'Ünïcödé ΕΛΛΗΝΙΚΑ русский 中文字符 😀 emoji',
  'don’t won\'t l\'été',
  '',
  '   \n\t  ',
  'word '.repeat(50),
];

let worker: Miniflare;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, 'tokenizer-worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    mainFields: ['module', 'main'],
  });
  worker = new Miniflare({ modules: true, script: bundle.outputFiles[0]!.text, compatibilityDate: '2025-01-01' });
});

afterAll(async () => {
  await worker?.dispose();
});

describe('shared tokenizer in workerd', () => {
  it('gives the same token ids as in Node', async () => {
    const vocabulary = buildVocabulary([...TEXTS, 'free click cafe café déjà naïve'], { maxSize: 40 });
    const tokenizer = new TextTokenizer(vocabulary, 12);
    const response = await worker.dispatchFetch('http://tokenizer/', {
      method: 'POST',
      body: JSON.stringify({ vocabulary, maxLength: 12, texts: TEXTS }),
    });
    expect(response.status).toBe(200);
    const { ids } = (await response.json()) as { ids: number[][] };
    const nodeIds = TEXTS.map((text) => [...tokenizer.encode(text)]);
    expect(ids).toEqual(nodeIds);
    // The cases are not trivial: known words, <unk> and padding all occur.
    const flat = nodeIds.flat();
    expect(flat.some((id) => id > 1)).toBe(true);
    expect(flat).toContain(1);
    expect(flat).toContain(0);
  });
});
