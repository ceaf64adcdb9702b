import { IPolicyValidationPlugin, PolicyValidationPluginReport, Stage, Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import type { NagPackName } from '../../config/sections/compliance';
import { AWS_SOLUTIONS_PACK, REGULATORY_PACKS } from './packs';
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
 * Registers AwsSolutions, the platform checklist pack and the environment's selected regulatory packs
 * (`compliance.packs`) on one environment's Stage. Any unacknowledged finding of any of them fails synth;
 * acknowledgments are written into the templates' Metadata (`cdk_nag.rules_to_suppress`) for auditors (one
 * writer is enough: it copies every acknowledgment on the resource).
 */
export function registerNagPacks(stage: Stage, packs: readonly NagPackName[] = []): void {
  Validations.of(stage).addPlugins(
    new StageScopedNagPack(AWS_SOLUTIONS_PACK.create(stage, { verbose: true, writeSuppressionsToCloudFormation: true }), stage),
    new StageScopedNagPack(new PlatformChecks(stage, { verbose: true }), stage),
    ...packs.map((name) => new StageScopedNagPack(REGULATORY_PACKS[name].create(stage, { verbose: true }), stage)),
  );
}
