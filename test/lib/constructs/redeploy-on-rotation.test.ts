import { Match, Template } from 'aws-cdk-lib/assertions';
import { expectDeadLetteredTarget } from '../support/dead-letter';
import { serviceFixture } from '../support/service-fixture';

type Resource = { Type: string; Properties: Record<string, any> };

describe.each(['dev', 'prod'] as const)('RedeployOnRotation (%s)', (env) => {
  const fixture = serviceFixture(env);
  const template = Template.fromStack(fixture.service);

  test('a successful rotation of any consumed secret triggers the redeploy', () => {
    const [rule] = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
    const pattern = rule.Properties.EventPattern;
    expect(pattern).toMatchObject({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: { eventName: ['RotationSucceeded'] },
    });
    const ids = pattern.detail.additionalEventData.SecretId.map((id: unknown) => JSON.stringify(id));
    expect(ids).toEqual(['DbAppUser', 'CacheAppUser', 'AUTHSECRET', 'JWTSECRET', 'SESSIONSECRET'].map((s) => expect.stringContaining(s)));
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { Ref: expect.stringMatching(/^RedeployOnRotationStateMachine/) }, RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 } }),
    ]);
  });

  test('a redeploy EventBridge could not deliver within an hour is kept in an encrypted dead-letter queue', () => {
    const { rule, deadLetterQueue } = fixture.service.redeployOnRotation;
    expectDeadLetteredTarget(template, rule, deadLetterQueue, { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 });
  });

  test('an express state machine forces a new deployment of this service, logged and traced', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
      DefinitionString: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':states:::aws-sdk:ecs:updateService')])] },
    });
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as Resource[];
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('\\"ForceNewDeployment\\":true');
  });

  test('the state machine may update only this service', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const machinePolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('StateMachineRole'))!;
    const ecs = (machinePolicy.Properties.PolicyDocument.Statement as Record<string, any>[]).filter((s) => JSON.stringify(s.Action).includes('ecs:'));
    expect(ecs).toEqual([expect.objectContaining({ Action: 'ecs:UpdateService', Resource: { Ref: expect.stringMatching(/^WebService/) } })]);
  });
});
