import { Duration, RemovalPolicy, Stack, aws_kms as kms, aws_s3 as s3, aws_synthetics as synthetics } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ObservabilityConfig } from '../../config/sections/observability';
import { acknowledge, findingPartition } from '../compliance/acknowledge';
import { acknowledgeInPacks } from '../compliance/packs';

export interface UptimeCanaryProps {
  readonly environmentName: string;
  /** `observability.canary` with its domain set. */
  readonly config: ObservabilityConfig['canary'] & { readonly domain: string };
  /** Encrypts the artifacts bucket and the artifacts the canary writes. */
  readonly key: kms.IKey;
}

/**
 * External uptime check (CL-OBS-3): a CloudWatch Synthetics canary fetching `https://<domain><healthPath>`
 * on a schedule from outside the VPC, as a user would; anything but HTTP 200 within 10 s fails the run.
 */
export class UptimeCanary extends Construct {
  readonly canary: synthetics.Canary;
  readonly artifactsBucket: s3.Bucket;
  readonly url: string;
  private readonly intervalMinutes: number;

  constructor(scope: Construct, id: string, props: UptimeCanaryProps) {
    super(scope, id);
    const { config } = props;
    this.url = `https://${config.domain}${config.healthPath}`;
    this.intervalMinutes = config.intervalMinutes;

    this.artifactsBucket = new s3.Bucket(this, 'ArtifactsBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // An overwritten or deleted artifact stays recoverable for the same period (S3BucketVersioningEnabled).
      versioned: true,
      lifecycleRules: [
        {
          expiration: Duration.days(config.artifactRetentionDays),
          noncurrentVersionExpiration: Duration.days(config.artifactRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Kept if the stack goes (CloudFormation cannot delete a non-empty bucket); the lifecycle empties it.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    acknowledge(
      this.artifactsBucket,
      'AwsSolutions-S1',
      'CL-OBS-3',
      'Holds only the uptime canary\'s own run artifacts (status and timings of a public health URL), written by its role and expired by lifecycle; access logs would add a second bucket of no audit value.',
    );

    acknowledgeInPacks(
      this.artifactsBucket,
      'S3BucketLoggingEnabled',
      'CL-OBS-3',
      "Holds only the uptime canary's own run artifacts (status and timings of a public health URL, no customer data), written by its role and expired by lifecycle; reads of it are recorded by CloudTrail, and an access-log bucket would need the same exception.",
    );
    acknowledgeInPacks(
      this.artifactsBucket,
      'S3BucketReplicationEnabled',
      'CL-OBS-3',
      "The canary's run artifacts matter only for the days they are kept (artifactRetentionDays) and are versioned against deletion; a cross-region copy would add cost without a recovery need.",
    );

    // Canary names: lower case, at most 21 characters.
    const canaryName = `${props.environmentName}-uptime`.slice(0, 21);
    this.canary = new synthetics.Canary(this, 'Canary', {
      canaryName,
      // The newest Puppeteer runtime (Node.js 22); the script uses only `https`, so no browser starts.
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      schedule: synthetics.Schedule.rate(Duration.minutes(config.intervalMinutes)),
      test: synthetics.Test.custom({ handler: 'index.handler', code: synthetics.Code.fromInline(healthCheckScript(this.url)) }),
      artifactsBucketLocation: { bucket: this.artifactsBucket, prefix: 'uptime' },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.KMS,
      artifactS3KmsKey: props.key,
      successRetentionPeriod: Duration.days(config.artifactRetentionDays),
      failureRetentionPeriod: Duration.days(config.artifactRetentionDays),
      timeout: Duration.seconds(30),
      startAfterCreation: true,
      provisionedResourceCleanup: true,
    });
    this.acknowledgeRoleFindings();
  }

  private acknowledgeRoleFindings(): void {
    const role = this.canary.role;
    const { region, account } = Stack.of(this);
    const bucketId = Stack.of(this).getLogicalId(this.artifactsBucket.node.defaultChild as s3.CfnBucket);
    const findings: [string, string][] = [
      ['Resource::*', 's3:ListAllMyBuckets and cloudwatch:PutMetricData (conditioned on the CloudWatchSynthetics namespace) have no resource-level permissions; the Synthetics runtime calls both.'],
      [`Resource::<${bucketId}.Arn>/uptime/*`, 'The canary writes its run artifacts as new objects under its own prefix of its own bucket.'],
      [`Resource::arn:${findingPartition(this)}:logs:${region}:${account}:log-group:/aws/lambda/cwsyn-*`, 'Synthetics names the canary\'s log group cwsyn-<name>-<generated id>; the id is unknown at synth time.'],
      ['Action::kms:ReEncrypt*', 'Added by the artifacts key grant; limited to the one logs key that encrypts the canary\'s artifacts.'],
      ['Action::kms:GenerateDataKey*', 'Added by the artifacts key grant; limited to the one logs key that encrypts the canary\'s artifacts.'],
    ];
    for (const [finding, reason] of findings) acknowledge(role, `AwsSolutions-IAM5[${finding}]`, 'CL-OBS-3', reason);
    acknowledgeInPacks(
      role,
      'IAMNoInlinePolicy',
      'CL-OBS-3',
      'The Synthetics construct writes the canary\'s permissions inline into the role it creates for this one canary, scoped to its bucket prefix, log groups and metric namespace; the policy lives and dies with the role.',
    );
    acknowledgeInPacks(
      role,
      'LambdaStarPermissions',
      'CL-OBS-3',
      'The wildcards are those acknowledged above for AwsSolutions-IAM5: actions without resource-level permissions (s3:ListAllMyBuckets, cloudwatch:PutMetricData conditioned on its namespace), the canary\'s own artifact prefix and its generated log-group name.',
    );
  }

  /** % of successful runs, one period per scheduled run. */
  metricSuccessPercent(): ReturnType<synthetics.Canary['metricSuccessPercent']> {
    return this.canary.metricSuccessPercent({ period: Duration.minutes(this.intervalMinutes), statistic: 'Average' });
  }
}

/** The canary's script: one HTTPS GET, fails on any status but 200 or after 10 s. */
function healthCheckScript(url: string): string {
  return `
const https = require('https');
exports.handler = async () => {
  const url = ${JSON.stringify(url)};
  const status = await new Promise((resolve, reject) => {
    const req = https.get(url, { timeout: 10000, headers: { 'user-agent': 'platform-uptime-canary' } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('no response within 10 s from ' + url)));
    req.on('error', reject);
  });
  if (status !== 200) throw new Error('health check ' + url + ' returned HTTP ' + status);
  return 'ok';
};
`;
}
