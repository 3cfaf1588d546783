export * from './folds-weight-dequantize.ts';
