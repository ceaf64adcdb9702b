import { Template } from 'aws-cdk-lib/assertions';
import { nagFindings } from '../support/service-fixture';
import { platformStage } from '../../support/platform';

describe.each(['dev', 'prod'] as const)('RegistryStack (%s)', (env) => {
  const stage = platformStage(env);
  const template = Template.fromStack(stage.registry);
  const [repository] = Object.values(template.findResources('AWS::ECR::Repository')) as { Properties: any; DeletionPolicy: string }[];

  test('one repository: immutable tags, scan on push, encrypted with the environment data key (CL-ENC-1)', () => {
    expect(Object.keys(template.findResources('AWS::ECR::Repository'))).toHaveLength(1);
    expect(repository.Properties).toMatchObject({
      ImageTagMutability: 'IMMUTABLE',
      ImageScanningConfiguration: { ScanOnPush: true },
      EncryptionConfiguration: { EncryptionType: 'KMS' },
    });
    expect(JSON.stringify(repository.Properties.EncryptionConfiguration.KmsKey)).toContain('DataKey');
    // Generated name: the app pipeline reads the RepositoryUri output.
    expect(repository.Properties.RepositoryName).toBeUndefined();
    template.hasOutput('RepositoryUri', {});
  });

  test('untagged images expire after service.image.untaggedExpiryDays', () => {
    const policy = JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText);
    expect(policy.rules).toEqual([
      expect.objectContaining({
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: stage.registry.config.service.image.untaggedExpiryDays, countUnit: 'days' },
        action: { type: 'expire' },
      }),
    ]);
  });

  test('stateful: kept when retained by config, emptied and deleted only where the environment is disposable', () => {
    expect(stage.registry.terminationProtection).toBe(stage.registry.config.terminationProtection);
    if (env === 'dev') {
      expect(repository.DeletionPolicy).toBe('Delete');
      expect(repository.Properties.EmptyOnDelete).toBe(true);
    } else {
      expect(repository.DeletionPolicy).not.toBe('Delete');
      expect(repository.Properties.EmptyOnDelete).toBe(false);
    }
  });

  test('no unacknowledged finding', () => {
    expect(nagFindings(stage.registry)).toEqual([]);
  });
});
