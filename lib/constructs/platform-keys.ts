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
 * The keys re-imported by ARN into `scope`'s stack. Grants on a key of another stack would otherwise write the
 * grantee's role into that key's policy (secret grants use a ViaService principal, which always lands in the
 * key policy), making the keys stack depend on its consumers: a dependency cycle. Imported keys take grants
 * in the grantee's IAM policy only, which the keys' default policy (account delegation) honours.
 */
export function importPlatformKeys(scope: Construct, keys: PlatformKeys): PlatformKeys {
  const scoped = new Construct(scope, 'PlatformKeys');
  return {
    data: kms.Key.fromKeyArn(scoped, 'Data', keys.data.keyArn),
    secrets: kms.Key.fromKeyArn(scoped, 'Secrets', keys.secrets.keyArn),
    logs: kms.Key.fromKeyArn(scoped, 'Logs', keys.logs.keyArn),
  };
}
