import { App } from 'aws-cdk-lib';
import { ConfigOverrides, DeploymentName, EnvironmentName, deploymentName, loadConfigs } from '../config';
import { registerNagPacks } from './compliance/nag';
import { PlatformStage } from './platform-stage';

export interface PlatformAppOptions {
  /** Environments (or recovery environments, `<env>-recovery`) to build, each a Stage named `platform-<name>`. */
  readonly environments: readonly DeploymentName[];
  /** Per-environment overrides from the process environment (bin/ reads them); a recovery environment uses its environment's. */
  readonly overrides?: Partial<Record<EnvironmentName, ConfigOverrides>>;
}

/** Adds one nag-checked Stage per environment to `app`. Throws ConfigError on invalid configuration. */
export function addPlatformStages(app: App, options: PlatformAppOptions): PlatformStage[] {
  return loadConfigs(options.environments, options.overrides).map((config) => {
    const stage = new PlatformStage(app, `platform-${deploymentName(config)}`, { config });
    registerNagPacks(stage);
    return stage;
  });
}
