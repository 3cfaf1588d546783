export * from './float32-base64.ts';
export * from './compare-golden-outputs.ts';
