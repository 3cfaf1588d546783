import { AUDIT_PREFIX, auditEntrySchema, type AuditEntry } from '@edgeml/shared';

/** The newest `limit` audit entries of a model, oldest first (keys sort by time). */
export async function readAudit(bucket: R2Bucket, name: string, limit = 100): Promise<AuditEntry[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: `${AUDIT_PREFIX}${name}/`, cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const entries = await Promise.all(
    keys.sort().slice(-limit).map(async (key) => {
      const object = await bucket.get(key);
      const parsed = object ? auditEntrySchema.safeParse(JSON.parse(await object.text())) : undefined;
      return parsed?.success ? parsed.data : null;
    }),
  );
  return entries.filter((entry) => entry !== null);
}
