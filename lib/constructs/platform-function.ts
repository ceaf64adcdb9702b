import * as path from 'node:path';
import { Duration, aws_ec2 as ec2, aws_kms as kms, aws_lambda as lambda, aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface PlatformFunctionProps {
  /** Directory under `lambdas/` whose `index.ts` exports `handler`. */
  readonly lambdaName: string;
  readonly description: string;
  /** Encrypts the function's log group. */
  readonly logsKey: kms.IKey;
  /** Days the function's logs are kept (CL-OBS-1). */
  readonly logRetentionDays: number;
  readonly vpc: ec2.IVpc;
  /** @default { subnetGroupName: 'private' } */
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  /** @default 1 minute */
  readonly timeout?: Duration;
  /** @default {} */
  readonly environment?: Record<string, string>;
}

/**
 * A platform Lambda: `lambdas/<name>/index.ts` bundled by esbuild (AWS SDK v3 from the runtime), Node.js 24, in the
 * VPC's private subnets under the given security group, logging to its own KMS-encrypted log group with retention.
 */
export class PlatformFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const logGroup = new EncryptedLogGroup(scope, `${id}LogGroup`, {
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    super(scope, id, {
      entry: path.join(__dirname, '..', '..', 'lambdas', props.lambdaName, 'index.ts'),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.minutes(1),
      environment: props.environment,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetGroupName: 'private' },
      securityGroups: [props.securityGroup],
      bundling: { minify: true, sourceMap: true, externalModules: ['@aws-sdk/*'] },
    });
    acknowledge(
      this.role!,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CL-OBS-1',
      'AWS-managed basic execution policy: only lets the function write its own CloudWatch logs; the data access it needs is granted separately and scoped to its resources.',
    );
    acknowledge(
      this.role!,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'CL-NET-1',
      'AWS-managed VPC access policy: only the network-interface actions Lambda needs to run in the VPC, which cannot be scoped to resources before the interfaces exist.',
    );
  }
}
