import { CfnOutput, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { ImageRepository } from '../constructs/image-repository';
import { PlatformStack } from '../platform-stack';

export interface RegistryStackProps {
  readonly config: EnvironmentConfig;
  /** The environment's `data` key (images are data at rest). */
  readonly dataKey: kms.IKey;
}

/**
 * Stateful: the environment's container image repository. Apart from the stateless service stack so that
 * replacing or deleting the service never deletes the images it runs.
 */
export class RegistryStack extends PlatformStack {
  readonly images: ImageRepository;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, { config: props.config, stateful: true, description: 'Platform container image repository (CL-ENC-1)' });
    this.images = new ImageRepository(this, 'Images', { config: props.config, encryptionKey: props.dataKey });
    new CfnOutput(this, 'RepositoryUri', {
      description: 'Push the app images here with an immutable tag, then deploy with -c imageTag=<tag>',
      value: this.images.repository.repositoryUri,
    });
  }
}
