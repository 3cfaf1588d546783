import { EdgeError } from '../errors/edge-error.ts';
import { readBody } from '../http/read-body.ts';
import { countMultipartParts } from '../predict/count-multipart-parts.ts';
import type { DatasetUpload } from './accept-dataset-upload.ts';
import { uploadFormat } from './upload-format.ts';

/** A form may carry a few fields besides its file (curl's own, a note); more is no dataset upload. */
const MAX_FORM_PARTS = 8;

/**
 * An upload from the request: the raw body (its format from `?format=` or its Content-Type), or a
 * `multipart/form-data` form whose `file` field holds it (its format from `?format=`, the file's
 * type or its name's extension; its name the default name). Read within `maxBytes` first: 413
 * by Content-Length, or while it streams in, before more is held.
 */
export async function readDatasetUpload(request: Request, query: { format?: string; name?: string }, maxBytes: number): Promise<DatasetUpload> {
  const contentType = request.headers.get('content-type') ?? undefined;
  const isForm = contentType?.split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';
  const format = isForm ? undefined : uploadFormat(query.format, contentType);
  const body = await readBody(request, maxBytes);
  if (format) return { format, name: query.name, bytes: body, contentType: contentType ?? 'application/octet-stream' };
  const file = await formFile(body, contentType!);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) throw new EdgeError('empty_body', 'the "file" field is empty');
  return {
    format: uploadFormat(query.format, file.type, file.name),
    name: query.name ?? (file.name || undefined),
    bytes,
    contentType: file.type || 'application/octet-stream',
  };
}

async function formFile(body: Uint8Array, contentType: string): Promise<File> {
  const parts = countMultipartParts(body, contentType);
  if (parts !== undefined && parts > MAX_FORM_PARTS) throw new EdgeError('validation_failed', `the form has ${parts} parts; a dataset upload has one "file" field`, { parts, limit: MAX_FORM_PARTS });
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw new EdgeError('bad_request', `the multipart body cannot be parsed: ${(error as Error).message}`);
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw new EdgeError('validation_failed', 'the form needs a "file" field holding the dataset file');
  return file;
}
