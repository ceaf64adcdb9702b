// Core of the RDS side of the restore drill (CL-DB-3): start a point-in-time restore, report its status, and
// delete it again. Pure with respect to its clients and clock, so tests drive it with mocked SDK clients.
import { BackupClient } from '@aws-sdk/client-backup';
import {
  DBInstance,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { CopyRestoreConfig, RestoreConfig, StatusConfig } from './config';
import { DrillState, identifierField } from './input';
import { newestRecoveryPoint } from './recovery-point';

export const DRILL_PURPOSE_TAG = 'platform:purpose';
export const DRILL_PURPOSE = 'restore-drill';
export const DRILL_ID_TAG = 'platform:drill-id';
export const DRILL_SOURCE_TAG = 'platform:source';

/** The drill instance does not exist (while polling it must; during cleanup that means "already gone"). */
export class DrillInstanceNotFound extends Error {
  override readonly name = 'DrillInstanceNotFound';
}

/** Refusal to touch an instance that is not provably a drill instance: the guard against deleting production. */
export class DrillGuardRefused extends Error {
  override readonly name = 'DrillGuardRefused';
}

/** RDS refused the delete because of the instance's current state; the state machine retries cleanup later. */
export class DrillCleanupNotYetPossible extends Error {
  override readonly name = 'DrillCleanupNotYetPossible';
}

/** The source cannot be restored from: it does not exist or has no automated backups. */
export class DrillSourceNotRestorable extends Error {
  override readonly name = 'DrillSourceNotRestorable';
}

const SOURCE_HINT = 'the state machine input must carry the production instance to restore from';
const TARGET_HINT = 'pass the output of the start-restore task along';

/** `<prefix>-drill-<yyyymmddhhmm>` (UTC); at most 63 characters because config limits the prefix. */
export function drillInstanceIdentifier(prefix: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-T:]/g, '');
  return `${prefix}-drill-${stamp}`;
}

/** The instance, or undefined if RDS says it does not exist. */
export async function describeInstance(rds: RDSClient, identifier: string): Promise<DBInstance | undefined> {
  try {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    return out.DBInstances?.[0];
  } catch (err) {
    if ((err as Error).name === 'DBInstanceNotFoundFault') return undefined;
    throw err;
  }
}

/**
 * Throws unless the instance is provably a drill instance of this deployment: named `<prefix>-drill-...`,
 * tagged platform:purpose=restore-drill, and not the source itself. Every mutating or credential-reading task
 * runs this first, so a wrong identifier in the state can never modify, read or delete production.
 */
export function assertDrillInstance(instance: DBInstance, prefix: string, sourceIdentifier: string): void {
  const id = instance.DBInstanceIdentifier ?? '';
  if (id.toLowerCase() === sourceIdentifier.toLowerCase()) {
    throw new DrillGuardRefused(`refusing to touch "${id}": it is the drill's source instance, not a drill restore`);
  }
  if (!id.startsWith(`${prefix}-drill-`)) {
    throw new DrillGuardRefused(`refusing to touch "${id}": drill instances are named "${prefix}-drill-<yyyymmddhhmm>"`);
  }
  const purpose = instance.TagList?.find((t) => t.Key === DRILL_PURPOSE_TAG)?.Value;
  if (purpose !== DRILL_PURPOSE) {
    throw new DrillGuardRefused(`refusing to touch "${id}": it lacks the tag ${DRILL_PURPOSE_TAG}=${DRILL_PURPOSE}`);
  }
}

/** The settings every drill restore shares: small, isolated, unprotected, no backups, tagged as a drill instance. */
function throwAwayInstance(config: RestoreConfig, source: string, target: string) {
  return {
    DBInstanceClass: config.instanceClass,
    DBSubnetGroupName: config.dbSubnetGroupName,
    VpcSecurityGroupIds: config.securityGroupIds,
    DBParameterGroupName: config.parameterGroupName,
    PubliclyAccessible: false,
    MultiAZ: false,
    DeletionProtection: false,
    CopyTagsToSnapshot: false,
    // The drill connects with the RDS-managed master secret only; IAM auth would be one more way in.
    EnableIAMDatabaseAuthentication: false,
    // No automated backups of a throw-away copy: nothing to wait for, nothing left behind after delete.
    BackupRetentionPeriod: 0,
    AutoMinorVersionUpgrade: false,
    Tags: [
      { Key: DRILL_PURPOSE_TAG, Value: DRILL_PURPOSE },
      { Key: DRILL_ID_TAG, Value: target },
      { Key: DRILL_SOURCE_TAG, Value: source },
    ],
  };
}

