import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BUILT_IN_CONFIGS, EnvironmentName, loadConfigs } from '../../../config';
import { PlatformStage } from '../../../lib/platform-stage';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

function secretsTemplate(env: EnvironmentName, edit?: (raw: Record<string, any>) => void) {
  const raw = structuredClone(BUILT_IN_CONFIGS[env]) as Record<string, any>;
  edit?.(raw);
  const [config] = loadConfigs([env], {}, { ...BUILT_IN_CONFIGS, [env]: raw });
  const stage = new PlatformStage(new App(), `platform-${env}`, { config });
  return { stage, template: Template.fromStack(stage.secrets!) };
}

describe.each(['dev', 'prod'] as const)('AppSecrets (%s)', (env) => {
  const { stage, template } = secretsTemplate(env);

  test('one generated secret per configured name, >= 32 bytes, encrypted with the secrets key (CL-SEC-1, CL-ENC-1)', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret') as Record<string, Resource>;
    expect(Object.values(secrets).map((s) => s.Properties.Name).sort()).toEqual(
      ['AUTH_SECRET', 'JWT_SECRET', 'SESSION_SECRET'].map((n) => `platform/${env}/app/${n}`),
    );
    for (const secret of Object.values(secrets)) {
      expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false, RequireEachIncludedType: true });
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(JSON.stringify(secret.Properties.KmsKeyId)).toContain('SecretsKey');
      expect(secret.DeletionPolicy).toBe(env === 'prod' ? 'RetainExceptOnCreate' : 'Delete');
    }
    expect(Object.keys(stage.secrets!.appSecrets).sort()).toEqual(['AUTH_SECRET', 'JWT_SECRET', 'SESSION_SECRET']);
  });

  test('every secret rotates at most every 90 days, immediately on creation, with the custom Lambda (CL-SEC-2)', () => {
    const secrets = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    const schedules = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule')) as Resource[];
    expect(schedules.map((s) => s.Properties.SecretId.Ref).sort()).toEqual(secrets.sort());
    for (const schedule of schedules) {
      expect(schedule.Properties).toMatchObject({
        RotateImmediatelyOnUpdate: true,
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
        RotationLambdaARN: { 'Fn::GetAtt': [expect.stringMatching(/^AppSecretsRotationFunction/), 'Arn'] },
      });
    }
  });

  test('the rotation Lambda: Node 24 bundle, the same generation policy, an encrypted log group with retention', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Environment: { Variables: Match.objectEquals({ PASSWORD_LENGTH: '64', EXCLUDE_CHARACTERS: '', EXCLUDE_PUNCTUATION: 'true' }) },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^AppSecretsRotationLogGroup') } },
    });
    const [group] = Object.values(template.findResources('AWS::Logs::LogGroup')) as Resource[];
    expect(group.Properties.RetentionInDays).toBe(env === 'prod' ? 365 : 30);
    expect(JSON.stringify(group.Properties.KmsKeyId)).toContain('LogsKey');
  });

  test('the rotation role: scoped to these secrets and the secrets key, no managed policy', () => {
    const [role] = Object.values(template.findResources('AWS::IAM::Role')) as Resource[];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, any>[];
    const secretStatements = statements.filter((s) => JSON.stringify(s.Action).includes('UpdateSecretVersionStage'));
    expect(secretStatements.map((s) => s.Resource.Ref).sort()).toEqual(Object.keys(template.findResources('AWS::SecretsManager::Secret')).sort());
    // Active tracing's X-Ray actions and GetRandomPassword support no resource-level permission.
    expect(statements.filter((s) => s.Resource === '*').map((s) => s.Action)).toEqual([['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], 'secretsmanager:GetRandomPassword']);
    expect(statements.find((s) => s.Sid === 'UseSecretsKeyViaSecretsManager')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });

  test('the secrets stack is stateful and the keys stack never references it', () => {
    expect(stage.secrets!.terminationProtection).toBe(env === 'prod');
    expect(JSON.stringify(Template.fromStack(stage.keys).toJSON())).not.toContain('AppSecrets');
  });
});

describe('AppSecrets names from config', () => {
  test('an app that calls it NEXTAUTH_SECRET gets that secret', () => {
    const { template } = secretsTemplate('dev', (raw) => {
      raw.appSecrets = { ...raw.appSecrets, names: ['NEXTAUTH_SECRET'], length: 48, excludePunctuation: false, excludeCharacters: '"\'\\' };
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'platform/dev/app/NEXTAUTH_SECRET',
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: false, ExcludeCharacters: '"\'\\', IncludeSpace: false, RequireEachIncludedType: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PASSWORD_LENGTH: '48', EXCLUDE_CHARACTERS: '"\'\\', EXCLUDE_PUNCTUATION: 'false' }) },
    });
  });
});
