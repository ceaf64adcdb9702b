// The regional recovery (docs/disaster-recovery.md): bring an environment up in its copy region from the newest
// copied recovery point, then measure what it cost. Pure with respect to its clients, commands and clock, so tests
// drive it with a mocked Backup client and a recorded command runner; bin/recover.ts wires the real ones.
import type { BackupClient } from '@aws-sdk/client-backup';
import { RECOVERY_SUFFIX, type DeploymentName, type EnvironmentConfig } from '../../config';
import { newestRecoveryPoint, type RecoveryPoint } from '../../lambdas/restore-drill/recovery-point';
import { backupCopyVaultName } from '../constructs/backup';
import { databaseInstanceIdentifier } from '../constructs/postgres-database';

export interface RecoveryOptions {
  /** A copied recovery point to restore instead of the newest (data corruption: the last good one). */
  readonly recoveryPointArn?: string;
  /** The application image to run (`-c imageTag`): it must be in the recovery environment's registry. */
  readonly imageTag?: string;
}

export interface RecoveryStep {
  readonly name: string;
  readonly command: readonly string[];
}

export interface RecoveryDeps {
  /** Backup client in the copy region. */
  readonly backup: BackupClient;
  /** Runs one command with inherited output; resolves to its exit code. */
  readonly run: (command: readonly string[]) => Promise<number>;
  readonly clock: () => Date;
  readonly log: (line: string) => void;
}

export interface RecoveryResult {
  readonly ok: boolean;
  readonly recoveryPoint?: RecoveryPoint;
  /** The step that failed, if one did. */
  readonly failedStep?: string;
  /** Start of the recovery to its end (verified, or failed), in seconds. */
  readonly rtoSeconds: number;
  /** Age of the restored data when the recovery started, in seconds (an upper bound of the data lost). */
  readonly rpoSeconds?: number;
}

/**
 * The commands of a recovery, in order, as the CI deploy runs an environment: the migrations stack and what it
 * depends on (keys, network, data restored from the recovery point), the migrations that are safe to reapply
 * (every migration is idempotent and recorded, so the restored database only gets those it lacks), the rest of the
 * environment, then the live verification checks against it.
 */
export function recoverySteps(config: EnvironmentConfig, recoveryPointArn: string, options: RecoveryOptions = {}): RecoveryStep[] {
  const deployment: DeploymentName = `${config.name}${RECOVERY_SUFFIX}`;
  const context = ['-c', `env=${deployment}`, '-c', `recoveryPointArn=${recoveryPointArn}`, ...(options.imageTag ? ['-c', `imageTag=${options.imageTag}`] : [])];
  const deploy = (pattern: string) => ['npx', 'cdk', 'deploy', ...context, '--require-approval', 'never', pattern];
  return [
    { name: 'deploy data and migrator', command: deploy(`platform-${deployment}/migrations`) },
    { name: 'run migrations', command: ['scripts/run-migrations.sh', deployment] },
    { name: 'deploy service and monitoring', command: deploy(`platform-${deployment}/*`) },
    { name: 'verify', command: ['npm', 'run', 'verify', '--', ...context] },
  ];
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/**
 * Finds the recovery point (the newest copy of the environment's database in its copy vault, unless one is given),
 * runs the recovery steps, stops at the first that fails, and reports the measured RTO and RPO either way.
 */
export async function recover(deps: RecoveryDeps, config: EnvironmentConfig, options: RecoveryOptions = {}): Promise<RecoveryResult> {
  const started = deps.clock();
  const vault = backupCopyVaultName(config);
  const result = (fields: Omit<RecoveryResult, 'rtoSeconds'>): RecoveryResult => {
    const rtoSeconds = seconds(started, deps.clock());
    const rpo = fields.rpoSeconds === undefined ? 'unknown' : `${fields.rpoSeconds} s`;
    deps.log(`recover: ${fields.ok ? 'verified' : `FAILED at "${fields.failedStep}"`}; RTO ${rtoSeconds} s (measured), RPO ${rpo}`);
    return { ...fields, rtoSeconds };
  };
  let point: RecoveryPoint;
  try {
    point = await newestRecoveryPoint(deps.backup, vault, databaseInstanceIdentifier(config), options.recoveryPointArn);
  } catch (error) {
    deps.log(`recover: ${(error as Error).name}: ${(error as Error).message}`);
    return result({ ok: false, failedStep: 'find recovery point' });
  }
  const rpoSeconds = seconds(point.dataTime, started);
  deps.log(`recover: ${config.name} in ${config.backup.copyRegion} from ${point.arn} (data of ${point.dataTime.toISOString()}, RPO ${rpoSeconds} s)`);
  for (const step of recoverySteps(config, point.arn, options)) {
    deps.log(`recover: ${step.name}: ${step.command.join(' ')}`);
    const code = await deps.run(step.command);
    if (code !== 0) return result({ ok: false, recoveryPoint: point, failedStep: step.name, rpoSeconds });
  }
  return result({ ok: true, recoveryPoint: point, rpoSeconds });
}
