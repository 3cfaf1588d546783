export * from './apply-promotion.ts';
export * from './apply-shadow.ts';
export * from './update-channels.ts';
