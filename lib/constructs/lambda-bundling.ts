import * as path from 'node:path';
import { aws_lambda as lambda, aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import type { BuildOptions } from 'esbuild';

/** Where the Lambda sources live; entries are given relative to it. */
export const LAMBDAS_DIR = path.join(__dirname, '..', '..', 'lambdas');

/** Every platform Lambda's runtime: the latest Node.js (AwsSolutions-L1). */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * esbuild options of every platform Lambda. No source map: a map is 2-3 times the bundle, and Node.js only reads
 * it with --enable-source-maps, which slows every stack trace and cold start; `keepNames` keeps function and class
 * names in the minified code instead, so stack traces still say where an error came from.
 */
export const LAMBDA_BUNDLING = {
  minify: true,
  sourceMap: false,
  keepNames: true,
  // The runtime provides the AWS SDK v3; pg's optional native binding is never loaded.
  externalModules: ['@aws-sdk/*', 'pg-native'],
} satisfies nodejs.BundlingOptions;

/**
 * The same bundle as NodejsFunction's esbuild command line for LAMBDA_BUNDLING (`--bundle --target=node24
 * --platform=node --minify --keep-names --external:...`), for benchmarks and tests that bundle without a synth.
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [path.resolve(LAMBDAS_DIR, entry)],
    outfile,
    bundle: true,
    target: LAMBDA_RUNTIME.name.replace('.x', '').replace('nodejs', 'node'),
    platform: 'node',
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    keepNames: LAMBDA_BUNDLING.keepNames,
    external: LAMBDA_BUNDLING.externalModules,
  };
}
