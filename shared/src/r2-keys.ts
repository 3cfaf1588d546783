/**
 * The R2 layout, in one place for the publisher and the worker.
 *   models/{name}/channels.json                    which version serves (written last)
 *   models/{name}/versions/{version}/manifest.json  immutable once written
 *   models/{name}/versions/{version}/{file}         artifacts, written and verified first
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
