/**
 * `npm run eval:clients -- [--persist-to .wrangler/state] [--model mnist] [--version V] [--count 400] [--preprocessing 1|2]`:
 * accuracy of every published version of a model in a local R2 state (or the one given) on
 * generated client images: phone photos of digits on paper, browser-canvas drawings, images
 * without a digit (the share answered 422 no_digit) and the 10,000 MNIST test digits as PNGs,
 * through the worker's own preprocessing and softmax; with the expected calibration error (ECE) at
 * the manifest's temperature and at 1. The sets use EVALUATION_STYLE, a seed and MNIST test digits
 * (5000…) that development never used. `--preprocessing` serves a model with another recipe
 * version than its manifest names, to compare recipes.
 */
import { parseArgs } from 'node:util';
import { manifestKey, MODELS_PREFIX, modelManifestSchema, type ModelManifest } from '@edgeml/shared';
import { clientImageSets, type ClientImage } from '@edgeml/shared/testdata/client-image-sets';
import { EVALUATION_STYLE } from '@edgeml/shared/testdata/client-image-style';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';
import { readMnistDigits } from '@edgeml/shared/testdata/read-mnist-digits';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { evaluateClientSet, type SetResult } from './lib/evaluate-client-sets.ts';

const EVALUATION_SEED = 20261203;
const FIRST_EVALUATION_DIGIT = 5000;

const { values } = parseArgs({
  options: {
    'persist-to': { type: 'string', default: '.wrangler/state' },
    model: { type: 'string', default: 'mnist' },
    version: { type: 'string' },
    count: { type: 'string', default: '400' },
    preprocessing: { type: 'string' },
  },
});
const count = Number(values.count);
const started = performance.now();
const sets = clientImageSets({ seed: EVALUATION_SEED, count, firstDigit: FIRST_EVALUATION_DIGIT, blankCount: Math.round(count / 2), style: EVALUATION_STYLE });
const mnist: ClientImage[] = readMnistDigits(10_000).map(({ pixels, label }) => ({ label, bytes: encodePngRaw({ width: 28, height: 28, bitDepth: 8, colourType: 0, samples: pixels }) }));
console.log(`generated ${count} photos, ${count} canvas drawings, ${sets.blank.length} blank images in ${((performance.now() - started) / 1000).toFixed(0)} s`);

const store = await openLocalR2Store({ persistTo: values['persist-to'] });
try {
  const listed = await store.list(`${MODELS_PREFIX}${values.model}/versions/`, { delimiter: '/' });
  const versions = values.version ? [values.version] : listed.prefixes.map((prefix) => prefix.split('/').at(-2)!).sort();
  if (versions.length === 0) throw new Error(`no ${values.model} version is published in ${store.description}`);
  console.log(`${'version'.padEnd(34)}${'prep'.padStart(5)}${'photos'.padStart(9)}${'canvas'.padStart(9)}${'blank→422'.padStart(11)}${'MNIST'.padStart(9)}${'refused p/c/M'.padStart(15)}   ECE photos/canvas/MNIST (T=1 → T)`);
  for (const version of versions) {
    const bytes = await store.get(manifestKey(values.model, version));
    if (!bytes) continue;
    const manifest: ModelManifest = modelManifestSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    if (values.preprocessing) manifest.input.preprocessing.version = values.preprocessing === '2' ? 2 : undefined;
    const model = await store.get(manifest.artifacts.model.key);
    if (!model) continue;
    const results: SetResult[] = [];
    for (const set of [sets.photos, sets.canvas, sets.blank, mnist]) results.push(await evaluateClientSet(manifest, model, set));
    const percent = (value: number) => `${(100 * value).toFixed(1)}%`.padStart(9);
    const ece = (kind: 'ece' | 'eceUncalibrated') => [results[0]!, results[1]!, results[3]!].map((r) => r[kind].toFixed(3)).join('/');
    console.log(
      `${version.padEnd(34)}${`v${manifest.input.preprocessing.version ?? 1}`.padStart(5)}${percent(results[0]!.score)}${percent(results[1]!.score)}` +
        `${percent(results[2]!.score).padStart(11)}${percent(results[3]!.score)}${[results[0]!, results[1]!, results[3]!].map((r) => r.refused).join('/').padStart(15)}` +
        `   ${ece('eceUncalibrated')} → ${ece('ece')} (T=${(manifest.output.temperature ?? 1).toFixed(3)})`,
    );
  }
} finally {
  await store.close();
}
