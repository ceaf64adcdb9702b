import { IPolicyValidationPlugin, PolicyValidationPluginReport, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { PlatformChecks } from './platform-checks';

/**
 * Runs a nag pack over one Stage only. CDK hands every plugin the whole app (`appConstruct`), so a pack
 * registered on each environment's Stage would otherwise report every environment's findings three times;
 * and a pack registered on the App sees no stacks, since ours all live in Stages.
 */
class StageScopedNagPack implements IPolicyValidationPlugin {
  readonly name: string;

  constructor(
    private readonly pack: NagPack,
    private readonly stage: Stage,
  ) {
    this.name = pack.name;
  }

  validate(): PolicyValidationPluginReport {
    return this.pack.validateScope(this.stage);
  }
}

/**
 * Registers AwsSolutions and the platform checklist pack on one environment's Stage. Any unacknowledged
 * finding fails synth; acknowledgments are written into the templates' Metadata (`cdk_nag.rules_to_suppress`)
 * for auditors.
 */
export function registerNagPacks(stage: Stage): void {
  Validations.of(stage).addPlugins(
    new StageScopedNagPack(new AwsSolutionsChecks(stage, { verbose: true, writeSuppressionsToCloudFormation: true }), stage),
    new StageScopedNagPack(new PlatformChecks(stage, { verbose: true }), stage),
  );
}
