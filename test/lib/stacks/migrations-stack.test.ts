import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { nagFindings } from '../support/service-fixture';
import { platformStage } from '../../support/platform';

describe.each(['dev', 'prod'] as const)('MigrationsStack (%s)', (env) => {
  const stage = platformStage(env);
  const template = Template.fromStack(stage.migrations);
  const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition')) as { Properties: any }[];
  const container = taskDefinition.Properties.ContainerDefinitions[0];

  test('the migrator runs the configured command with the database contract, as the migrator user', () => {
    expect(container.Command).toEqual(stage.migrations.config.service.migrator.command);
    const environment = Object.fromEntries(container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
    expect(environment).toMatchObject({ DATABASE_SSL: 'verify-full', DATABASE_AUTH: 'iam', DATABASE_SCHEMA: 'app', SESSION_CLEANUP_ROLE: 'session_cleanup' });
    expect(container.Secrets).toEqual([{ Name: 'DATABASE_USER', ValueFrom: expect.anything() }]);
    expect(JSON.stringify(container.Secrets[0].ValueFrom)).toContain(':username::');
    expect(JSON.stringify(template.toJSON())).toContain('dbuser:');
  });

  test('the same image as the service', () => {
    const web = (Object.values(Template.fromStack(stage.service).findResources('AWS::ECS::TaskDefinition'))[0] as any).Properties.ContainerDefinitions[0];
    expect(container.Image).toEqual(web.Image);
  });

  test('exports what scripts/run-migrations.sh reads, and the service deploys after it', () => {
    const script = readFileSync(join(__dirname, '..', '..', '..', 'scripts', 'run-migrations.sh'), 'utf8');
    const read = [...script.matchAll(/\$\(output (\w+)\)/g)].map((m) => m[1]).sort();
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(read);
    expect(stage.service.dependencies).toContain(stage.migrations);
  });

  test('its security group reaches only HTTPS and the database proxy', () => {
    const groups = Object.values(template.findResources('AWS::EC2::SecurityGroup')) as { Properties: any }[];
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties.SecurityGroupEgress.map((r: any) => [r.CidrIp, r.FromPort])).toEqual([['0.0.0.0/0', 443]]);
    const toProxy = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')) as { Properties: any }[];
    expect(toProxy.map((r) => r.Properties.FromPort)).toEqual([5432]);
    expect(Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r: any) => r.Properties.FromPort)).toEqual([5432]);
  });

  test('no unacknowledged finding', () => {
    expect(nagFindings(stage.migrations)).toEqual([]);
  });
});
