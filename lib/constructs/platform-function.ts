import * as path from 'node:path';
import { Duration, aws_ec2 as ec2, aws_kms as kms, aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeInPacks } from '../compliance/packs';
import { EncryptedLogGroup } from './encrypted-log-group';
import { LAMBDA_RUNTIME, lambdaCode } from './lambda-bundling';

export interface PlatformFunctionProps {
  /** Directory under `lambdas/` whose `index.ts` exports `handler`. Give this or `entry`. */
  readonly lambdaName?: string;
  /** Handler file relative to `lambdas/` (e.g. `restore-drill/verify.ts`) for multi-task directories. Give this or `lambdaName`. */
  readonly entry?: string;
  readonly description: string;
  /** Encrypts the function's log group. */
  readonly logsKey: kms.IKey;
  /** Days the function's logs are kept (CL-OBS-1). */
  readonly logRetentionDays: number;
  /** The VPC to run in; functions that only call AWS APIs may stay outside. @default not in a VPC */
  readonly vpc?: ec2.IVpc;
  /** @default { subnetGroupName: 'private' } */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Required with `vpc`: the function's own security group. */
  readonly securityGroup?: ec2.ISecurityGroup;
  /** @default 1 minute */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** Where failed asynchronous invocations go. @default none (synchronous callers only) */
  readonly onFailure?: lambda.IDestination;
  /** Retries of failed asynchronous invocations. @default 2 (Lambda's default) */
  readonly retryAttempts?: number;
  /**
   * Concurrent executions reserved for the function. @default none: a new account's concurrency quota can be 10,
   * and Lambda refuses any reservation that leaves fewer than 10 unreserved, so a default reservation would fail
   * the first deploy (the regulatory packs' LambdaConcurrency finding is acknowledged instead).
   */
  readonly reservedConcurrency?: number;
  /**
   * Why no dead-letter queue fits this function (the packs' LambdaDLQ finding): who invokes it and where its
   * failures surface. Asynchronously invoked functions take `onFailure` instead, which also carries the response.
   */
  readonly noDeadLetterQueueReason: string;
  /**
   * Why this function runs outside the VPC (the packs' LambdaInsideVPC finding), when it does.
   * @default required unless `vpc` is given
   */
  readonly outsideVpcReason?: string;
  /** Why other actions of the function's policy need `Resource::*` too (one acknowledgment covers the policy). */
  readonly resourceWildcardReason?: string;
}

/** Why a Secrets Manager rotation function needs no dead-letter queue (the packs' LambdaDLQ finding). */
export const ROTATION_NO_DLQ_REASON =
  "Invoked by Secrets Manager rotation, which keeps a failed rotation's state in the secret (AWSPENDING), retries it and emits the failure as an event that the SecretRotationFailures rule sends to the alarm topic; a DLQ would only duplicate that.";

/** The part of the AwsSolutions-IAM5[Resource::*] reason that active tracing adds to every function's policy. */
export const X_RAY_WILDCARD_REASON =
  'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, so X-Ray requires "*".';

/**
 * The regulatory packs' findings every platform function shares, acknowledged on the function with the
 * function's own reasons: no reserved concurrency by default, no dead-letter queue where none fits, and (for a
 * function outside the VPC) why it runs there.
 */
export function acknowledgeFunctionFindings(
  fn: lambda.Function,
  props: Pick<PlatformFunctionProps, 'reservedConcurrency' | 'noDeadLetterQueueReason' | 'outsideVpcReason' | 'vpc'>,
): void {
  if (props.reservedConcurrency === undefined) {
    acknowledgeInPacks(
      fn,
      'LambdaConcurrency',
      'CL-APP-3',
      "No reserved concurrency by default: a new account's Lambda concurrency quota can be 10, and Lambda refuses any reservation that leaves fewer than 10 unreserved, so a reservation would fail the first deploy. Set reservedConcurrency once the quota is raised.",
    );
  }
  acknowledgeInPacks(fn, 'LambdaDLQ', 'CL-OBS-2', props.noDeadLetterQueueReason);
  if (!props.vpc) {
    if (!props.outsideVpcReason) throw new Error(`${fn.node.path}: a function outside the VPC needs outsideVpcReason (or a vpc)`);
    acknowledgeInPacks(fn, 'LambdaInsideVPC', 'CL-NET-1', props.outsideVpcReason);
  }
}

/**
 * A platform Lambda: esbuild bundle (`lambdaCode`: minified, names kept, no source map, AWS SDK v3 from the
 * runtime, `pg` bundled), Node.js 24 (the latest, AwsSolutions-L1), ARM, optionally in the VPC's private subnets
 * under its own security group, logging to its own KMS-encrypted log group with retention (CL-OBS-1).
 */
export class PlatformFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    if ((props.lambdaName === undefined) === (props.entry === undefined)) {
      throw new Error(`PlatformFunction ${id}: give exactly one of lambdaName (lambdas/<name>/index.ts) or entry (a file under lambdas/)`);
    }
    if ((props.vpc === undefined) !== (props.securityGroup === undefined)) {
      throw new Error(`PlatformFunction ${id}: vpc and securityGroup go together (a VPC function needs its own security group)`);
    }
    const logGroup = new EncryptedLogGroup(scope, `${id}LogGroup`, {
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    super(scope, id, {
      code: lambdaCode(props.entry ?? path.join(props.lambdaName!, 'index.ts')),
      handler: 'index.handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.minutes(1),
      environment: props.environment,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? (props.vpcSubnets ?? { subnetGroupName: 'private' }) : undefined,
      securityGroups: props.securityGroup ? [props.securityGroup] : undefined,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // X-Ray traces every invocation (Serverless-LambdaTracing): cheap at these volumes, and it shows which AWS call failed.
      tracing: lambda.Tracing.ACTIVE,
    });
    acknowledge(
      this.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'CL-OBS-1',
      [X_RAY_WILDCARD_REASON, props.resourceWildcardReason].filter(Boolean).join(' '),
    );
    acknowledgeFunctionFindings(this, props);
    acknowledge(
      this.role!,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CL-OBS-1',
      'AWS-managed basic execution policy: only lets the function write its own CloudWatch logs; the data access it needs is granted separately and scoped to its resources.',
    );
    if (props.vpc) {
      acknowledge(
        this.role!,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        'CL-NET-1',
        'AWS-managed VPC access policy: only the network-interface actions Lambda needs to run in the VPC, which cannot be scoped to resources before the interfaces exist.',
      );
    }
  }
}
