import { Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { KeysStack } from './stacks/keys-stack';
import { NetworkStack } from './stacks/network-stack';
import { SecretsStack } from './stacks/secrets-stack';

export interface PlatformStageProps extends StageProps {
  readonly config: EnvironmentConfig;
}

/** One environment (dev, staging or prod): its stacks, all in the environment's own account and region (CL-ENV-1). */
export class PlatformStage extends Stage {
  readonly keys: KeysStack;
  readonly network: NetworkStack;
  readonly secrets: SecretsStack;

  constructor(scope: Construct, id: string, props: PlatformStageProps) {
    super(scope, id, { ...props, env: { account: props.config.account, region: props.config.region } });
    const { config } = props;
    this.keys = new KeysStack(this, 'keys', { config });
    this.network = new NetworkStack(this, 'network', { config, logsKey: this.keys.keys.logs });
    this.secrets = new SecretsStack(this, 'secrets', { config, keys: this.keys.keys });
  }
}
