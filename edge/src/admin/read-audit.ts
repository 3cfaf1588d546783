import { auditEntrySchema, auditPrefix, listAll, type AuditEntry } from '@edgeml/shared';
import { readJsonEach } from '../storage/read-json-each.ts';

/** The newest `limit` audit entries of a model, oldest first (keys sort by time); an unreadable entry is skipped. */
export async function readAudit(bucket: R2Bucket, name: string, limit = 100): Promise<AuditEntry[]> {
  const { keys } = await listAll(bucket, auditPrefix(name));
  return readJsonEach(bucket, keys.sort().slice(-limit), auditEntrySchema);
}
