/**
 * Decodes each image with decodeImage in a fresh Node process and reports how much that process's
 * peak RSS grew over a warmed-up baseline (MiB), with each image's outcome (`decoded` or the
 * InputError code) and time.
 */
export function measureDecodePeak(images: Uint8Array[]): { growthMiB: number; outcomes: Array<{ code: string; ms: number }> };
