export * from './schemas/manifest.ts';
export * from './schemas/channels.ts';
export * from './schemas/predict.ts';
export * from './schemas/error.ts';
export * from './schemas/models-list.ts';
export * from './r2-keys.ts';
export * from './sha256.ts';
export * from './image/index.ts';
