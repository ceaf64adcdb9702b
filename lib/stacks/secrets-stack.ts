import { aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { AppSecrets } from '../constructs/app-secrets';
import { EncryptionKeys } from '../constructs/encryption-keys';
import { PlatformStack } from '../platform-stack';

export interface SecretsStackProps {
  readonly config: EnvironmentConfig;
  readonly keys: EncryptionKeys;
}

/**
 * Stateful: the web app's signing secrets and their rotation (CL-SEC-1, CL-SEC-2). A recovery environment has
 * none: its service reads the environment's replicas in its region (`replicaSecrets`).
 */
export class SecretsStack extends PlatformStack {
  /** The signing secrets by environment-variable name (ServiceStackProps.appSecrets). */
  readonly appSecrets: Readonly<Record<string, secretsmanager.Secret>>;
  /** The custom rotation Lambda of those secrets (for alarms on its errors). */
  readonly rotationFunction: AppSecrets['rotationFunction'];

  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id, { config: props.config, stateful: true, description: 'Platform app signing secrets and their rotation (CL-SEC-1, CL-SEC-2)' });
    const appSecrets = new AppSecrets(this, 'AppSecrets', {
      config: props.config,
      secretsKey: props.keys.secrets,
      logsKey: props.keys.logs,
    });
    this.appSecrets = appSecrets.secrets;
    this.rotationFunction = appSecrets.rotationFunction;
  }
}
