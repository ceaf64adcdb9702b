// Environment parsing of the restore-drill Lambdas: misconfiguration fails with the variable named.
import { drillInstanceIdentifier } from '../../../lambdas/restore-drill/drill';
import { cleanupConfig, MAX_PREFIX_LENGTH, reportConfig, restoreConfig, statusConfig, verifyConfig } from '../../../lambdas/restore-drill/config';

const restoreEnv = {
  DRILL_INSTANCE_PREFIX: 'platform-prod',
  DRILL_DB_SUBNET_GROUP_NAME: 'platform-prod-isolated',
  DRILL_SECURITY_GROUP_IDS: 'sg-0123456789abcdef0, sg-0fedcba9876543210',
  DRILL_INSTANCE_CLASS: 'db.t4g.medium',
  DRILL_PARAMETER_GROUP_NAME: 'platform-prod-pg16',
};

describe('restore-drill config', () => {
  it('parses the start-restore environment', () => {
    expect(restoreConfig(restoreEnv)).toEqual({
      prefix: 'platform-prod',
      dbSubnetGroupName: 'platform-prod-isolated',
      securityGroupIds: ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'],
      instanceClass: 'db.t4g.medium',
      parameterGroupName: 'platform-prod-pg16',
    });
  });

  it.each(['DRILL_DB_SUBNET_GROUP_NAME', 'DRILL_SECURITY_GROUP_IDS', 'DRILL_INSTANCE_CLASS', 'DRILL_PARAMETER_GROUP_NAME', 'DRILL_INSTANCE_PREFIX'])(
    'names %s when it is missing',
    (name) => {
      expect(() => restoreConfig({ ...restoreEnv, [name]: '' })).toThrow(new RegExp(`environment variable ${name} is not set`));
    },
  );

  it('rejects a security group list with something else in it', () => {
    expect(() => restoreConfig({ ...restoreEnv, DRILL_SECURITY_GROUP_IDS: 'sg-0123456789abcdef0,default' })).toThrow(/"default", which is not a security group id/);
  });

  it.each(['Platform-Prod', '1prod', 'prod-', 'prod--db', 'p'.repeat(MAX_PREFIX_LENGTH + 1)])('rejects the prefix %s', (prefix) => {
    expect(() => cleanupConfig({ DRILL_INSTANCE_PREFIX: prefix })).toThrow(/DRILL_INSTANCE_PREFIX=.* is invalid/);
  });

  it('accepts the longest prefix that keeps the identifier within 63 characters', () => {
    const { prefix } = cleanupConfig({ DRILL_INSTANCE_PREFIX: 'p'.repeat(MAX_PREFIX_LENGTH) });
    expect(drillInstanceIdentifier(prefix, new Date('2026-11-22T10:46:00Z'))).toHaveLength(63);
  });

  it('requires the secret KMS key for check-status and the namespace/environment for report', () => {
    expect(() => statusConfig({ DRILL_INSTANCE_PREFIX: 'platform-prod' })).toThrow(/MASTER_USER_SECRET_KMS_KEY_ID is not set/);
    expect(() => reportConfig({ ENVIRONMENT: 'prod' })).toThrow(/METRICS_NAMESPACE is not set/);
    expect(reportConfig({ METRICS_NAMESPACE: 'Platform/RestoreDrill', ENVIRONMENT: 'prod' })).toEqual({ namespace: 'Platform/RestoreDrill', environment: 'prod' });
  });

  it('gives verify safe defaults and validates its numbers', () => {
    expect(verifyConfig({ DRILL_INSTANCE_PREFIX: 'platform-prod' })).toEqual({
      prefix: 'platform-prod',
      databaseName: undefined,
      verifySql: undefined,
      minUserTables: 1,
      statementTimeoutMs: 30000,
      connectTimeoutMs: 10000,
    });
    expect(() => verifyConfig({ DRILL_INSTANCE_PREFIX: 'platform-prod', VERIFY_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(/VERIFY_STATEMENT_TIMEOUT_MS must be a positive integer, got "5s"/);
  });
});
