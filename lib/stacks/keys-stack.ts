import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { EncryptionKeys } from '../constructs/encryption-keys';
import { PlatformStack } from '../platform-stack';

export interface KeysStackProps {
  readonly config: EnvironmentConfig;
}

/** Stateful: the environment's customer-managed KMS keys, shared by the stacks that encrypt with them. */
export class KeysStack extends PlatformStack {
  readonly keys: EncryptionKeys;

  constructor(scope: Construct, id: string, props: KeysStackProps) {
    super(scope, id, { config: props.config, stateful: true, description: 'Platform KMS keys (CL-ENC-1)' });
    this.keys = new EncryptionKeys(this, 'Keys', { config: props.config });
  }
}
