import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage, ILocalBundling, aws_lambda as lambda } from 'aws-cdk-lib';
import { BuildOptions, buildSync } from 'esbuild';

/** Where the Lambda sources live; entries are given relative to it. */
export const LAMBDAS_DIR = path.join(__dirname, '..', '..', 'lambdas');

/** Every platform Lambda's runtime: the latest Node.js (AwsSolutions-L1). */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The esbuild options of every platform Lambda (the synth, the bundle benchmark and the import test all use
 * them). No source map: a map is 2-3 times the bundle, and Node.js only reads it with --enable-source-maps, which
 * slows every stack trace and cold start; `keepNames` keeps function and class names in the minified code
 * instead, so stack traces still say where an error came from.
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [path.resolve(LAMBDAS_DIR, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: LAMBDA_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'),
    minify: true,
    keepNames: true,
    sourcemap: false,
    // The runtime provides the AWS SDK v3; pg's optional native binding is never loaded.
    external: ['@aws-sdk/*', 'pg-native'],
    logLevel: 'warning',
  };
}

/**
 * Bundles in this process with esbuild's API. NodejsFunction would run `npx esbuild` once per function, and
 * starting npx costs more than the bundle itself. `entry` is a property so that it is part of CDK's asset cache
 * key: each distinct entry is bundled once per synth, whichever environments and stacks use it.
 */
class EsbuildBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    buildSync(esbuildOptions(this.entry, path.join(outputDir, 'index.js')));
    return true;
  }
}

/** The code of a platform Lambda: `entry` (relative to `lambdas/`) bundled to `index.js`, handler `index.handler`. */
export function lambdaCode(entry: string): lambda.AssetCode {
  const file = path.resolve(LAMBDAS_DIR, entry);
  if (!existsSync(file)) throw new Error(`Lambda entry ${file} does not exist: give a file under lambdas/`);
  return lambda.Code.fromAsset(LAMBDAS_DIR, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local: new EsbuildBundling(entry),
      // Never pulled: local bundling always succeeds or throws (synth never needs Docker).
      image: DockerImage.fromRegistry('local-esbuild-only'),
    },
  });
}
