export * from './schema';
export * from './load';
export { PROD_FLOOR } from './prod-floor';
export * from './placeholders';
