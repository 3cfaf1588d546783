import type { AnyModelManifest } from '@edgeml/shared';
import { checkOperators } from './check-operators.ts';
import { judgeWorkerdLoad } from './judge-workerd-load.ts';
import { measureWorkerdLoad, type WorkerdLoad } from './measure-workerd-load.ts';
import type { OperatorSupport } from './probe-wasm-operators.ts';
import { buildWorkerBundle, workerVars } from './start-edge-worker.ts';

const MiB = 2 ** 20;

export interface DeployBudgets {
  /** Largest model the edge loads: wrangler.toml's MAX_MODEL_BYTES (the edge refuses bigger ones with model_too_large). */
  maxModelBytes: number;
  /** Worker bundle plus model, uncompressed (default 64 MiB). */
  maxUploadBytes: number;
  /** What loading the model may add to the isolate's memory (default 128 MiB, a Worker isolate's limit). */
  memoryMiB: number;
  /**
   * Cold start to first prediction in workerd's CPU time (wall time without /proc), median of the
   * runs. Default 1 s: Cloudflare's Worker start-up limit, which the model, loaded on the first
   * request, is held to as well.
   */
  startupMs: number;
}

export type DeployCheckName = 'operators' | 'model-size' | 'upload-size' | 'workerd-load' | 'memory' | 'startup';

export interface DeployCheckResult {
  check: DeployCheckName;
  /** `skipped` when an earlier failure made it meaningless (nothing to load). */
  status: 'pass' | 'fail' | 'skipped';
  /** One line a person can act on. */
  message: string;
  figures: Record<string, number | string | null>;
}

export interface DeployabilityReport {
  ok: boolean;
  model: { name?: string; version?: string; bytes: number };
  budgets: DeployBudgets;
  checks: DeployCheckResult[];
  operators: OperatorSupport[];
  workerd?: WorkerdLoad;
}

export interface CheckDeployableParams {
  /** Without a manifest (a bare ONNX file) the worker cannot serve the model: only operators and sizes are checked. */
  manifest?: AnyModelManifest;
  /** Bytes of every artifact the manifest names (model, golden, vocabulary…); at least `model`. */
  artifacts: Record<string, Uint8Array>;
  budgets?: Partial<DeployBudgets>;
  /** Fresh workers started to time the cold start (default 3). */
  coldStartRuns?: number;
  log?: (line: string) => void;
}

/**
 * Whether a candidate can serve from the edge, checked before it is promoted: onnxruntime-web's
 * WASM backend runs every operator; the model is within the edge's size budget; worker bundle plus
 * model fit the upload limit; and the real worker in workerd loads it (golden vectors included)
 * within the memory budget and answers its first prediction within the start-up budget.
 */
export async function checkDeployable(params: CheckDeployableParams): Promise<DeployabilityReport> {
  const { manifest, artifacts } = params;
  const log = params.log ?? (() => {});
  const onnx = artifacts.model;
  if (!onnx) throw new Error('checkDeployable needs the model artifact');
  const budgets: DeployBudgets = {
    maxModelBytes: Number(workerVars().MAX_MODEL_BYTES ?? 32 * MiB),
    maxUploadBytes: 64 * MiB,
    memoryMiB: 128,
    startupMs: 1000,
    // An override left undefined (a CLI flag not given) keeps the default.
    ...Object.fromEntries(Object.entries(params.budgets ?? {}).filter((entry) => entry[1] !== undefined)),
  };
  const label = manifest ? `${manifest.name}@${manifest.version}` : 'the model';
  const checks: DeployCheckResult[] = [];

  log(`${label}: probing operators in onnxruntime-web's WASM backend`);
  const operators = await checkOperators(onnx);
  const unsupported = operators.operators.filter((operator) => !operator.supported);
  checks.push(
    operators.ok
      ? { check: 'operators', status: 'pass', message: `all ${operators.operators.length} operators run in onnxruntime-web's WASM backend`, figures: { operators: operators.operators.length } }
      : {
          check: 'operators',
          status: 'fail',
          message:
            `onnxruntime-web's WASM backend cannot run ${unsupported.map((op) => `${op.domain} ${op.opType} (opset ${op.opset})`).join(', ') || 'this model'}: ` +
            `re-export without ${unsupported.length === 1 ? 'it' : 'them'} (standard ai.onnx operators at an opset ORT-web knows). ${operators.modelError ?? ''}`.trim(),
          figures: { operators: operators.operators.length, unsupported: unsupported.length },
        },
  );

  checks.push(
    onnx.length <= budgets.maxModelBytes
      ? { check: 'model-size', status: 'pass', message: `model is ${mib(onnx.length)} MiB, within the edge's ${mib(budgets.maxModelBytes)} MiB`, figures: { modelBytes: onnx.length, budgetBytes: budgets.maxModelBytes } }
      : {
          check: 'model-size',
          status: 'fail',
          message: `model is ${mib(onnx.length)} MiB, over the edge's MAX_MODEL_BYTES (${mib(budgets.maxModelBytes)} MiB): shrink it (trainer optimize, trainer publish --int8) or raise MAX_MODEL_BYTES in wrangler.toml`,
          figures: { modelBytes: onnx.length, budgetBytes: budgets.maxModelBytes },
        },
  );

  log('bundling the worker (wrangler deploy --dry-run)');
  const bundle = await buildWorkerBundle();
  const uploadBytes = bundle.bytes + onnx.length;
  checks.push({
    check: 'upload-size',
    status: uploadBytes <= budgets.maxUploadBytes ? 'pass' : 'fail',
    message:
      `worker bundle ${mib(bundle.bytes)} MiB + model ${mib(onnx.length)} MiB = ${mib(uploadBytes)} MiB uncompressed, ` +
      (uploadBytes <= budgets.maxUploadBytes ? `within ${mib(budgets.maxUploadBytes)} MiB` : `over the ${mib(budgets.maxUploadBytes)} MiB upload limit: shrink the model`),
    figures: { bundleBytes: bundle.bytes, modelBytes: onnx.length, uploadBytes, budgetBytes: budgets.maxUploadBytes },
  });

  let workerd: WorkerdLoad | undefined;
  if (!operators.ok || !manifest) {
    const message = manifest ? 'not tried: the model uses operators the WASM backend lacks' : 'not tried: give the manifest (--manifest) so the worker can serve the model';
    for (const check of ['workerd-load', 'memory', 'startup'] as const) checks.push({ check, status: 'skipped', message, figures: {} });
  } else {
    const runs = params.coldStartRuns ?? 3;
    log(`loading ${label} in workerd (${runs} cold starts)`);
    workerd = await measureWorkerdLoad(manifest, artifacts, runs);
    checks.push(...judgeWorkerdLoad(workerd, budgets, runs));
  }
  return { ok: checks.every((check) => check.status !== 'fail'), model: { name: manifest?.name, version: manifest?.version, bytes: onnx.length }, budgets, checks, operators: operators.operators, workerd };
}

/** MiB with three decimals: a small model reads 0.068, not 0. */
function mib(bytes: number): number {
  return Math.round((bytes / MiB) * 1000) / 1000;
}
