import { App, Validations } from 'aws-cdk-lib';
import { ConfigOverrides, DeploymentName, EnvironmentName, deploymentName, loadConfigs } from '../config';
import { registerNagPacks } from './compliance/nag';
import { BackgroundTemplateValidation } from './compliance/template-validation';
import { PlatformStage } from './platform-stage';

export interface PlatformAppOptions {
  /** Environments (or recovery environments, `<env>-recovery`) to build, each a Stage named `platform-<name>`. */
  readonly environments: readonly DeploymentName[];
  /** Per-environment overrides from the process environment (bin/ reads them); a recovery environment uses its environment's. */
  readonly overrides?: Partial<Record<EnvironmentName, ConfigOverrides>>;
  /**
   * Template validation in a worker thread: each Stage is synthesized as soon as it is built and its templates
   * validated while the next one is built. Registered on the App, it replaces CDK's default instance.
   * @default - CDK's own CloudFormation Validate plugin, run at the end of synthesis
   */
  readonly backgroundValidation?: BackgroundTemplateValidation;
}

/** Adds one nag-checked Stage per environment to `app`. Throws ConfigError on invalid configuration. */
export function addPlatformStages(app: App, options: PlatformAppOptions): PlatformStage[] {
  const { backgroundValidation } = options;
  if (backgroundValidation) Validations.of(app).addPlugins(backgroundValidation);
  return loadConfigs(options.environments, options.overrides).map((config) => {
    const stage = new PlatformStage(app, `platform-${deploymentName(config)}`, { config });
    registerNagPacks(stage, config.compliance.packs);
    backgroundValidation?.prevalidate(stage);
    return stage;
  });
}
