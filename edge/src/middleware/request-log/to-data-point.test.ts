import { describe, expect, it } from 'vitest';
import type { RequestRecord } from './request-record.ts';
import { toDataPoint } from './to-data-point.ts';

const record: RequestRecord = {
  event: 'request',
  route: '/v1/models/:name/predict',
  method: 'POST',
  status: 503,
  errorCode: 'model_unavailable',
  model: 'm'.repeat(63),
  version: 'v'.repeat(80),
  count: null,
  totalMs: 12.5,
  preprocessMs: null,
  inferenceMs: null,
  coldLoad: null,
};

describe('toDataPoint', () => {
  it('lays the record out in the documented positions, zero for what is unknown', () => {
    expect(toDataPoint(record)).toEqual({
      blobs: ['/v1/models/:name/predict', 'm'.repeat(63), 'v'.repeat(80), '5xx', 'model_unavailable', 'POST'],
      doubles: [12.5, 0, 0, 0, 0, 503],
      indexes: [`${'m'.repeat(63)}@${'v'.repeat(80)}`.slice(0, 96)],
    });
  });

  it('keeps the index within Analytics Engine’s 96 bytes and leaves it out without a model', () => {
    expect(new TextEncoder().encode(String(toDataPoint(record).indexes![0])).length).toBe(96);
    expect(toDataPoint({ ...record, model: null, version: null }).indexes).toBeUndefined();
  });
});
