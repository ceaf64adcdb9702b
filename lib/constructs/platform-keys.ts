import { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The environment's customer-managed keys as consumers see them (EncryptionKeys satisfies it). */
export interface PlatformKeys {
  /** RDS storage and Performance Insights, ElastiCache at rest, AWS Backup. */
  readonly data: kms.IKey;
  /** Secrets Manager secrets. */
  readonly secrets: kms.IKey;
  /** CloudWatch Logs groups. */
  readonly logs: kms.IKey;
}

/**
 * The keys re-imported by ARN into `scope`'s stack. A grant on a key object of another stack would write the
 * grantee into that key's policy, making the keys stack depend on its consumer (a cycle); an imported key takes
 * grants in the grantee's IAM policy only, which the keys' default policy (account delegation) honours. Secret
 * reads need no key grant: the secrets key admits this account's principals through Secrets Manager
 * (encryption-keys.ts), so access is decided by the secret's own grants.
 */
export function importPlatformKeys(scope: Construct, keys: PlatformKeys): PlatformKeys {
  const scoped = new Construct(scope, 'PlatformKeys');
  return {
    data: kms.Key.fromKeyArn(scoped, 'Data', keys.data.keyArn),
    secrets: kms.Key.fromKeyArn(scoped, 'Secrets', keys.secrets.keyArn),
    logs: kms.Key.fromKeyArn(scoped, 'Logs', keys.logs.keyArn),
  };
}
