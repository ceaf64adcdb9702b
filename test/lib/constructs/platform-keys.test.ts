import { App, Stage, aws_iam as iam, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { importPlatformKeys } from '../../../lib/constructs/platform-keys';
import { PlatformStack } from '../../../lib/platform-stack';
import { KeysStack } from '../../../lib/stacks/keys-stack';
import { configOf } from '../../support/data-fixture';

describe('importPlatformKeys', () => {
  const config = configOf('prod');
  const app = new App();
  const stage = new Stage(app, 'platform-prod', { env: { account: config.account, region: config.region } });
  const keysStack = new KeysStack(stage, 'keys', { config });
  const producer = new PlatformStack(stage, 'producer', { config, stateful: true });
  const keys = importPlatformKeys(producer, keysStack.keys);
  const secret = new secretsmanager.Secret(producer, 'Secret', { encryptionKey: keys.secrets });
  const consumer = new PlatformStack(stage, 'consumer', { config, stateful: false });
  const role = new iam.Role(consumer, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  secret.grantRead(role);

  it('lets a role in a third stack read a secret without the keys stack depending on it (no cycle)', () => {
    expect(() => stage.synth()).not.toThrow();
    expect(keysStack.dependencies).toEqual([]);
    const keysTemplate = JSON.stringify(Template.fromStack(keysStack).toJSON());
    expect(keysTemplate).not.toContain('consumer');
    Template.fromStack(consumer).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { 'Fn::ImportValue': Match.stringLikeRegexp('^platform-prod-producer:') } }] },
    });
  });

  it('relies on the secrets key admitting this account only through Secrets Manager', () => {
    Template.fromStack(keysStack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: [
          { Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${config.account}:root`]] } } },
          {
            Sid: 'AllowUseThroughSecretsManagerInThisAccount',
            Principal: { AWS: '*' },
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            Condition: { StringEquals: { 'kms:CallerAccount': config.account, 'kms:ViaService': `secretsmanager.${config.region}.amazonaws.com` } },
          },
        ],
      },
    });
  });
});
