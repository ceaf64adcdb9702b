import { Duration, aws_ecr as ecr, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { statefulRemovalPolicy } from '../removal';

export interface ImageRepositoryProps {
  readonly config: EnvironmentConfig;
  /** Encrypts the images at rest (the environment's `data` key); ECR decrypts for pulls through its own grant. */
  readonly encryptionKey: kms.IKey;
}

/**
 * The environment's ECR repository for the team's application images: immutable tags (a tag always names the
 * same image, so a deploy is reproducible and a rollback is exact), basic vulnerability scan on every push,
 * KMS encryption with the environment's key, and untagged images expired by lifecycle. The name is generated;
 * the app's pipeline reads it from the registry stack's `RepositoryUri` output.
 */
export class ImageRepository extends Construct {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = statefulRemovalPolicy(config);
    this.repository = new ecr.Repository(this, 'Repository', {
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: props.encryptionKey,
      lifecycleRules: [
        {
          description: `Expire untagged images after ${config.service.image.untaggedExpiryDays} days`,
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(config.service.image.untaggedExpiryDays),
        },
      ],
      removalPolicy,
      // A destroyable (dev) repository must not block its stack's deletion because it still holds images.
      emptyOnDelete: config.removalPolicy === 'destroy',
    });
  }
}
