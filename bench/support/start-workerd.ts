import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

const require = createRequire(import.meta.url);

export interface WorkerdModule {
  name: string;
  /** The capnp module kind: esModule, wasm, json, data, ... */
  kind: 'esModule' | 'wasm' | 'json' | 'data';
  /** A file in the config's folder (embedded), or for `json` the text itself. */
  file?: string;
  text?: string;
}

export interface BareWorkerd {
  url: string;
  process: ChildProcess;
  /** From spawning workerd to its first answer (process start, module evaluation included). */
  readyMs: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface StartWorkerdOptions {
  /** V8 flags (workerd's `v8Flags`), which Miniflare does not expose. */
  v8Flags?: readonly string[];
  /**
   * Also sets up a second, trivial worker after ours, as Miniflare sets up its own services
   * (core:entry, cache, ...) after the user's worker: its start-up makes V8 flush the process's
   * Liftoff-compiled WASM code, ours included.
   */
  laterWorker?: boolean;
}

/**
 * A workerd process, without Miniflare, serving one worker made of `modules` (files in `dir`): what
 * the benchmarks use to compare V8 settings and process layouts Miniflare does not let us choose.
 */
export async function startWorkerd(dir: string, modules: readonly WorkerdModule[], { v8Flags = [], laterWorker = false }: StartWorkerdOptions = {}): Promise<BareWorkerd> {
  const port = await freePort();
  const config = `${dir}/workerd-${port}.capnp`;
  const lines = modules.map((module) =>
    module.kind === 'json' ? `(name = ${JSON.stringify(module.name)}, json = ${JSON.stringify(module.text)})` : `(name = ${JSON.stringify(module.name)}, ${module.kind} = embed ${JSON.stringify(module.file)})`,
  );
  await writeFile(config, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker)${laterWorker ? ', (name = "later", worker = .later)' : ''} ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
  v8Flags = [ ${v8Flags.map((flag) => JSON.stringify(flag)).join(', ')} ],
);
const worker :Workerd.Worker = (
  modules = [ ${lines.join(', ')} ],
  compatibilityDate = "2026-04-20",
);
const later :Workerd.Worker = (
  modules = [ (name = "later.js", esModule = "export default { fetch: () => new Response('later') };") ],
  compatibilityDate = "2026-04-20",
);
`);
  const started = performance.now();
  const child = spawn(require.resolve('workerd/bin/workerd'), ['serve', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (await fetch(url).then((response) => response.arrayBuffer().then(() => true), () => false)) return { url, process: child, readyMs: performance.now() - started };
    if (performance.now() - started > 20_000 || child.exitCode !== null) {
      child.kill();
      throw new Error(`workerd with [${v8Flags.join(' ')}] did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
