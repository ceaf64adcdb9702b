export * from './schema';
export * from './load';
export { PROD_FLOOR, PROD_MIN_LOG_RETENTION_DAYS } from './prod-floor';
export * from './placeholders';
