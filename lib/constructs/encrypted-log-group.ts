import { RemovalPolicy, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  /** Key that encrypts the log data (the environment's `logs` key). */
  readonly encryptionKey: kms.IKey;
  /** Retention in days; every platform log group has one (CL-OBS-1). */
  readonly retentionDays: number;
  /** @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE (kept, except when its own create rolls back) */
  readonly removalPolicy?: RemovalPolicy;
  /** Explicit name, only where a service demands a name pattern (WAF's `aws-waf-logs-`). @default generated */
  readonly logGroupName?: string;
}

/** A CloudWatch log group that always has a retention and a customer-managed key (CL-OBS-1, CL-ENC-1). */
export class EncryptedLogGroup extends logs.LogGroup {
  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id, {
      encryptionKey: props.encryptionKey,
      retention: props.retentionDays as logs.RetentionDays,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      logGroupName: props.logGroupName,
    });
  }
}
