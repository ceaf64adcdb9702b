import { Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { BackupCopyStack } from './stacks/backup-copy-stack';
import { DataStack } from './stacks/data-stack';
import { KeysStack } from './stacks/keys-stack';
import { NetworkStack } from './stacks/network-stack';

export interface PlatformStageProps extends StageProps {
  readonly config: EnvironmentConfig;
}

/** One environment (dev, staging or prod): its stacks, all in the environment's own account and region (CL-ENV-1). */
export class PlatformStage extends Stage {
  readonly keys: KeysStack;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly backupCopy: BackupCopyStack;

  constructor(scope: Construct, id: string, props: PlatformStageProps) {
    super(scope, id, { ...props, env: { account: props.config.account, region: props.config.region } });
    const { config } = props;
    this.keys = new KeysStack(this, 'keys', { config });
    this.network = new NetworkStack(this, 'network', { config, logsKey: this.keys.keys.logs });
    this.backupCopy = new BackupCopyStack(this, 'backup-copy', { config });
    this.data = new DataStack(this, 'data', { config, vpc: this.network.network.vpc, keys: this.keys.keys });
    // The backup plan copies into the copy vault, which must exist first (the link is a computed ARN, not a reference).
    this.data.addStackDependency(this.backupCopy);
  }
}
