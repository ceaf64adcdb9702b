import { Match, Template } from 'aws-cdk-lib/assertions';
import { platformStage } from '../../support/platform';

describe.each(['dev', 'prod'] as const)('keys stack (%s)', (env) => {
  const template = Template.fromStack(platformStage(env).keys);

  it('has three customer-managed keys, all rotating yearly (CL-ENC-1)', () => {
    template.resourceCountIs('AWS::KMS::Key', 3);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365 });
  });

  it(`${env === 'prod' ? 'retains' : 'deletes'} the keys when removed, per config`, () => {
    template.allResources('AWS::KMS::Key', { DeletionPolicy: env === 'prod' ? 'RetainExceptOnCreate' : 'Delete' });
  });

  it('lets CloudWatch Logs of this account and region use the logs key, and nothing else', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });
});
