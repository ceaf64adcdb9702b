import { DescribeDBInstancesCommand, DescribeDBParametersCommand, DescribeDBProxiesCommand } from '@aws-sdk/client-rds';
import { checkDatabase } from '../../../../lib/verify/checks/database';
import { ARN, NAMES, NOW, liveEnvironment, prodInventory } from '../fixture';

type Mocks = ReturnType<typeof liveEnvironment>['mocks'];

async function database(setup: (mocks: Mocks) => void = () => undefined) {
  const { clients, mocks } = liveEnvironment();
  setup(mocks);
  const results = await checkDatabase(clients.rds, await prodInventory(clients), NOW);
  return Object.fromEntries(results.map((r) => [r.id, r]));
}
const parameters = (changes: Record<string, string | undefined>) => (mocks: Mocks) =>
  mocks.rds.on(DescribeDBParametersCommand).resolves({
    Parameters: Object.entries({ 'rds.force_ssl': '1', log_statement: 'none', log_min_duration_statement: '-1', log_min_error_statement: 'panic', ...changes }).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue })),
  });
const proxy = (change: Record<string, unknown>) => (mocks: Mocks) =>
  mocks.rds.on(DescribeDBProxiesCommand).resolves({
    DBProxies: [{ DBProxyName: NAMES.proxy, RequireTLS: true, Auth: [ARN.appUser, ARN.cleanupUser, ARN.migratorUser].map((SecretArn) => ({ AuthScheme: 'SECRETS' as const, IAMAuth: 'REQUIRED' as const, SecretArn })), ...change }],
  });

describe('database as deployed', () => {
  it('passes TLS forced and applied, no password logging, users only through the proxy with IAM', async () => {
    const results = await database();
    expect(Object.values(results).map((r) => [r.id, r.status])).toEqual([['CL-TLS-3', 'PASS'], ['CL-SEC-1', 'PASS'], ['CL-SEC-4', 'PASS']]);
    expect(results['CL-TLS-3'].evidence).toBe(`rds.force_ssl=1 (${NAMES.parameterGroup} attached, in-sync); proxy ${NAMES.proxy} RequireTLS`);
    expect(results['CL-SEC-1'].evidence).toBe(`log_statement=none, log_min_duration_statement=-1, log_min_error_statement=panic (${NAMES.parameterGroup} attached, in-sync)`);
  });

  it('reads every page of parameters', async () => {
    const results = await database((m) =>
      m.rds.on(DescribeDBParametersCommand).resolvesOnce({ Parameters: [{ ParameterName: 'log_statement', ParameterValue: 'none' }], Marker: 'm' }).resolves({
        Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }, { ParameterName: 'log_min_error_statement', ParameterValue: 'panic' }],
      }),
    );
    expect([results['CL-TLS-3'].status, results['CL-SEC-1'].status]).toEqual(['PASS', 'PASS']);
  });

  it.each([
    ['rds.force_ssl off', parameters({ 'rds.force_ssl': '0' }), /rds\.force_ssl is 0/],
    ['the group waiting for a reboot', (m: Mocks) => m.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBParameterGroups: [{ DBParameterGroupName: NAMES.parameterGroup, ParameterApplyStatus: 'pending-reboot' }] }] }), /attached, pending-reboot/],
    ['another group attached', (m: Mocks) => m.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBParameterGroups: [{ DBParameterGroupName: 'default.postgres17', ParameterApplyStatus: 'in-sync' }] }] }), /NOT attached \(instance uses default\.postgres17\)/],
    ['a proxy without RequireTLS', proxy({ RequireTLS: false }), /does not require TLS/],
  ])('fails CL-TLS-3 with %s', async (_label, setup, evidence) => {
    expect((await database(setup))['CL-TLS-3']).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence), fix: expect.stringMatching(/redeploy the data stack/) });
  });

  it.each([
    ['log_statement=ddl', { log_statement: 'ddl' }, /log_statement is "ddl"/],
    ['log_statement=mod', { log_statement: 'mod' }, /log_statement is "mod"/],
    ['slow statements logged with their text', { log_min_duration_statement: '500' }, /log_min_duration_statement logs slow statements/],
    ['failed statements logged', { log_min_error_statement: undefined }, /log_min_error_statement is not panic/],
  ])('fails CL-SEC-1 with %s', async (_label, changes, evidence) => {
    expect((await database(parameters(changes)))['CL-SEC-1']).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence) });
  });

  it.each([
    ['a user without IAM authentication', proxy({ Auth: [{ AuthScheme: 'SECRETS', IAMAuth: 'DISABLED', SecretArn: ARN.appUser }, { IAMAuth: 'REQUIRED', SecretArn: ARN.cleanupUser }, { IAMAuth: 'REQUIRED', SecretArn: ARN.migratorUser }] }), /accepts .*DatabaseUsersAppSecret.* without IAM authentication/],
    ['the master user registered with the proxy', proxy({ Auth: [ARN.masterSecret, ARN.appUser, ARN.cleanupUser, ARN.migratorUser].map((SecretArn) => ({ IAMAuth: 'REQUIRED', SecretArn })) }), /registers the master user's secret/],
    ['a user missing from the proxy', proxy({ Auth: [ARN.appUser, ARN.cleanupUser].map((SecretArn) => ({ IAMAuth: 'REQUIRED', SecretArn })) }), /user secret .*DatabaseUsersMigratorSecret.* is not registered/],
    ['a publicly accessible instance', (m: Mocks) => m.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ PubliclyAccessible: true, DBParameterGroups: [{ DBParameterGroupName: NAMES.parameterGroup, ParameterApplyStatus: 'in-sync' }] }] }), /publicly accessible/],
  ])('fails CL-SEC-4 with %s', async (_label, setup, evidence) => {
    expect((await database(setup))['CL-SEC-4']).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence) });
  });
});
