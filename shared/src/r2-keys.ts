/**
 * The R2 layout, in one place for the publisher and the worker.
 *   models/{name}/channels.json                    which version serves (written last)
 *   models/{name}/versions/{version}/manifest.json  immutable once written
 *   models/{name}/versions/{version}/{file}         artifacts, written and verified first
 *   models/{name}/shadow/{version}/{at}-{id}.json   shadow agreement, one record per shadowed request
 */
export const MODELS_PREFIX = 'models/';

export function channelsKey(name: string): string {
  return `${MODELS_PREFIX}${name}/channels.json`;
}

export function versionPrefix(name: string, version: string): string {
  return `${MODELS_PREFIX}${name}/versions/${version}/`;
}

export function manifestKey(name: string, version: string): string {
  return `${versionPrefix(name, version)}manifest.json`;
}

export function artifactKey(name: string, version: string, file: string): string {
  return `${versionPrefix(name, version)}${file}`;
}

/** `audit/{name}/{at}-{random}.json`: one object per admin action, so appending is one atomic put. */
export const AUDIT_PREFIX = 'audit/';

export function auditKey(name: string, at: string, id: string): string {
  return `${AUDIT_PREFIX}${name}/${at.replace(/[:.]/g, '')}-${id}.json`;
}

/** `feedback/{name}/{at}-{id}.json`: one batch of labelled examples per request, sorted by time. */
export function feedbackPrefix(name: string): string {
  return `feedback/${name}/`;
}

/** `models/{name}/retrain-policy.json`: when the scheduled check records a retrain job. */
export function retrainPolicyKey(name: string): string {
  return `${MODELS_PREFIX}${name}/retrain-policy.json`;
}

/** `jobs/{name}/{id}.json`: retrain jobs, ids sort by time. */
export function jobsPrefix(name: string): string {
  return `jobs/${name}/`;
}

/** `models/{name}/shadow/{shadowVersion}/{at}-{id}.json`: one agreement record per shadowed request. */
export function shadowPrefix(name: string, shadowVersion?: string): string {
  return `${MODELS_PREFIX}${name}/shadow/${shadowVersion === undefined ? '' : `${shadowVersion}/`}`;
}

export function shadowRecordKey(name: string, shadowVersion: string, at: string, id: string): string {
  return `${shadowPrefix(name, shadowVersion)}${at.replace(/[:.]/g, '')}-${id}.json`;
}
