/**
 * The settings of the retrain CronJob and the trainer image that no run here exercises, read from
 * the files (Docker and a cluster are not available here): container practice in the manifest, the
 * Dockerfile's stages, and that the two agree with each other (user id, writable paths) and with the
 * packages `npm ci --omit=dev` leaves in the image. A real `docker build` and `kubectl apply` are
 * still needed to know the image builds and the manifest is accepted (infra/README.md).
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/published-model.ts';
import { cronJobContainer, type CronJobContainer } from './retrain-cronjob-container.ts';
import { readYaml, type YamlValue } from './retrain-cronjob-yaml.ts';

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions per stage, continuation lines joined and comments dropped; FROM's ARGs substituted. */
function dockerStages(source: string): { from: string; name?: string; instructions: Instruction[] }[] {
  const joined = source.replace(/\\\n(\s*#.*\n)*/g, ' ');
  const instructions = joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => ({ keyword: line.split(/\s+/, 1)[0]!.toUpperCase(), args: line.slice(line.split(/\s+/, 1)[0]!.length).trim() }));
  const globalArgs = new Map<string, string>();
  const stages: { from: string; name?: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.replace(/\$\{(\w+)\}/g, (_, v: string) => globalArgs.get(v) ?? `\${${v}}`).split(/\s+/);
      stages.push({ from: image!, ...(as?.toUpperCase() === 'AS' ? { name } : {}), instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [key, value] = instruction.args.split('=');
      globalArgs.set(key!, value ?? '');
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const read = (file: string) => readFile(path.join(REPO_ROOT, file), 'utf8');
const PYYAML = ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'];
const HAS_PYYAML = spawnSync('python3', [PYYAML[0]!, 'import yaml'], { stdio: 'ignore' }).status === 0;
const mapping = (value: YamlValue | undefined): Record<string, YamlValue> => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});

describe('the trainer image and the retrain CronJob', () => {
  // The manifest is read by the project's own YAML-subset reader (no YAML package is a dependency): it must agree with a real parser.
  it.skipIf(!HAS_PYYAML)('reads the manifest as PyYAML does', async () => {
    const source = await read('infra/k8s/retrain-cronjob.yaml');
    const python = spawnSync('python3', PYYAML, { input: source, encoding: 'utf8' });
    expect(python.status, python.stderr).toBe(0);
    expect(readYaml(source)).toEqual(JSON.parse(python.stdout));
  });

  it('runs a pinned image as a non-root user on a read-only root, with resources, one run at a time, and time for a clean stop', async () => {
    const { image, container, pod, job, cronJob }: CronJobContainer = cronJobContainer(readYaml(await read('infra/k8s/retrain-cronjob.yaml')));
    // A version tag (not latest) or a digest.
    expect(image).toMatch(/^[\w./-]+(:(?!latest$)v?\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/);
    expect(mapping(cronJob.spec).concurrencyPolicy).toBe('Forbid');
    expect(job.activeDeadlineSeconds).toEqual(expect.any(Number));
    // The runner needs seconds to release a job in training and under a minute to finish one past publishing.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
    expect(mapping(pod.securityContext)).toMatchObject({ runAsNonRoot: true });
    expect(mapping(container.securityContext)).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const resources = mapping(container.resources);
    expect(mapping(resources.requests)).toMatchObject({ 'nvidia.com/gpu': 1, cpu: expect.anything(), memory: expect.anything() });
    expect(mapping(resources.limits)).toMatchObject({ 'nvidia.com/gpu': 1, memory: expect.anything() });
  });

  it('builds in stages: compilers only in the build stage, a pinned Node 22, non-root, dev dependencies left out', async () => {
    const stages = dockerStages(await read('infra/trainer/Dockerfile'));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^[\w./-]+:(?!latest$)[\w.-]*\d[\w.-]*$/);
    expect(stages.map((s) => s.from)).toContainEqual(expect.stringMatching(/^node:22\.\d+\.\d+-/));

    const final = stages.at(-1)!;
    const finalRuns = final.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    for (const run of finalRuns) expect(run).not.toMatch(/\b(apt-get|apk|yum|dnf)\b.*(?<![\w+-])(g\+\+|gcc|clang|make|python3|build-essential)(?![\w+-])|\bnpm\b/);
    const user = final.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(user!.split(':')[0]).not.toBe('0');
    expect(final.instructions.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe('["node", "trainer/bin/trainer.mjs"]');
    expect(final.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ')).toMatch(/EDGEML_TF_BACKEND=tensorflow-gpu/);

    // The install-script policy (.npmrc, package.json's allowScripts) is in place before npm ci runs.
    const build = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)))!;
    const ciAt = build.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    const npmrcAt = build.instructions.findIndex((i) => i.keyword === 'COPY' && /(^|\s)\.npmrc(\s|$)/.test(i.args) && /package\.json/.test(i.args));
    expect(npmrcAt).toBeGreaterThanOrEqual(0);
    expect(npmrcAt).toBeLessThan(ciAt);
    expect(build.instructions[ciAt]!.args).toMatch(/--omit=dev/);
  });

  it('agrees with the manifest and the packages: the same user, writable scratch where the runner writes, runtime dependencies declared', async () => {
    const stages = dockerStages(await read('infra/trainer/Dockerfile'));
    const final = stages.at(-1)!;
    const { pod, container } = cronJobContainer(readYaml(await read('infra/k8s/retrain-cronjob.yaml')));
    const uid = Number(final.instructions.filter((i) => i.keyword === 'USER').at(-1)!.args.split(':')[0]);
    expect(mapping(pod.securityContext).runAsUser ?? uid).toBe(uid);

    // The read-only root leaves only mounted emptyDirs writable: /tmp (HOME, tsx, the check's bundle) and wrangler's scratch.
    const workdir = final.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)!.args;
    const mounts = (container.volumeMounts as YamlValue[]).map((m) => mapping(m));
    const volumes = new Map((pod.volumes as YamlValue[]).map((v) => [mapping(v).name, mapping(v)]));
    for (const dir of ['/tmp', path.posix.join(workdir, '.wrangler')]) {
      const mount = mounts.find((m) => m.mountPath === dir);
      expect(mount, `${dir} is mounted`).toBeDefined();
      expect(volumes.get(mount!.name)?.emptyDir, `${dir} is an emptyDir`).toBeDefined();
    }
    expect(final.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ')).toMatch(/HOME=\/tmp\b/);

    // npm ci --omit=dev keeps only declared dependencies: what the entrypoint and the deployability check load must be among them.
    const trainer = JSON.parse(await read('trainer/package.json')) as { dependencies?: Record<string, string> };
    expect(Object.keys(trainer.dependencies ?? {})).toEqual(expect.arrayContaining(['tsx', 'wrangler', 'miniflare', '@edgeml/edge', '@edgeml/shared']));
  });

  it('keeps the build context small and secret-free without leaving out what the Dockerfile copies', async () => {
    const patterns = (await read('.dockerignore')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const ignored of ['.git', '**/node_modules', '.artifacts', '.wrangler', 'dist', '.dev.vars']) expect(patterns).toContain(ignored);
    const copied = dockerStages(await read('infra/trainer/Dockerfile'))
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied).toEqual(expect.arrayContaining(['.npmrc', 'package-lock.json', 'trainer', 'wrangler.toml']));
    for (const source of copied) {
      const top = source.replace(/\/$/, '').split('/')[0]!;
      const excluded = patterns.includes(source) || patterns.includes(top);
      expect(!excluded || patterns.includes(`!${source}`), `${source} reaches the build context`).toBe(true);
    }
  });
});
