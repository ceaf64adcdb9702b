import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../config';

export interface PlatformStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /**
   * Stateful stacks (keys, network, data, secrets, backup copy) get termination protection from config
   * (CL-DEL-1), except on a first deploy (the CLI switches it on before the first change set runs, so a failed
   * create would leave a stack that cannot be deleted and retried); stateless ones can be replaced freely.
   */
  readonly stateful: boolean;
}

/** Base of every platform stack: readable name, the environment's tags, and no availability-zone lookups. */
export class PlatformStack extends Stack {
  readonly config: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, {
      stackName: `platform-${deploymentName(props.config)}-${id}`,
      terminationProtection: props.stateful && props.config.terminationProtection && !props.config.firstDeploy,
      ...props,
    });
    this.config = props.config;
    Tags.of(this).add('platform:stack', id);
    for (const [key, value] of Object.entries(props.config.tags)) Tags.of(this).add(key, value);
  }

  /**
   * The configured AZs: with an explicit account/region CDK would otherwise look AZs up (a context
   * provider call needing AWS credentials). Stacks in another region (the backup copy) never build subnets.
   */
  override get availabilityZones(): string[] {
    return this.config.network.availabilityZones;
  }
}
