/** The `name;dur=x` entries of a Server-Timing header, by name (NaN for an entry without `dur`). */
export function parseServerTiming(header: string | null): Record<string, number> {
  const entries = (header ?? '').split(',').filter((entry) => entry.trim() !== '');
  return Object.fromEntries(
    entries.map((entry) => {
      const [name, ...params] = entry.trim().split(';');
      const dur = params.find((param) => param.trim().startsWith('dur='));
      return [name!.trim(), Number(dur?.trim().slice(4))];
    }),
  );
}
