/**
 * `npm run eval:clients -- [--persist-to .wrangler/state] [--model mnist] [--version V] [--count 400] [--preprocessing 1|2]
 * [--style evaluation|development] [--sets photos,canvas,chromium,blank,mnist] [--dump DIR]`:
 * accuracy of every published version of a model in a local R2 state (or the one given) on
 * generated client images: phone photos of digits on paper, canvas drawings (rendered here, and
 * drawn in headless Chromium from handwritten stroke paths), images without a digit (the share
 * answered 422 no_digit) and the 10,000 MNIST test digits as PNGs, through the worker's own
 * preprocessing and softmax; with the expected calibration error (ECE) at the manifest's
 * temperature and at 1. By default the sets are the held-out ones (EVALUATION_STYLE, a seed and
 * MNIST test digits 5000… that development never used); `--style development` gives the ones
 * preprocessing was tuned on. `--preprocessing` serves a model with another recipe version than
 * its manifest names, to compare recipes. `--dump DIR` writes every wrong answer as a PNG (the
 * image beside the model's 28 × 28 input).
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { manifestKey, MODELS_PREFIX, modelManifestSchema, type ModelManifest } from '@edgeml/shared';
import { clientImageSets, type ClientImage } from '@edgeml/shared/testdata/client-image-sets';
import { DEVELOPMENT_STYLE, EVALUATION_STYLE } from '@edgeml/shared/testdata/client-image-style';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { handwrittenStrokes } from '@edgeml/shared/testdata/handwritten-strokes';
import { readMnistDigits } from '@edgeml/shared/testdata/read-mnist-digits';
import { seededRandom } from '@edgeml/shared/testdata/seeded-random';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { CANVAS_SIDE, drawInChromium } from './lib/draw-in-chromium.ts';
import { evaluateClientSet, type SetResult } from './lib/evaluate-client-sets.ts';

/** Seeds and first MNIST test digits of each style's sets: development's are never evaluated on, evaluation's never looked at while tuning. */
const STYLES = {
  evaluation: { style: EVALUATION_STYLE, seed: 20261203, firstDigit: 5000 },
  development: { style: DEVELOPMENT_STYLE, seed: 7, firstDigit: 1000 },
} as const;
const SET_NAMES = ['photos', 'canvas', 'chromium', 'blank', 'mnist'] as const;
type SetName = (typeof SET_NAMES)[number];

const { values } = parseArgs({
  options: {
    'persist-to': { type: 'string', default: '.wrangler/state' },
    model: { type: 'string', default: 'mnist' },
    version: { type: 'string' },
    count: { type: 'string', default: '400' },
    preprocessing: { type: 'string' },
    style: { type: 'string', default: 'evaluation' },
    sets: { type: 'string', default: SET_NAMES.join(',') },
    dump: { type: 'string' },
  },
});
const count = Number(values.count);
if (!(values.style in STYLES)) throw new Error(`--style is evaluation or development, not ${values.style}`);
const { style, seed, firstDigit } = STYLES[values.style as keyof typeof STYLES];
const wanted = values.sets.split(',') as SetName[];
for (const name of wanted) if (!SET_NAMES.includes(name)) throw new Error(`unknown set ${name}; the sets are ${SET_NAMES.join(', ')}`);
const started = performance.now();
const generated = clientImageSets({ seed, count, firstDigit, blankCount: Math.round(count / 2), style });
const sets: Partial<Record<SetName, ClientImage[]>> = { photos: generated.photos, canvas: generated.canvas, blank: generated.blank };
if (wanted.includes('chromium')) {
  // Labels in turn, so every digit is drawn count / 10 times.
  const random = seededRandom(seed + 1);
  const drawings = Array.from({ length: count }, (_, i) => handwrittenStrokes(i % 10, CANVAS_SIDE, style.drawn, random));
  const pngs = await drawInChromium(drawings);
  sets.chromium = pngs.map((bytes, i) => ({ bytes, label: i % 10 }));
}
if (wanted.includes('mnist')) {
  sets.mnist = readMnistDigits(10_000).map(({ pixels, label }) => ({ label, bytes: encodePngRaw({ width: 28, height: 28, bitDepth: 8, colourType: 0, samples: pixels }) }));
}
console.log(`${values.style} sets: ${count} photos, ${count} canvas drawings, ${count} drawn in Chromium, ${generated.blank.length} blank images, made in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (values.dump) mkdirSync(values.dump, { recursive: true });

const store = await openLocalR2Store({ persistTo: values['persist-to'] });
try {
  const listed = await store.list(`${MODELS_PREFIX}${values.model}/versions/`, { delimiter: '/' });
  const versions = values.version ? [values.version] : listed.prefixes.map((prefix) => prefix.split('/').at(-2)!).sort();
  if (versions.length === 0) throw new Error(`no ${values.model} version is published in ${store.description}`);
  const digitSets = wanted.filter((name) => name !== 'blank');
  console.log(`${'version'.padEnd(34)}${'prep'.padStart(5)}${wanted.map((name) => (name === 'blank' ? 'blank→422' : name).padStart(11)).join('')}   refused ${digitSets.join('/')}   ECE ${digitSets.join('/')} (T=1 → T)`);
  for (const version of versions) {
    const bytes = await store.get(manifestKey(values.model, version));
    if (!bytes) continue;
    const manifest: ModelManifest = modelManifestSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    const { preprocessing } = manifest.input;
    // Digit sets score digit models only (a fashion-mnist model's `resize` recipe looks for no digit).
    if (preprocessing.recipe !== 'mnist') continue;
    if (values.preprocessing) preprocessing.version = values.preprocessing === '2' ? 2 : undefined;
    const model = await store.get(manifest.artifacts.model.key);
    if (!model) continue;
    const results = new Map<SetName, SetResult>();
    for (const name of wanted) {
      results.set(name, await evaluateClientSet(manifest, model, sets[name]!, values.dump ? { dir: values.dump, prefix: `${version}-${name}` } : undefined));
    }
    const digits = digitSets.map((name) => results.get(name)!);
    const ece = (kind: 'ece' | 'eceUncalibrated') => digits.map((r) => r[kind].toFixed(3)).join('/');
    console.log(
      `${version.padEnd(34)}${`v${preprocessing.version ?? 1}`.padStart(5)}` +
        `${wanted.map((name) => `${(100 * results.get(name)!.score).toFixed(1)}%`.padStart(11)).join('')}` +
        `   ${digits.map((r) => r.refused).join('/')}   ${ece('eceUncalibrated')} → ${ece('ece')} (T=${(manifest.output.temperature ?? 1).toFixed(3)})`,
    );
  }
} finally {
  await store.close();
}
