import { shadowPrefix, shadowRecordSchema, type ModelChannels, type ShadowAgreement, type ShadowSummaryResponse } from '@edgeml/shared';

/** Records read per summary at most (list pages of up to 1000): past this the summary says `truncated`. */
const MAX_RECORDS = 20_000;

/** Running totals of one shadow and served version pair. */
interface Totals {
  shadowVersion: string;
  servedVersion: string;
  requests: number;
  failures: number;
  compared: number;
  agreements: number;
  sumMaxDelta: number;
  maxDelta: number | null;
  firstAt: string;
  lastAt: string;
}

interface Figures {
  servedVersion: string;
  rows: number;
  top1Agreements: number;
  sumMaxDelta: number;
  maxDelta: number;
  failed: boolean;
  at: string;
}

/**
 * The agreement recorded for a model's shadow versions (or only `shadowVersion`), one entry per
 * shadow and served version pair, from the records' metadata (a body is read only for a record
 * without it).
 */
export async function summarizeShadow(bucket: R2Bucket, name: string, channels: ModelChannels, shadowVersion?: string): Promise<ShadowSummaryResponse> {
  const prefix = shadowPrefix(name, shadowVersion);
  const groups = new Map<string, Totals>();
  let read = 0;
  let cursor: string | undefined;
  let truncated = false;
  do {
    const page = await bucket.list({ prefix, cursor, include: ['customMetadata'] });
    for (const object of page.objects) {
      if (read >= MAX_RECORDS) {
        truncated = true;
        break;
      }
      const figures = fromMetadata(object.customMetadata) ?? (await fromBody(bucket, object.key));
      if (!figures) continue;
      read++;
      const version = object.key.slice(shadowPrefix(name).length).split('/')[0]!;
      add(groups, version, figures);
    }
    cursor = page.truncated && !truncated ? page.cursor : undefined;
    if (cursor && read >= MAX_RECORDS) {
      truncated = true;
      cursor = undefined;
    }
  } while (cursor);
  const agreements = [...groups.values()].map(
    ({ agreements: agreeing, sumMaxDelta, ...totals }): ShadowAgreement => ({
      ...totals,
      top1Agreement: totals.compared > 0 ? agreeing / totals.compared : null,
      meanMaxDelta: totals.compared > 0 ? sumMaxDelta / totals.compared : null,
    }),
  );
  return { name, shadow: channels.shadow ?? null, agreements, truncated };
}

function add(groups: Map<string, Totals>, shadowVersion: string, figures: Figures): void {
  const key = `${shadowVersion}\u0000${figures.servedVersion}`;
  const group = groups.get(key) ?? {
    shadowVersion,
    servedVersion: figures.servedVersion,
    requests: 0,
    failures: 0,
    compared: 0,
    agreements: 0,
    maxDelta: null,
    sumMaxDelta: 0,
    firstAt: figures.at,
    lastAt: figures.at,
  };
  group.requests++;
  if (figures.failed) group.failures++;
  group.compared += figures.rows;
  group.agreements += figures.top1Agreements;
  group.sumMaxDelta += figures.sumMaxDelta;
  if (figures.rows > 0) group.maxDelta = Math.max(group.maxDelta ?? 0, figures.maxDelta);
  if (figures.at < group.firstAt) group.firstAt = figures.at;
  if (figures.at > group.lastAt) group.lastAt = figures.at;
  groups.set(key, group);
}

function fromMetadata(metadata: Record<string, string> | undefined): Figures | null {
  if (!metadata?.servedVersion || !metadata.at) return null;
  const numbers = [metadata.rows, metadata.top1Agreements, metadata.sumMaxDelta, metadata.maxDelta].map(Number);
  if (numbers.some((n) => !Number.isFinite(n) || n < 0)) return null;
  const [rows, top1Agreements, sumMaxDelta, maxDelta] = numbers as [number, number, number, number];
  return { servedVersion: metadata.servedVersion, rows, top1Agreements, sumMaxDelta, maxDelta, failed: metadata.failed === '1', at: metadata.at };
}

async function fromBody(bucket: R2Bucket, key: string): Promise<Figures | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  const parsed = shadowRecordSchema.safeParse(await object.json().catch(() => null));
  // A record that is not one (written by hand, or by a later schema) is skipped, not an error.
  if (!parsed.success) return null;
  const { servedVersion, rows, top1Agreements, sumMaxDelta, maxDelta, failure, at } = parsed.data;
  return { servedVersion, rows, top1Agreements, sumMaxDelta, maxDelta, failed: failure !== undefined, at };
}
