import { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { Network } from '../constructs/network';
import { PlatformStack } from '../platform-stack';

export interface NetworkStackProps {
  readonly config: EnvironmentConfig;
  readonly logsKey: kms.IKey;
}

/** Stateful: the VPC everything else lives in. */
export class NetworkStack extends PlatformStack {
  readonly network: Network;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, { config: props.config, stateful: true, description: 'Platform network (CL-NET-1, CL-NET-2)' });
    this.network = new Network(this, 'Network', { config: props.config, logsKey: props.logsKey });
  }
}
