// Builds environments as bin/platform.ts does, for template assertions. Without cdk.json's feature flags, so
// cross-stack references keep their classic Fn::ImportValue shape; test/bin/platform.test.ts synthesizes with
// the flags exactly as the CLI does and proves that build has no unacknowledged finding.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { ENVIRONMENT_NAMES, EnvironmentName } from '../../config';
import { addPlatformStages } from '../../lib/platform-app';
import type { PlatformStage } from '../../lib/platform-stage';

const cache = new Map<EnvironmentName, PlatformStage>();


/** The stage of one environment with its committed configuration (built once per test file). */
export function platformStage(env: EnvironmentName): PlatformStage {
  let stage = cache.get(env);
  if (!stage) {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), `platform-${env}-`)) });
    [stage] = addPlatformStages(app, { environments: [env] });
    cache.set(env, stage);
  }
  return stage;
}

/** A copied recovery point of prod (placeholder account) for building prod's recovery environment. */
export const TEST_RECOVERY_POINT = 'arn:aws:rds:eu-west-3:000000000003:snapshot:awsbackup:copyjob-0123456789abcdef';

let recovery: PlatformStage | undefined;
/** prod's recovery environment `platform-prod-recovery`, from TEST_RECOVERY_POINT (built once per test file). */
export function recoveryStage(): PlatformStage {
  if (!recovery) {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'platform-prod-recovery-')) });
    [recovery] = addPlatformStages(app, { environments: ['prod-recovery'], overrides: { prod: { recoveryPointArn: TEST_RECOVERY_POINT } } });
  }
  return recovery;
}

/**
 * Every environment built with cdk.json's context (feature flags) as `cdk synth` builds it, so cross-stack
 * references take their CLI shape (Fn::GetStackOutput), without bundling Lambda code. Built once per test file.
 */
let cliStages: PlatformStage[] | undefined;
export function cliPlatformStages(): PlatformStage[] {
  if (!cliStages) {
    const { context } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'platform-cli-')), context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    cliStages = addPlatformStages(app, { environments: ENVIRONMENT_NAMES });
  }
  return cliStages;
}
