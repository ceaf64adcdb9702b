import { App } from 'aws-cdk-lib';
import { ConfigOverrides, EnvironmentName, loadConfigs } from '../config';
import { registerNagPacks } from './compliance/nag';
import { PlatformStage } from './platform-stage';

export interface PlatformAppOptions {
  /** Environments to build, each a Stage named `platform-<env>`. */
  readonly environments: readonly EnvironmentName[];
  /** Per-environment overrides from the process environment (bin/ reads them). */
  readonly overrides?: Partial<Record<EnvironmentName, ConfigOverrides>>;
}

/** Adds one nag-checked Stage per environment to `app`. Throws ConfigError on invalid configuration. */
export function addPlatformStages(app: App, options: PlatformAppOptions): PlatformStage[] {
  return loadConfigs(options.environments, options.overrides).map((config) => {
    const stage = new PlatformStage(app, `platform-${config.name}`, { config });
    registerNagPacks(stage, config.compliance.packs);
    return stage;
  });
}
