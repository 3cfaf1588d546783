import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { uploadFormat } from './upload-format.ts';

describe('uploadFormat', () => {
  it('takes ?format= over the media type, and the media type (parameters and case aside) without it', () => {
    expect(uploadFormat('idx', 'application/zip')).toBe('idx');
    expect(uploadFormat(undefined, 'Text/CSV; charset=utf-8')).toBe('csv');
    expect(uploadFormat(undefined, 'application/x-ndjson')).toBe('jsonl');
    expect(uploadFormat(undefined, 'application/x-tar')).toBe('tar');
    expect(uploadFormat(undefined, 'application/octet-stream', 'Tickets.CSV')).toBe('csv');
    expect(uploadFormat(undefined, 'text/csv', 'data.zip')).toBe('csv');
  });

  it('refuses an unknown format (400) and a media type that names none (415)', () => {
    expect(() => uploadFormat('parquet', undefined)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => uploadFormat(undefined, 'application/octet-stream')).toThrow(EdgeError);
    expect(() => uploadFormat(undefined, undefined)).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }));
  });
});
