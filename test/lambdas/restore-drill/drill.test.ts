// CL-DB-3: the RDS side of the restore drill (restore parameters, status mapping, guarded idempotent cleanup).
import {
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { isRdsIdentifier, MAX_PREFIX_LENGTH, RestoreConfig } from '../../../lambdas/restore-drill/config';
import {
  assertDrillInstance,
  checkStatus,
  cleanup,
  DrillCleanupNotYetPossible,
  DrillGuardRefused,
  DrillInstanceNotFound,
  drillInstanceIdentifier,
  DrillSourceNotRestorable,
  startRestore,
} from '../../../lambdas/restore-drill/drill';
import { DrillInputError } from '../../../lambdas/restore-drill/input';
import { DRILL_TAGS, drillInstance, invalidState, KMS_KEY, notFound, PREFIX, SECRET_ARN, SOURCE, sourceInstance, TARGET, THROW_AWAY_INSTANCE } from './fixtures';

const rdsMock = mockClient(RDSClient);
const rds = new RDSClient({ region: 'eu-west-1' });
beforeEach(() => rdsMock.reset());

const restoreConfig: RestoreConfig = {
  prefix: PREFIX,
  dbSubnetGroupName: 'platform-prod-isolated',
  securityGroupIds: ['sg-0123456789abcdef0'],
  instanceClass: 'db.t4g.medium',
  parameterGroupName: 'platform-prod-postgres16-force-ssl',
};
const statusConfig = { prefix: PREFIX, masterUserSecretKmsKeyId: KMS_KEY };
const started = { sourceDbInstanceIdentifier: SOURCE, targetDbInstanceIdentifier: TARGET, startedAt: '2026-11-22T10:46:12.000Z', latestRestorableTime: '2026-11-22T10:41:00.000Z' };

describe('drillInstanceIdentifier', () => {
  it('is <prefix>-drill-<yyyymmddhhmm> in UTC', () => {
    expect(drillInstanceIdentifier('platform-prod', new Date('2026-11-22T10:46:59.999Z'))).toBe('platform-prod-drill-202611221046');
  });

  it('is always a valid RDS identifier within 63 characters for any allowed prefix', () => {
    const prefix = fc
      .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), { minLength: 0, maxLength: MAX_PREFIX_LENGTH - 1 })
      .map((chars) => `p${chars.join('')}`)
      .filter(isRdsIdentifier);
    const time = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(prefix, time, (p, t) => {
        const id = drillInstanceIdentifier(p, t);
        expect(id.length).toBeLessThanOrEqual(63);
        expect(isRdsIdentifier(id)).toBe(true);
      }),
    );
  });
});

describe('startRestore', () => {
  it('reads the latest restorable time first, then restores with every safety property set', async () => {
    rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: SOURCE }).resolves({ DBInstances: [sourceInstance()] });
    rdsMock.on(RestoreDBInstanceToPointInTimeCommand).resolves({ DBInstance: { DBInstanceIdentifier: TARGET, DBInstanceStatus: 'creating' } });

    const out = await startRestore(rds, restoreConfig, { sourceDbInstanceIdentifier: SOURCE, runId: 'x' }, () => new Date('2026-11-22T10:46:12Z'));

    expect(out).toEqual({ ...started, runId: 'x' });
    const calls = rdsMock.calls();
    expect(calls.map((c) => c.args[0].constructor.name)).toEqual(['DescribeDBInstancesCommand', 'RestoreDBInstanceToPointInTimeCommand']);
    const [restore] = rdsMock.commandCalls(RestoreDBInstanceToPointInTimeCommand);
    expect(restore.args[0].input).toEqual({
      SourceDBInstanceIdentifier: SOURCE,
      TargetDBInstanceIdentifier: TARGET,
      UseLatestRestorableTime: true,
      DBInstanceClass: 'db.t4g.medium',
      DBSubnetGroupName: 'platform-prod-isolated',
      VpcSecurityGroupIds: ['sg-0123456789abcdef0'],
      DBParameterGroupName: 'platform-prod-postgres16-force-ssl',
      ...THROW_AWAY_INSTANCE,
      Tags: DRILL_TAGS,
    });
    // A point-in-time restore cannot re-key or decrypt: no encryption parameters may be sent at all.
    expect(restore.args[0].input).not.toHaveProperty('KmsKeyId');
    expect(restore.args[0].input).not.toHaveProperty('RestoreTime');
  });

  it('refuses a source without automated backups (no LatestRestorableTime) and restores nothing', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [sourceInstance({ LatestRestorableTime: undefined })] });
    await expect(startRestore(rds, restoreConfig, { sourceDbInstanceIdentifier: SOURCE }, () => new Date())).rejects.toThrow(
      new DrillSourceNotRestorable(`source DB instance "${SOURCE}" has no LatestRestorableTime: turn on automated backups (BackupRetentionPeriod > 0)`),
    );
    expect(rdsMock.commandCalls(RestoreDBInstanceToPointInTimeCommand)).toHaveLength(0);
  });

  it('reports a missing source clearly', async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(notFound(SOURCE));
    await expect(startRestore(rds, restoreConfig, { sourceDbInstanceIdentifier: SOURCE }, () => new Date())).rejects.toBeInstanceOf(DrillSourceNotRestorable);
  });

  it('names the bad input field instead of calling RDS', async () => {
    await expect(startRestore(rds, restoreConfig, { source: SOURCE }, () => new Date())).rejects.toThrow(/input field "sourceDbInstanceIdentifier"/);
    await expect(startRestore(rds, restoreConfig, { sourceDbInstanceIdentifier: 'Prod DB;' }, () => new Date())).rejects.toBeInstanceOf(DrillInputError);
    expect(rdsMock.calls()).toHaveLength(0);
  });
});

