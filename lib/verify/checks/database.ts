// The database as deployed: the live parameter group forces TLS and is applied (CL-TLS-3), the proxy requires TLS
// (CL-TLS-3), nothing logs statement text that can carry a password (CL-SEC-1), and clients log in only through the
// proxy with IAM, each as its own user, never the master (CL-SEC-4: what a read-only caller can observe of it).
import { DBParameterGroupStatus, DescribeDBInstancesCommand, DescribeDBParametersCommand, DescribeDBProxiesCommand, Parameter, RDSClient } from '@aws-sdk/client-rds';
import { passwordLoggingProblems } from '../../compliance/rules/rds-no-password-in-logs';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

const REDEPLOY = 'redeploy the data stack (someone changed it by hand), then reboot the instance if the group reports pending-reboot';

async function parameters(client: RDSClient, group: string): Promise<Record<string, string | undefined>> {
  const all: Parameter[] = [];
  let Marker: string | undefined;
  do {
    const page = await client.send(new DescribeDBParametersCommand({ DBParameterGroupName: group, Marker }));
    all.push(...(page.Parameters ?? []));
    Marker = page.Marker;
  } while (Marker);
  return Object.fromEntries(all.filter((p) => p.ParameterName).map((p) => [p.ParameterName!, p.ParameterValue]));
}

export async function checkDatabase(client: RDSClient, inventory: Inventory, now: Date): Promise<VerifyResult[]> {
  const instance = inventory.one(LOOKUPS.database);
  const group = inventory.one(LOOKUPS.parameterGroup);
  const proxy = inventory.one(LOOKUPS.proxy);
  if (!instance || !group || !proxy) {
    const why = inventory.absence(!instance ? LOOKUPS.database : !group ? LOOKUPS.parameterGroup : LOOKUPS.proxy);
    return ['CL-TLS-3', 'CL-SEC-1', 'CL-SEC-4'].map((id) => fail(id, 'database', why, now, 'deploy the data stack'));
  }
  const [{ DBInstances = [] }, values, { DBProxies = [] }] = await Promise.all([
    client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance.physicalId })),
    parameters(client, group.physicalId),
    client.send(new DescribeDBProxiesCommand({ DBProxyName: proxy.physicalId })),
  ]);
  const attached: DBParameterGroupStatus | undefined = DBInstances[0]?.DBParameterGroups?.find((g) => g.DBParameterGroupName === group.physicalId);
  const applied = attached?.ParameterApplyStatus === 'in-sync';
  const groupState = attached ? `${group.physicalId} attached, ${attached.ParameterApplyStatus}` : `${group.physicalId} NOT attached (instance uses ${DBInstances[0]?.DBParameterGroups?.map((g) => g.DBParameterGroupName).join(', ') || 'none'})`;
  const results: VerifyResult[] = [];

  const db = proxy.physicalId;
  const live = DBProxies[0];
  const tlsProblems = [
    values['rds.force_ssl'] !== '1' ? `rds.force_ssl is ${values['rds.force_ssl'] ?? 'unset'} in ${group.physicalId}` : '',
    !applied ? `parameter group ${groupState}` : '',
    live?.RequireTLS !== true ? `proxy ${db} does not require TLS` : '',
  ].filter(Boolean);
  results.push(
    tlsProblems.length
      ? fail('CL-TLS-3', `TLS to ${instance.physicalId}`, tlsProblems.join('; '), now, REDEPLOY)
      : pass('CL-TLS-3', `TLS to ${instance.physicalId}`, `rds.force_ssl=1 (${groupState}); proxy ${db} RequireTLS`, now),
  );

  const logging = passwordLoggingProblems(values);
  const loggingSettings = ['log_statement', 'log_min_duration_statement', 'log_min_error_statement'].map((p) => `${p}=${values[p] ?? 'default'}`).join(', ');
  results.push(
    logging.length || !applied
      ? fail('CL-SEC-1', `no password in the logs of ${instance.physicalId}`, [...logging, ...(applied ? [] : [`parameter group ${groupState}`])].join('; '), now, REDEPLOY)
      : pass('CL-SEC-1', `no password in the logs of ${instance.physicalId}`, `${loggingSettings} (${groupState})`, now),
  );

  const master = inventory.one(LOOKUPS.masterSecret)?.physicalId;
  const auth = live?.Auth ?? [];
  const users = inventory.find(LOOKUPS.userSecrets).map((s) => s.physicalId);
  const registered = auth.map((a) => a.SecretArn ?? '');
  const privilegeProblems = [
    auth.length === 0 ? `proxy ${db} has no registered user` : '',
    ...auth.filter((a) => a.IAMAuth !== 'REQUIRED').map((a) => `proxy ${db} accepts ${a.SecretArn} without IAM authentication`),
    master && registered.includes(master) ? `proxy ${db} registers the master user's secret: a client could log in as master` : '',
    ...users.filter((u) => !registered.includes(u)).map((u) => `user secret ${u} is not registered with the proxy`),
    DBInstances[0]?.PubliclyAccessible ? `instance ${instance.physicalId} is publicly accessible` : '',
  ].filter(Boolean);
  results.push(
    privilegeProblems.length
      ? fail('CL-SEC-4', `database users of ${instance.physicalId}`, privilegeProblems.join('; '), now, REDEPLOY)
      : pass('CL-SEC-4', `database users of ${instance.physicalId}`, `clients reach the database only through proxy ${db}, with IAM authentication required for each of its ${auth.length} users (own secret each); the master user is not registered; their grants are pinned by the db-bootstrap tests`, now),
  );
  return results;
}
