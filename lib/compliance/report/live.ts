// Live evidence in the auditors' report: the results of `npm run verify` (its --json file) for an environment,
// attached to the checklist items they show, with the account, region and time they were read.
import { RECOVERY_SUFFIX } from '../../../config';
import type { VerifyReport, VerifyResult } from '../../verify/result';

export type LiveStatus = 'pass' | 'fail' | 'n/a';

export interface LiveEvidence {
  readonly account: string;
  readonly region: string;
  /** Who read it (the verifier role's session ARN). */
  readonly caller: string;
  /** When the verify run finished. */
  readonly checkedAt: string;
  /** fail if any check failed; pass if at least one passed and none failed; n/a otherwise. */
  readonly status: LiveStatus;
  readonly results: readonly VerifyResult[];
}

/** The verify run behind an environment's live evidence. */
export interface LiveRun {
  readonly account: string;
  readonly region: string;
  readonly caller: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Set when the run read another account or region than the environment's templates target. */
  readonly mismatch?: string;
}

/** The run, checked against where the environment's stacks (in its own region) are deployed. */
export function liveRun(run: VerifyReport, stacks: readonly { account?: string; region?: string }[]): LiveRun {
  const { account, region, caller, startedAt, finishedAt } = run;
  const targets = [...new Set(stacks.filter((s) => s.account !== undefined).map((s) => `${s.account}/${s.region ?? '?'}`))];
  const mismatch =
    targets.length > 0 && !targets.includes(`${account}/${region}`)
      ? `the live evidence was read in ${account}/${region}, but the templates target ${targets.join(', ')}: it may describe another deployment`
      : undefined;
  return { account, region, caller, startedAt, finishedAt, ...(mismatch ? { mismatch } : {}) };
}

export function liveEvidenceFor(id: string, run: VerifyReport | undefined): LiveEvidence | undefined {
  const results = run?.results.filter((r) => r.id === id) ?? [];
  if (!run || results.length === 0) return undefined;
  const status: LiveStatus = results.some((r) => r.status === 'FAIL') ? 'fail' : results.some((r) => r.status === 'PASS') ? 'pass' : 'n/a';
  return { account: run.account, region: run.region, caller: run.caller, checkedAt: run.finishedAt, status, results };
}

/**
 * Each run must be of an environment in the report, and one per environment: evidence must not land elsewhere. A
 * recovery environment's run lands in its own section, which exists when its Stage was synthesized (only when named,
 * with the recovery point it restored).
 */
export function assertLiveRuns(runs: readonly VerifyReport[], environments: readonly string[]): void {
  for (const run of runs) {
    if (!environments.includes(run.environment) && run.environment.endsWith(RECOVERY_SUFFIX)) {
      throw new Error(
        `live evidence of the recovery environment "${run.environment}" given, but the assembly has only ${environments.join(', ')}: synthesize it with the recovery point it restored ` +
          `(npx cdk synth -c env=${[...environments, run.environment].join(',')} -c recoveryPointArn=<arn>), then npm run report -- --from cdk.out --live <file>`,
      );
    }
    if (!environments.includes(run.environment)) {
      throw new Error(`live evidence of environment "${run.environment}" given, but the assembly has only ${environments.join(', ')}: synthesize it, or drop that --live file`);
    }
    if (runs.filter((r) => r.environment === run.environment).length > 1) {
      throw new Error(`two --live files for environment "${run.environment}": give one verify run per environment`);
    }
  }
}
