import { App } from 'aws-cdk-lib';
import { loadConfigs } from '../../../config';
import { PlatformStage } from '../../../lib/platform-stage';
import { nagFindings } from '../support/service-fixture';

describe.each(['dev', 'prod'] as const)('SecretsStack (%s)', (env) => {
  const [config] = loadConfigs([env]);
  const stage = new PlatformStage(new App(), `platform-${env}`, { config });

  test('is part of the stage as platform-<env>-secrets', () => {
    expect(stage.secrets!.stackName).toBe(`platform-${env}-secrets`);
  });

  test('AwsSolutions and the platform pack report no unacknowledged finding', () => {
    expect(nagFindings(stage.secrets!)).toEqual([]);
  });
});
