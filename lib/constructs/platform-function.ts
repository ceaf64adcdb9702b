import { Duration, aws_ec2 as ec2, aws_kms as kms, aws_lambda as lambda, aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface PlatformFunctionProps {
  /** Handler file, relative to the project root (e.g. `lambdas/session-cleanup/index.ts`); it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Encrypts the function's log group. */
  readonly logsKey: kms.IKey;
  /** Log retention in days (CL-OBS-1). */
  readonly logRetentionDays: number;
  readonly timeout: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** When set, the function runs in the VPC's private subnets with these security groups. @default not in a VPC */
  readonly network?: { readonly vpc: ec2.IVpc; readonly securityGroups: ec2.ISecurityGroup[] };
  /** @default no reservation */
  readonly reservedConcurrentExecutions?: number;
  /** Asynchronous invocations: retries and where failed events go. @default none (synchronous callers only) */
  readonly onFailure?: lambda.IDestination;
  /** @default 2 (Lambda's default) */
  readonly retryAttempts?: number;
  /**
   * Modules left out of the bundle because the runtime provides them. @default the whole AWS SDK v3
   * (`@aws-sdk/*`) and pg's optional native binding
   */
  readonly externalModules?: string[];
  /** Checklist item the function serves, cited in its acknowledgments. */
  readonly checklistId: string;
}

/**
 * The platform's Lambda defaults in one place: esbuild bundle (minified, source maps on, AWS SDK v3 from the
 * runtime, `pg` bundled), the latest Node.js runtime (AwsSolutions-L1), ARM, a KMS-encrypted log group with
 * retention (CL-OBS-1). Environment values carry no secrets (secret ARNs only), so the service key suffices.
 */
export class PlatformFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const logGroup = new EncryptedLogGroup(scope, `${id}LogGroup`, {
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node24',
        // The runtime provides the AWS SDK v3; pg's optional native binding is never loaded.
        externalModules: props.externalModules ?? ['@aws-sdk/*', 'pg-native'],
      },
      vpc: props.network?.vpc,
      vpcSubnets: props.network ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
      securityGroups: props.network?.securityGroups,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
    });
    const role = this.role!;
    acknowledge(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      props.checklistId,
      'AWS-managed basic execution policy: only lets the function write its own logs; AWS keeps it in step with the Lambda service.',
    );
    if (props.network) {
      acknowledge(
        role,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        props.checklistId,
        'AWS-managed VPC access policy: only the ENI actions Lambda needs to attach the function to the private subnets (EC2 requires resource "*" for them).',
      );
    }
  }
}
