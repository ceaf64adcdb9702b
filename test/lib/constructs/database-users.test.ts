import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../../config';
import { DATABASE_ROLES, DATABASE_ROTATION_SCHEME } from '../../../lib/constructs/database-users';
import { configOf, databaseWithUsers } from '../../support/data-fixture';

function build(config: EnvironmentConfig) {
  const { stack, users } = databaseWithUsers(config);
  return { stack, users, template: Template.fromStack(stack) };
}

describe('DatabaseUsers', () => {
  it('rotates every database secret on the configured period', () => {
    const { template } = build(configOf('dev', (c) => (c.database.credentialRotationDays = 90)));
    const schedules = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule'));
    expect(schedules).toHaveLength(4);
    for (const s of schedules) expect(s.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(90 days)' });
  });

  it('alternates users for the app and cleanup roles, and rotates the schema owner single-user', () => {
    expect(DATABASE_ROTATION_SCHEME).toEqual({ app: 'multi-user', sessionCleanup: 'multi-user', migrator: 'single-user' });
    expect(DATABASE_ROLES).toEqual({ app: 'app', sessionCleanup: 'session_cleanup', migrator: 'migrator' });
    const { stack, users, template } = build(configOf('prod'));
    const typeOf = (secret: { node: { defaultChild?: unknown } }) => {
      const id = stack.getLogicalId(secret.node.defaultChild as never);
      const attachment = Object.entries(template.findResources('AWS::SecretsManager::SecretTargetAttachment')).find(
        ([, a]) => a.Properties.SecretId.Ref === id,
      )![0];
      const schedule = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule')).find((s) => s.Properties.SecretId.Ref === attachment)!;
      return schedule.Properties.HostedRotationLambda.RotationType;
    };
    expect(typeOf(users.secrets.app)).toBe('PostgreSQLMultiUser');
    expect(typeOf(users.secrets.sessionCleanup)).toBe('PostgreSQLMultiUser');
    expect(typeOf(users.secrets.migrator)).toBe('PostgreSQLSingleUser');
  });

  it('never lets an alternating-users rotation log in as master while the master rotation is mid-way on first deploy', () => {
    const { stack, users, template } = build(configOf('prod'));
    const schedules = template.findResources('AWS::SecretsManager::RotationSchedule');
    const idOf = (rotation: { node: { defaultChild?: unknown } }) => stack.getLogicalId(rotation.node.defaultChild as never);
    const master = schedules[idOf(users.rotations.master)]!;
    // RotateSecret is asynchronous, so a DependsOn alone cannot wait for the master's rotation to finish: the
    // master is not rotated on deploy at all (its generated password is new), only on its schedule.
    expect(master.Properties.RotateImmediatelyOnUpdate).toBe(false);
    for (const name of ['app', 'sessionCleanup'] as const) {
      const schedule = schedules[idOf(users.rotations[name])]!;
      expect(schedule.Properties.HostedRotationLambda.MasterSecretArn).toBeDefined();
      expect(schedule.Properties.RotateImmediatelyOnUpdate).not.toBe(false);
      expect(schedule.DependsOn).toContain(idOf(users.rotations.master));
    }
  });

  it('re-runs the bootstrap when its configured inputs change', () => {
    const { template } = build(
      configOf('dev', (c) => {
        c.database.bootstrap = { schema: 'shop', sessionTables: ['auth_sessions'], revision: '2026-11-22' };
      }),
    );
    template.hasResourceProperties('Custom::DbBootstrap', { Schema: 'shop', SessionTables: 'auth_sessions', Revision: '2026-11-22' });
  });

  it('lets the bootstrap function out only to PostgreSQL and HTTPS, and the database admit it', () => {
    const { stack, users, template } = build(configOf('dev'));
    const sg = stack.getLogicalId(users.bootstrap.securityGroup.node.defaultChild as never);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { GroupId: { 'Fn::GetAtt': [sg, 'GroupId'] }, FromPort: 5432, ToPort: 5432 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourceSecurityGroupId: { 'Fn::GetAtt': [sg, 'GroupId'] }, FromPort: 5432 });
    expect(template.toJSON().Resources[sg].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443 })]);
  });

  it('logs the bootstrap and its provider into encrypted log groups with the database log retention', () => {
    const { template } = build(configOf('prod'));
    const groups = Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([id]) => id.startsWith('UsersBootstrap'));
    expect(groups).toHaveLength(2);
    for (const [, g] of groups) expect(g.Properties).toMatchObject({ RetentionInDays: 365, KmsKeyId: expect.anything() });
  });
});
