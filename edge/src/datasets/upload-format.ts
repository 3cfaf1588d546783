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

/** An upload's format: `?format=` when given, else its Content-Type; 415 `unsupported_media_type` for neither. */
export function uploadFormat(query: string | undefined, contentType: string | undefined): DatasetFormat {
  if (query !== undefined) {
    const format = datasetFormatSchema.safeParse(query);
    if (!format.success) throw new EdgeError('validation_failed', `format must be one of ${datasetFormatSchema.options.join(', ')}`, { format: query.slice(0, 64) });
    return format.data;
  }
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const format = UPLOAD_MEDIA_TYPES[mediaType];
  if (!format) {
    throw new EdgeError('unsupported_media_type', `a dataset is sent as ${Object.keys(UPLOAD_MEDIA_TYPES).join(', ')}, or any type with ?format=csv|jsonl|zip|tar|idx`, { contentType: mediaType.slice(0, 64) });
  }
  return format;
}
