/**
 * The R2 layout, in one place for the publisher and the worker.
 *   models/{name}/channels.json                    which version serves (written last)
 *   models/{name}/versions/{version}/manifest.json  immutable once written
 *   models/{name}/versions/{version}/{file}         artifacts, written and verified first
 *   models/{name}/shadow/{version}/{at}-{id}.json   shadow agreement, one record per shadowed request
 *   feedback/{name}/{yyyy-mm-dd}/{at}-{id}.json     labelled examples, one batch per feedback request
 *   feedback-quota/{yyyy-mm-dd}/{client}.json       a feedback client's daily count
 *   models/{name}/retrain-policy.json               when the cron queues a retrain training job
 *   audit/{name}/{at}-{id}.json                     one object per admin action
 *   datasets/{id}/dataset.json, datasets/{id}/data  an uploaded training dataset: its summary, its bytes
 *   training-jobs/{id}.json                         training jobs (the API's and the cron's retrains)
 *   tokens/{sha256 hex}.json                        scoped API tokens, by their digest
 * Every key the worker and the trainer read or write is built here.
 */
export const MODELS_PREFIX = 'models/';

export function channelsKey(name: string): string {
  return `${MODELS_PREFIX}${name}/channels.json`;
}

/** `models/{name}/versions/`: one folder per version below it. */
export function versionsPrefix(name: string): string {
  return `${MODELS_PREFIX}${name}/versions/`;
}

export function versionPrefix(name: string, version: string): string {
  return `${versionsPrefix(name)}${version}/`;
}

export function manifestKey(name: string, version: string): string {
  return `${versionPrefix(name, version)}manifest.json`;
}

export function artifactKey(name: string, version: string, file: string): string {
  return `${versionPrefix(name, version)}${file}`;
}

/** `audit/{name}/{at}-{random}.json`: one object per admin action, so appending is one atomic put. */
export const AUDIT_PREFIX = 'audit/';

export function auditPrefix(name: string): string {
  return `${AUDIT_PREFIX}${name}/`;
}

export function auditKey(name: string, at: string, id: string): string {
  return `${auditPrefix(name)}${at.replace(/[:.]/g, '')}-${id}.json`;
}

/**
 * `feedback/{name}/{yyyy-mm-dd}/{at}-{id}.json`: one batch of labelled examples per request, under
 * its UTC day so readers list only the recent window. Batches of the older flat layout
 * (`feedback/{name}/{at}-{id}.json`) are no longer read.
 */
export function feedbackPrefix(name: string): string {
  return `feedback/${name}/`;
}

/** `yyyy-mm-dd` (UTC) of an ISO time or Date: the day folder of feedback and quota objects. */
export function utcDay(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

export function feedbackDayPrefix(name: string, day: string): string {
  return `${feedbackPrefix(name)}${day}/`;
}

export function feedbackBatchKey(name: string, at: string, id: string): string {
  return `${feedbackDayPrefix(name, utcDay(at))}${at.replace(/[:.]/g, '')}-${id}.json`;
}

/** The day prefixes of the `days` UTC days ending with `now`'s, newest first. */
export function recentFeedbackDayPrefixes(name: string, now: Date, days: number): string[] {
  return Array.from({ length: Math.max(0, days) }, (_, i) => feedbackDayPrefix(name, utcDay(new Date(now.getTime() - i * 86_400_000))));
}

/** `feedback-quota/{yyyy-mm-dd}/{client}.json`: examples a feedback client sent that UTC day. */
export function feedbackQuotaKey(day: string, client: string): string {
  return `feedback-quota/${day}/${client}.json`;
}

/** `models/{name}/retrain-policy.json`: when the scheduled check queues a retrain training job. */
export function retrainPolicyKey(name: string): string {
  return `${MODELS_PREFIX}${name}/retrain-policy.json`;
}

/** `models/{name}/shadow/{shadowVersion}/{at}-{id}.json`: one agreement record per shadowed request. */
export function shadowPrefix(name: string, shadowVersion?: string): string {
  return `${MODELS_PREFIX}${name}/shadow/${shadowVersion === undefined ? '' : `${shadowVersion}/`}`;
}

export function shadowRecordKey(name: string, shadowVersion: string, at: string, id: string): string {
  return `${shadowPrefix(name, shadowVersion)}${at.replace(/[:.]/g, '')}-${id}.json`;
}

export const DATASETS_PREFIX = 'datasets/';

export function datasetSummaryKey(id: string): string {
  return `${DATASETS_PREFIX}${id}/dataset.json`;
}

export function datasetDataKey(id: string): string {
  return `${DATASETS_PREFIX}${id}/data`;
}

export const TRAINING_JOBS_PREFIX = 'training-jobs/';

export function trainingJobKey(id: string): string {
  return `${TRAINING_JOBS_PREFIX}${id}.json`;
}

export const TOKENS_PREFIX = 'tokens/';

/** A scoped token's record, by the hex SHA-256 of the token (the token itself is never stored). */
export function tokenKey(digestHex: string): string {
  return `${TOKENS_PREFIX}${digestHex}.json`;
}