export interface StartRestoreOutput extends DrillState {
  sourceDbInstanceIdentifier: string;
  targetDbInstanceIdentifier: string;
  startedAt: string;
  latestRestorableTime: string;
}

/** Task 1: restore the source to its latest restorable time into an isolated, throw-away instance. */
export async function startRestore(rds: RDSClient, config: RestoreConfig, state: DrillState, clock: () => Date): Promise<StartRestoreOutput> {
  const source = identifierField(state, 'sourceDbInstanceIdentifier', SOURCE_HINT);
  const sourceInstance = await describeInstance(rds, source);
  if (!sourceInstance) throw new DrillSourceNotRestorable(`source DB instance "${source}" does not exist`);
  // Read before the restore: the gap to startedAt is the drill's measure of the data-loss window (RPO).
  const latestRestorableTime = sourceInstance.LatestRestorableTime;
  if (!latestRestorableTime) {
    throw new DrillSourceNotRestorable(`source DB instance "${source}" has no LatestRestorableTime: turn on automated backups (BackupRetentionPeriod > 0)`);
  }
  const startedAt = clock();
  const target = drillInstanceIdentifier(config.prefix, startedAt);
  await rds.send(
    new RestoreDBInstanceToPointInTimeCommand({
      SourceDBInstanceIdentifier: source,
      TargetDBInstanceIdentifier: target,
      UseLatestRestorableTime: true,
      ...throwAwayInstance(config, source, target),
      // No StorageEncrypted/KmsKeyId: this API has neither. A point-in-time restore of an encrypted instance
      // is always encrypted with the source's KMS key (the caller needs kms:CreateGrant/DescribeKey on it).
      // No ManageMasterUserPassword: on this API it applies to RDS for Oracle only (API reference), so the
      // copy starts with the source's master password; check-status replaces it with a fresh RDS-managed
      // secret (ModifyDBInstance) before anything connects. Until then only the drill SG can reach it.
    }),
  );
  return {
    ...state,
    sourceDbInstanceIdentifier: source,
    targetDbInstanceIdentifier: target,
    startedAt: startedAt.toISOString(),
    latestRestorableTime: latestRestorableTime.toISOString(),
  };
}

export interface StartCopyRestoreOutput extends StartRestoreOutput {
  recoveryPointArn: string;
}

/**
 * Task 1 of the off-region drill: restore the newest copied recovery point of the source (an RDS snapshot in the
 * copy vault) into an isolated, throw-away instance. `latestRestorableTime` is the recovery point's data time, so
 * the report's DataAgeSeconds is the age of the newest copy when the drill started: the RPO of a regional recovery.
 */
export async function startCopyRestore(
  clients: { rds: RDSClient; backup: BackupClient },
  config: CopyRestoreConfig,
  state: DrillState,
  clock: () => Date,
): Promise<StartCopyRestoreOutput> {
  const source = identifierField(state, 'sourceDbInstanceIdentifier', SOURCE_HINT);
  const point = await newestRecoveryPoint(clients.backup, config.vaultName, source);
  const startedAt = clock();
  const target = drillInstanceIdentifier(config.prefix, startedAt);
  await clients.rds.send(
    new RestoreDBInstanceFromDBSnapshotCommand({
      DBSnapshotIdentifier: point.arn,
      DBInstanceIdentifier: target,
      ...throwAwayInstance(config, source, target),
      // Encrypted with the snapshot's key (the copy vault's); the master password is the source's until
      // check-status switches the instance to a fresh RDS-managed secret, as in the point-in-time drill.
    }),
  );
  return {
    ...state,
    sourceDbInstanceIdentifier: source,
    targetDbInstanceIdentifier: target,
    recoveryPointArn: point.arn,
    startedAt: startedAt.toISOString(),
    latestRestorableTime: point.dataTime.toISOString(),
  };
}

// States from which the restore will not become usable on its own; the state machine stops polling and fails.
const FAILED_STATUSES = new Set([
  'failed',
  'restore-error',
  'incompatible-restore',
  'incompatible-parameters',
  'incompatible-network',
  'incompatible-option-group',
  'incompatible-create',
  'insufficient-capacity',
  'storage-full',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'stopped',
  'stopping',
  'deleting',
]);

