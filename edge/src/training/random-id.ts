const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `{prefix}-{yyyymmddhhmmss}-{random}`: ids that sort by creation time (UTC), with `randomLength` lower-case letters and digits. */
export function randomId(prefix: string, now: Date, randomLength: number): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const bytes = crypto.getRandomValues(new Uint8Array(randomLength));
  return `${prefix}-${stamp}-${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}
