import { auditEntrySchema, auditKey, type AuditEntry } from '@edgeml/shared';

/** Appends one admin action to the audit log: its own object, so the append is one atomic put. */
export async function appendAudit(bucket: R2Bucket, entry: Omit<AuditEntry, 'at'>): Promise<AuditEntry> {
  const full = auditEntrySchema.parse({ ...entry, at: new Date().toISOString() });
  await bucket.put(auditKey(full.model, full.at, crypto.randomUUID()), JSON.stringify(full), {
    httpMetadata: { contentType: 'application/json' },
  });
  return full;
}
