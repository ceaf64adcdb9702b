// Shared fixtures for the restore-drill tests: RDS shapes as DescribeDBInstances returns them.
import { DBInstance, DBInstanceNotFoundFault, InvalidDBInstanceStateFault } from '@aws-sdk/client-rds';

export const PREFIX = 'platform-prod';
export const SOURCE = 'platform-prod-db';
export const TARGET = 'platform-prod-drill-202611221046';
export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf';
export const KMS_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555';

export const DRILL_TAGS = [
  { Key: 'platform:purpose', Value: 'restore-drill' },
  { Key: 'platform:drill-id', Value: TARGET },
  { Key: 'platform:source', Value: SOURCE },
];

/** What every drill restore request sets besides its source, target, class, network and parameter group. */
export const THROW_AWAY_INSTANCE = {
  PubliclyAccessible: false,
  MultiAZ: false,
  DeletionProtection: false,
  CopyTagsToSnapshot: false,
  EnableIAMDatabaseAuthentication: false,
  BackupRetentionPeriod: 0,
  AutoMinorVersionUpgrade: false,
};

/** A restored drill instance, ready (available, managed secret active) unless overridden. */
export function drillInstance(overrides: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: TARGET,
    DBInstanceStatus: 'available',
    DBName: 'app',
    Endpoint: { Address: `${TARGET}.abcdefghijkl.eu-west-1.rds.amazonaws.com`, Port: 5432 },
    MasterUserSecret: { SecretArn: SECRET_ARN, SecretStatus: 'active', KmsKeyId: KMS_KEY },
    TagList: DRILL_TAGS,
    DeletionProtection: false,
    ...overrides,
  };
}

/** The production source: deletion-protected, not tagged as a drill. */
export function sourceInstance(overrides: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: SOURCE,
    DBInstanceStatus: 'available',
    LatestRestorableTime: new Date('2026-11-22T10:41:00Z'),
    StorageEncrypted: true,
    DeletionProtection: true,
    TagList: [{ Key: 'platform:environment', Value: 'prod' }],
    ...overrides,
  };
}

export function notFound(id: string): DBInstanceNotFoundFault {
  return new DBInstanceNotFoundFault({ message: `DBInstance ${id} not found.`, $metadata: { httpStatusCode: 404 } });
}

export function invalidState(message: string): InvalidDBInstanceStateFault {
  return new InvalidDBInstanceStateFault({ message, $metadata: { httpStatusCode: 400 } });
}
