// Builds environments exactly as bin/platform.ts does, for template assertions.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { EnvironmentName } from '../../config';
import { addPlatformStages } from '../../lib/platform-app';
import type { PlatformStage } from '../../lib/platform-stage';

const cache = new Map<EnvironmentName, PlatformStage>();

/** The feature flags and settings `cdk` passes to the app (cdk.json), so tests build what the CLI builds. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
}

/** The stage of one environment with its committed configuration (built once per test file). */
export function platformStage(env: EnvironmentName): PlatformStage {
  let stage = cache.get(env);
  if (!stage) {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), `platform-${env}-`)), context: cdkJsonContext() });
    [stage] = addPlatformStages(app, { environments: [env] });
    cache.set(env, stage);
  }
  return stage;
}
