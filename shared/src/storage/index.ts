export * from './list-all.ts';
