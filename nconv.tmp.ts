import { loadNativeKernels } from './trainer/src/kernels/native/load-native-kernels.ts';
const load = await loadNativeKernels();
if (!load.ok) throw new Error(load.reason);
const k = load.kernels;
const rnd = (n: number) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
const time = (name: string, flop: number, f: () => void) => {
  for (let i = 0; i < 5; i++) f();
  const n = 40; const t = performance.now();
  for (let i = 0; i < n; i++) f();
  const ms = (performance.now() - t) / n;
  console.log(name.padEnd(34), ms.toFixed(2).padStart(7), 'ms', (flop / ms / 1e6).toFixed(1).padStart(6), 'GFLOP/s');
};
for (const [n, h, w, ci, kh, kw, co] of [[64, 28, 28, 1, 5, 5, 16], [64, 12, 12, 16, 5, 5, 32], [64, 28, 28, 1, 3, 3, 32], [64, 26, 26, 32, 3, 3, 64]]) {
  const oh = h! - kh! + 1, ow = w! - kw! + 1;
  const g = Int32Array.from([n!, h!, w!, ci!, kh!, kw!, co!, oh, ow, 1, 1, 0, 0, 1, 1]);
  const x = rnd(n! * h! * w! * ci!), f = rnd(kh! * kw! * ci! * co!), y = new Float32Array(n! * oh * ow * co!), dx = new Float32Array(x.length), dw = new Float32Array(f.length);
  const flop = 2 * n! * oh * ow * co! * kh! * kw! * ci!;
  const tag = `${ci}->${co} k${kh} ${h}x${w}`;
  time(`fwd ${tag}`, flop, () => k.conv2dForward(x, f, null, y, g, true));
  time(`dW  ${tag}`, flop, () => k.conv2dBackpropFilter(x, y, dw, g));
  time(`dX  ${tag}`, flop, () => k.conv2dBackpropInput(y, f, dx, g));
}