export type DrillPhase = 'restoring' | 'securing-credentials' | 'ready' | 'failed';

export interface StatusOutput extends DrillState {
  status: string;
  phase: DrillPhase;
  /** True once verify can run: instance available and its fresh managed master secret active. */
  available: boolean;
  failed: boolean;
  endpoint: string | null;
  port: number | null;
  masterUserSecretArn: string | null;
}

/**
 * Task 2 (polled): where the restore is. Once RDS reports the copy available, this also switches it to an
 * RDS-managed master secret (fresh password, encrypted with the drill KMS key) and keeps reporting
 * `available: false` until that secret is active, so verify never needs the production password.
 */
export async function checkStatus(rds: RDSClient, config: StatusConfig, state: DrillState): Promise<StatusOutput> {
  const source = identifierField(state, 'sourceDbInstanceIdentifier', SOURCE_HINT);
  const target = identifierField(state, 'targetDbInstanceIdentifier', TARGET_HINT);
  const instance = await describeInstance(rds, target);
  if (!instance) throw new DrillInstanceNotFound(`drill instance "${target}" does not exist while its restore is being polled`);
  assertDrillInstance(instance, config.prefix, source);

  const status = instance.DBInstanceStatus ?? 'unknown';
  const secret = instance.MasterUserSecret;
  let phase: DrillPhase;
  if (FAILED_STATUSES.has(status)) {
    phase = 'failed';
  } else if (status !== 'available') {
    phase = secret ? 'securing-credentials' : 'restoring';
  } else if (!secret?.SecretArn) {
    try {
      await rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: target,
          ManageMasterUserPassword: true,
          MasterUserSecretKmsKeyId: config.masterUserSecretKmsKeyId,
          ApplyImmediately: true,
        }),
      );
    } catch (err) {
      // A modification RDS already started (e.g. a retried poll) shows up as a state fault: just poll again.
      if ((err as Error).name !== 'InvalidDBInstanceStateFault') throw err;
    }
    phase = 'securing-credentials';
  } else {
    const passwordPending = instance.PendingModifiedValues?.MasterUserPassword !== undefined;
    phase = secret.SecretStatus === 'active' && !passwordPending ? 'ready' : 'securing-credentials';
  }
  return {
    ...state,
    status,
    phase,
    available: phase === 'ready',
    failed: phase === 'failed',
    endpoint: instance.Endpoint?.Address ?? null,
    port: instance.Endpoint?.Port ?? null,
    masterUserSecretArn: secret?.SecretArn ?? null,
  };
}

export type CleanupResult = 'deleted' | 'already-deleting' | 'already-gone' | 'nothing-to-delete';

/**
 * Task 5 (always runs, also after failures): delete the drill instance without a final snapshot. Idempotent,
 * and guarded: it refuses anything not provably a drill instance.
 */
export async function cleanup(rds: RDSClient, config: { prefix: string }, state: DrillState): Promise<DrillState & { cleanup: CleanupResult }> {
  const source = identifierField(state, 'sourceDbInstanceIdentifier', SOURCE_HINT);
  // start-restore failing before it returned leaves no target in the state: nothing was created to delete.
  if (state.targetDbInstanceIdentifier === undefined || state.targetDbInstanceIdentifier === null) {
    return { ...state, cleanup: 'nothing-to-delete' };
  }
  const target = identifierField(state, 'targetDbInstanceIdentifier', TARGET_HINT);
  const instance = await describeInstance(rds, target);
  if (!instance) return { ...state, cleanup: 'already-gone' };
  assertDrillInstance(instance, config.prefix, source);
  if (instance.DBInstanceStatus === 'deleting') return { ...state, cleanup: 'already-deleting' };
  try {
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: target, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'DBInstanceNotFoundFault') return { ...state, cleanup: 'already-gone' };
    if (name === 'InvalidDBInstanceStateFault') {
      throw new DrillCleanupNotYetPossible(`drill instance "${target}" cannot be deleted in state "${instance.DBInstanceStatus}" yet: ${(err as Error).message}`);
    }
    throw err;
  }
  return { ...state, cleanup: 'deleted' };
}
