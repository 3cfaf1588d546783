import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { anyModelManifestSchema, artifactKey, sha256Hex, type AnyModelManifest } from '@edgeml/shared';
import type { DeployabilityReport } from '../deploy/check-deployable.ts';
import { importCheckDeployable } from '../deploy/deploy-gate.ts';
import { TrainerError } from '../errors.ts';
import { buildRunVersion } from '../pipeline/build-run-version.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';

export const checkDeployableCommand = defineCommand({
  name: 'check-deployable',
  synopsis: '(--run DIR | --onnx FILE [--manifest FILE]) [options]',
  description: `Checks that a model can serve from the edge before it is promoted: every operator runs in
onnxruntime-web's WASM backend; the model is within the edge's MAX_MODEL_BYTES; worker bundle plus
model fit the upload limit; and the real worker in workerd (Miniflare) loads it, passes its golden
vectors, within the memory budget, and answers its first prediction within the start-up budget.`,
  flags: {
    run: { type: 'string', placeholder: 'DIR', help: 'a digit run (run.json) or text run folder, checked as it would publish' },
    onnx: { type: 'string', placeholder: 'FILE', help: 'an ONNX file; with --manifest it is also loaded in workerd,\nelse only operators and sizes are checked' },
    manifest: { type: 'string', placeholder: 'FILE', help: 'with --onnx: a model manifest, its other artifacts beside it' },
    'cold-starts': { ...integerFlag(1), aliases: ['runs'], help: 'fresh workers timed for the cold start (default 3)' },
    'startup-ms': { type: 'number', min: 0, exclusiveMin: true, placeholder: 'MS', help: 'start-up budget, cold start to first prediction (default 1000)' },
    'memory-mib': { type: 'number', min: 0, exclusiveMin: true, placeholder: 'MIB', help: 'memory the model\'s load may add to the isolate (default 128)' },
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  epilog: 'exit status: 0 deployable, 1 not (or a bad argument), 2 internal fault',
  async run(values) {
    if ((values.run === undefined) === (values.onnx === undefined)) throw new TrainerError('invalid_argument', 'give exactly one of --run DIR or --onnx FILE');
    if (values.manifest !== undefined && values.onnx === undefined) throw new TrainerError('invalid_argument', '--manifest goes with --onnx');
    const candidate = values.run !== undefined ? await buildRunVersion({ dir: values.run }) : await readOnnx(values.onnx!, values.manifest);
    const { checkDeployable } = await importCheckDeployable();
    const report = await checkDeployable({
      ...candidate,
      coldStartRuns: values['cold-starts'],
      budgets: { startupMs: values['startup-ms'], memoryMiB: values['memory-mib'] },
      log: (line) => console.error(line),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.ok ? 0 : 1;
  },
});

/** One line per check, then the verdict. */
function formatReport(report: DeployabilityReport): string {
  const label = report.model.name ? `${report.model.name}@${report.model.version}` : 'model';
  const lines = report.checks.map((check) => `${check.status.toUpperCase().padEnd(7)} ${check.check.padEnd(12)} ${check.message}`);
  const unsupported = report.operators.filter((operator) => !operator.supported);
  for (const operator of unsupported) lines.push(`        unsupported: ${operator.domain} ${operator.opType} (opset ${operator.opset}, ${operator.nodes} node(s)): ${operator.reason ?? ''}`);
  lines.push(report.ok ? `${label} is deployable to the edge` : `${label} is NOT deployable to the edge: fix the failed checks above`);
  return lines.join('\n');
}

async function readOnnx(file: string, manifestFile: string | undefined): Promise<{ manifest?: AnyModelManifest; artifacts: Record<string, Uint8Array> }> {
  const model = new Uint8Array(await readFile(file).catch((error: Error) => failRead(file, error)));
  if (manifestFile === undefined) return { artifacts: { model } };
  let json: { name?: unknown; version?: unknown; artifacts?: Record<string, { key?: unknown }> };
  try {
    json = JSON.parse((await readFile(manifestFile).catch((error: Error) => failRead(manifestFile, error))).toString('utf8'));
  } catch (error) {
    if (error instanceof TrainerError) throw error;
    throw new TrainerError('invalid_argument', `${manifestFile} is not JSON: ${(error as Error).message}`);
  }
  // The model artifact is the file given, whatever the manifest said; other artifacts are read beside the manifest.
  const artifacts: Record<string, Uint8Array> = { model };
  const entries: Record<string, unknown> = {};
  for (const [name, artifact] of Object.entries(json.artifacts ?? {})) {
    if (name === 'model') continue;
    const base = path.basename(String(artifact.key ?? name));
    artifacts[name] = new Uint8Array(await readFile(path.join(path.dirname(manifestFile), base)).catch((error: Error) => failRead(path.join(path.dirname(manifestFile), base), error)));
    entries[name] = artifact;
  }
  const name = String(json.name);
  const version = String(json.version);
  const parsed = anyModelManifestSchema.safeParse({
    ...json,
    artifacts: { ...entries, model: { key: artifactKey(name, version, 'model.onnx'), bytes: model.length, sha256: await sha256Hex(model), contentType: 'application/octet-stream' } },
  });
  if (!parsed.success) throw new TrainerError('invalid_argument', `${manifestFile} is not a model manifest: ${parsed.error.message}`);
  return { manifest: parsed.data, artifacts };
}

function failRead(file: string, error: Error): never {
  throw new TrainerError('invalid_argument', `cannot read ${file}: ${error.message}`);
}
