import { datasetFormatSchema, type DatasetFormat } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';

/** Media types an upload may declare, and the format each means (IDX has none: `?format=idx`). */
export const UPLOAD_MEDIA_TYPES: Readonly<Record<string, DatasetFormat>> = {
  'text/csv': 'csv',
  'application/jsonl': 'jsonl',
  'application/x-ndjson': 'jsonl',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'application/x-tar': 'tar',
};

/** File name extensions that name a format, for a form's file sent without a telling type (curl sends a .csv as octet-stream). */
const EXTENSIONS: Readonly<Record<string, DatasetFormat>> = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', zip: 'zip', tar: 'tar' };

/**
 * An upload's format: `?format=` when given, else its Content-Type, else (a form's file) its name's
 * extension; 400 for an unknown `?format=`, 415 `unsupported_media_type` when nothing says it.
 */
export function uploadFormat(query: string | undefined, contentType: string | undefined, fileName?: string): DatasetFormat {
  if (query !== undefined) {
    const format = datasetFormatSchema.safeParse(query);
    if (!format.success) throw new EdgeError('validation_failed', `format must be one of ${datasetFormatSchema.options.join(', ')}`, { format: query.slice(0, 64) });
    return format.data;
  }
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const format = UPLOAD_MEDIA_TYPES[mediaType] ?? EXTENSIONS[fileName?.split('.').pop()?.toLowerCase() ?? ''];
  if (!format) {
    throw new EdgeError('unsupported_media_type', `a dataset is sent as ${Object.keys(UPLOAD_MEDIA_TYPES).join(', ')}, or any type with ?format=csv|jsonl|zip|tar|idx (or multipart/form-data with a "file" field)`, { contentType: mediaType.slice(0, 64) });
  }
  return format;
}