describe('checkStatus', () => {
  function describes(instance = drillInstance()) {
    rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: TARGET }).resolves({ DBInstances: [instance] });
  }

  it.each(['creating', 'backing-up', 'modifying', 'configuring-enhanced-monitoring', 'rebooting'])('keeps polling while %s', async (status) => {
    describes(drillInstance({ DBInstanceStatus: status, MasterUserSecret: undefined, Endpoint: undefined }));
    const out = await checkStatus(rds, statusConfig, started);
    expect(out).toEqual({ ...started, status, phase: 'restoring', available: false, failed: false, endpoint: null, port: null, masterUserSecretArn: null });
    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
  });

  it('once available, replaces the inherited master password with a fresh RDS-managed secret and keeps waiting', async () => {
    describes(drillInstance({ MasterUserSecret: undefined }));
    const out = await checkStatus(rds, statusConfig, started);
    expect(out).toMatchObject({ status: 'available', phase: 'securing-credentials', available: false, failed: false, masterUserSecretArn: null });
    const [modify] = rdsMock.commandCalls(ModifyDBInstanceCommand);
    expect(modify.args[0].input).toEqual({ DBInstanceIdentifier: TARGET, ManageMasterUserPassword: true, MasterUserSecretKmsKeyId: KMS_KEY, ApplyImmediately: true });
  });

  it('treats a modification RDS already started as still securing credentials', async () => {
    describes(drillInstance({ MasterUserSecret: undefined }));
    rdsMock.on(ModifyDBInstanceCommand).rejects(invalidState('Database instance is not in available state.'));
    await expect(checkStatus(rds, statusConfig, started)).resolves.toMatchObject({ phase: 'securing-credentials', available: false });
  });

  it.each([
    ['the managed secret is still being created', drillInstance({ MasterUserSecret: { SecretArn: SECRET_ARN, SecretStatus: 'creating' } })],
    ['the password change is pending', drillInstance({ PendingModifiedValues: { MasterUserPassword: '****' } })],
    ['the instance is resetting its credentials', drillInstance({ DBInstanceStatus: 'resetting-master-credentials' })],
  ])('is not available while the %s', async (_label, instance) => {
    describes(instance);
    await expect(checkStatus(rds, statusConfig, started)).resolves.toMatchObject({ phase: 'securing-credentials', available: false, failed: false });
    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
  });

  it('is available with endpoint, port and secret once the managed secret is active', async () => {
    describes();
    const out = await checkStatus(rds, statusConfig, started);
    expect(out).toEqual({
      ...started,
      status: 'available',
      phase: 'ready',
      available: true,
      failed: false,
      endpoint: `${TARGET}.abcdefghijkl.eu-west-1.rds.amazonaws.com`,
      port: 5432,
      masterUserSecretArn: SECRET_ARN,
    });
  });

  it.each([
    'failed',
    'incompatible-restore',
    'incompatible-parameters',
    'incompatible-network',
    'storage-full',
    'inaccessible-encryption-credentials',
    'insufficient-capacity',
    'restore-error',
  ])('reports %s as failed so the state machine stops polling', async (status) => {
    describes(drillInstance({ DBInstanceStatus: status, MasterUserSecret: undefined }));
    await expect(checkStatus(rds, statusConfig, started)).resolves.toMatchObject({ status, phase: 'failed', available: false, failed: true });
    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
  });

  it('treats a vanished target as an error', async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(notFound(TARGET));
    await expect(checkStatus(rds, statusConfig, started)).rejects.toBeInstanceOf(DrillInstanceNotFound);
  });

  it('refuses to modify an instance that is not tagged as a drill', async () => {
    describes(drillInstance({ MasterUserSecret: undefined, TagList: [] }));
    await expect(checkStatus(rds, statusConfig, started)).rejects.toBeInstanceOf(DrillGuardRefused);
    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
  });
});

