import type { YamlValue } from './retrain-cronjob-yaml.ts';

/** One `env` entry of a Kubernetes container: a literal value, or a key of a Secret or ConfigMap. */
export interface K8sEnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}

export interface CronJobContainer {
  image: string;
  args: string[];
  env: K8sEnvVar[];
  /** The rest of the container and pod spec, for checks of its settings. */
  container: Record<string, YamlValue>;
  pod: Record<string, YamlValue>;
  job: Record<string, YamlValue>;
  cronJob: Record<string, YamlValue>;
}

/** The one container of a CronJob manifest, with its args and env checked for shape (not content). */
export function cronJobContainer(doc: YamlValue): CronJobContainer {
  const cronJob = object(doc, 'the document');
  if (cronJob.kind !== 'CronJob') throw new Error(`expected kind CronJob, got ${String(cronJob.kind)}`);
  const job = object(object(object(cronJob.spec, 'spec').jobTemplate, 'spec.jobTemplate').spec, 'spec.jobTemplate.spec');
  const pod = object(object(job.template, 'the pod template').spec, 'the pod spec');
  const containers = pod.containers;
  if (!Array.isArray(containers) || containers.length !== 1) throw new Error('expected exactly one container');
  const container = object(containers[0], 'the container');
  const args = container.args;
  if (!Array.isArray(args) || !args.every((a): a is string => typeof a === 'string')) throw new Error('container args must be a list of strings');
  const env = container.env;
  if (!Array.isArray(env)) throw new Error('container env must be a list');
  return {
    image: String(container.image),
    args,
    env: env.map((entry) => envVar(object(entry, 'an env entry'))),
    container,
    pod,
    job,
    cronJob,
  };
}

function envVar(entry: Record<string, YamlValue>): K8sEnvVar {
  const name = entry.name;
  if (typeof name !== 'string') throw new Error('an env entry has no name');
  if (typeof entry.value === 'string') return { name, value: entry.value };
  if (entry.value !== undefined) throw new Error(`env ${name}: Kubernetes wants a string value, got ${JSON.stringify(entry.value)}`);
  const from = object(entry.valueFrom, `env ${name}.valueFrom`);
  const ref = (kind: 'secretKeyRef' | 'configMapKeyRef') => {
    if (from[kind] === undefined) return undefined;
    const r = object(from[kind], `env ${name}.valueFrom.${kind}`);
    if (typeof r.name !== 'string' || typeof r.key !== 'string') throw new Error(`env ${name}: ${kind} needs a name and a key`);
    return { name: r.name, key: r.key };
  };
  const secretKeyRef = ref('secretKeyRef');
  const configMapKeyRef = ref('configMapKeyRef');
  if (!secretKeyRef && !configMapKeyRef) throw new Error(`env ${name}: neither a value nor a secretKeyRef or configMapKeyRef`);
  return { name, valueFrom: { ...(secretKeyRef ? { secretKeyRef } : {}), ...(configMapKeyRef ? { configMapKeyRef } : {}) } };
}

function object(value: YamlValue | undefined, what: string): Record<string, YamlValue> {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a mapping`);
  return value;
}