describe('cleanup', () => {
  it('deletes the drill instance without a final snapshot and with its automated backups', async () => {
    rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: TARGET }).resolves({ DBInstances: [drillInstance()] });
    await expect(cleanup(rds, { prefix: PREFIX }, started)).resolves.toEqual({ ...started, cleanup: 'deleted' });
    const [del] = rdsMock.commandCalls(DeleteDBInstanceCommand);
    expect(del.args[0].input).toEqual({ DBInstanceIdentifier: TARGET, SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
  });

  it('is idempotent: an instance that is gone is fine', async () => {
    rdsMock.on(DescribeDBInstancesCommand).rejects(notFound(TARGET));
    await expect(cleanup(rds, { prefix: PREFIX }, started)).resolves.toMatchObject({ cleanup: 'already-gone' });
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  it('is idempotent: an instance already being deleted is fine', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [drillInstance({ DBInstanceStatus: 'deleting' })] });
    await expect(cleanup(rds, { prefix: PREFIX }, started)).resolves.toMatchObject({ cleanup: 'already-deleting' });
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  it('is idempotent: an instance that disappears between describe and delete is fine', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [drillInstance()] });
    rdsMock.on(DeleteDBInstanceCommand).rejects(notFound(TARGET));
    await expect(cleanup(rds, { prefix: PREFIX }, started)).resolves.toMatchObject({ cleanup: 'already-gone' });
  });

  it('asks for a retry when RDS cannot delete in the current state', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [drillInstance({ DBInstanceStatus: 'modifying' })] });
    rdsMock.on(DeleteDBInstanceCommand).rejects(invalidState('Instance is currently modifying.'));
    await expect(cleanup(rds, { prefix: PREFIX }, started)).rejects.toBeInstanceOf(DrillCleanupNotYetPossible);
  });

  it('has nothing to delete when start-restore never produced a target', async () => {
    await expect(cleanup(rds, { prefix: PREFIX }, { sourceDbInstanceIdentifier: SOURCE, error: { Error: 'X' } })).resolves.toMatchObject({ cleanup: 'nothing-to-delete' });
    expect(rdsMock.calls()).toHaveLength(0);
  });

  describe('guard: never deletes anything that is not provably a drill instance', () => {
    it.each([
      ['an untagged instance named like a drill', { targetDbInstanceIdentifier: TARGET }, drillInstance({ TagList: [] })],
      ['a drill-named instance with the wrong purpose tag', { targetDbInstanceIdentifier: TARGET }, drillInstance({ TagList: [{ Key: 'platform:purpose', Value: 'production' }] })],
      ['the production source itself', { targetDbInstanceIdentifier: SOURCE }, sourceInstance()],
      ['the source even if someone tagged it as a drill', { targetDbInstanceIdentifier: SOURCE }, sourceInstance({ TagList: DRILL_TAGS })],
      ['a tagged instance outside the drill name space', { targetDbInstanceIdentifier: 'platform-prod-reporting' }, drillInstance({ DBInstanceIdentifier: 'platform-prod-reporting' })],
      ['another environment\'s drill', { targetDbInstanceIdentifier: 'platform-staging-drill-202611221046' }, drillInstance({ DBInstanceIdentifier: 'platform-staging-drill-202611221046' })],
    ])('refuses %s', async (_label, target, instance) => {
      rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance] });
      await expect(cleanup(rds, { prefix: PREFIX }, { ...started, ...target })).rejects.toBeInstanceOf(DrillGuardRefused);
      expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
    });

    it('accepts a tagged drill instance and names the refusal reason otherwise', () => {
      expect(() => assertDrillInstance(drillInstance(), PREFIX, SOURCE)).not.toThrow();
      expect(() => assertDrillInstance(drillInstance({ TagList: undefined }), PREFIX, SOURCE)).toThrow(/lacks the tag platform:purpose=restore-drill/);
      expect(() => assertDrillInstance(sourceInstance(), PREFIX, SOURCE)).toThrow(/drill's source instance/);
    });
  });
});
