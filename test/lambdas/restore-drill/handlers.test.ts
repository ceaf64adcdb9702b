// CL-DB-3: the five task handlers driven in the order the Step Functions state machine runs them:
// start-restore -> check-status (polled) -> verify -> report -> cleanup, with the Catch path (report the
// failure, then clean up) for any task error and for a restore that ends in a failed status.
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient, RestoreDBInstanceToPointInTimeCommand } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as checkStatus } from '../../../lambdas/restore-drill/check-status';
import { handler as cleanup } from '../../../lambdas/restore-drill/cleanup';
import { verifyConfig } from '../../../lambdas/restore-drill/config';
import { DrillState } from '../../../lambdas/restore-drill/input';
import { handler as report } from '../../../lambdas/restore-drill/report';
import { handler as startRestore } from '../../../lambdas/restore-drill/start-restore';
import { verify as verifyCore } from '../../../lambdas/restore-drill/verification';
import { handler as verify } from '../../../lambdas/restore-drill/verify';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../../support/postgres';
import { Client } from 'pg';
import { drillInstance, KMS_KEY, PREFIX, SECRET_ARN, SOURCE, sourceInstance } from './fixtures';

type Task = (state: DrillState) => Promise<DrillState>;
interface Tasks {
  startRestore: Task;
  checkStatus: Task;
  verify: Task;
  report: Task;
  cleanup: Task;
}

/** What the state machine does, minus the Wait between polls (the state machine's back-off). */
async function runDrill(tasks: Tasks, input: DrillState, maxPolls = 10): Promise<{ final: DrillState; trace: string[] }> {
  const trace: string[] = [];
  const run = async (name: keyof Tasks, state: DrillState) => {
    trace.push(name);
    return tasks[name](state);
  };
  let state = input;
  try {
    state = await run('startRestore', state);
    for (let polls = 1; ; polls++) {
      state = await run('checkStatus', state);
      if (state.available === true || state.failed === true) break;
      if (polls >= maxPolls) throw Object.assign(new Error('restore did not finish'), { name: 'States.Timeout' });
    }
    if (state.failed !== true) state = await run('verify', state);
    state = await run('report', state);
  } catch (err) {
    // Catch with ResultPath "$.error": the failing task's input plus the error, on to report and cleanup.
    state = { ...state, error: { Error: (err as Error).name, Cause: (err as Error).message } };
    state = await run('report', state);
  }
  return { final: await run('cleanup', state), trace };
}

const handlers: Tasks = { startRestore, checkStatus, verify, report, cleanup };

const rdsMock = mockClient(RDSClient);
const secretsMock = mockClient(SecretsManagerClient);
const server = pgConfig();
const NOW = new Date();
let db: string;
let emf: Record<string, unknown>[];

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    DRILL_INSTANCE_PREFIX: PREFIX,
    DRILL_DB_SUBNET_GROUP_NAME: 'platform-prod-isolated',
    DRILL_SECURITY_GROUP_IDS: 'sg-0123456789abcdef0',
    DRILL_INSTANCE_CLASS: 'db.t4g.medium',
    DRILL_PARAMETER_GROUP_NAME: 'platform-prod-pg16',
    MASTER_USER_SECRET_KMS_KEY_ID: KMS_KEY,
    METRICS_NAMESPACE: 'Platform/RestoreDrill',
    ENVIRONMENT: 'prod',
  });
  db = await createTestDatabase('drill_flow');
  const client = new Client(pgConfig({ database: db }));
  await client.connect();
  await client.query('CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1), (2), (3)');
  await client.end();
});

afterAll(() => dropTestDatabase(db));

let target: string;
beforeEach(() => {
  rdsMock.reset();
  secretsMock.reset();
  emf = [];
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  target = `${PREFIX}-drill-${NOW.toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = chunk.toString();
    if (text.includes('"_aws"')) emf.push(JSON.parse(text));
    return true;
  });
  rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: SOURCE }).resolves({ DBInstances: [sourceInstance({ LatestRestorableTime: new Date(NOW.getTime() - 300_000) })] });
  rdsMock.on(RestoreDBInstanceToPointInTimeCommand).resolves({ DBInstance: { DBInstanceIdentifier: target, DBInstanceStatus: 'creating' } });
  rdsMock.on(DeleteDBInstanceCommand).resolves({ DBInstance: { DBInstanceIdentifier: target, DBInstanceStatus: 'deleting' } });
  secretsMock.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ username: server.user, password: server.password }) });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The drill instance as it would appear at each describe, local PostgreSQL standing in for its endpoint. */
function targetStates(...statuses: Parameters<typeof drillInstance>[0][]) {
  const at = (o: Parameters<typeof drillInstance>[0]) =>
    ({ DBInstances: [drillInstance({ DBInstanceIdentifier: target, Endpoint: { Address: '127.0.0.1', Port: Number(server.port) }, DBName: db, ...o })] });
  let stub = rdsMock.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: target });
  for (const s of statuses.slice(0, -1)) stub = stub.resolvesOnce(at(s));
  stub.resolves(at(statuses[statuses.length - 1]));
}

const creating = { DBInstanceStatus: 'creating', MasterUserSecret: undefined, Endpoint: undefined };
const availableWithoutSecret = { MasterUserSecret: undefined };
const securing = { DBInstanceStatus: 'modifying', MasterUserSecret: { SecretArn: SECRET_ARN, SecretStatus: 'creating' } };
const ready = {};

describe('restore drill, driven in state-machine order', () => {
  it('a successful drill restores, secures credentials, verifies real data, reports success and deletes the copy', async () => {
    targetStates(creating, availableWithoutSecret, securing, ready);
    // The verify handler trusts only the production store (RDS CAs via NODE_EXTRA_CA_CERTS); here the same
    // core gets the test server's CA instead, which is the only difference.
    const withTestCa: Tasks = {
      ...handlers,
      verify: (state) =>
        verifyCore({ rds: new RDSClient({}), secrets: new SecretsManagerClient({}), ca: process.env.PLATFORM_TEST_PG_CA }, verifyConfig(process.env), state),
    };

    const { final, trace } = await runDrill(withTestCa, { sourceDbInstanceIdentifier: SOURCE });

    expect(trace).toEqual(['startRestore', 'checkStatus', 'checkStatus', 'checkStatus', 'checkStatus', 'verify', 'report', 'cleanup']);
    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)).toHaveLength(1);
    expect(final).toMatchObject({ targetDbInstanceIdentifier: target, verified: true, userTables: 1, cleanup: 'deleted', metrics: { DrillSucceeded: 1, DataAgeSeconds: 300 } });
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ Environment: 'prod', DrillSucceeded: 1, DataAgeSeconds: 300 });
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand).map((c) => c.args[0].input.DBInstanceIdentifier)).toEqual([target]);
  });

  it('a restore that ends in status failed is reported as DrillSucceeded=0 and still cleaned up', async () => {
    targetStates(creating, { DBInstanceStatus: 'failed', MasterUserSecret: undefined });

    const { final, trace } = await runDrill(handlers, { sourceDbInstanceIdentifier: SOURCE });

    expect(trace).toEqual(['startRestore', 'checkStatus', 'checkStatus', 'report', 'cleanup']);
    expect(final).toMatchObject({ status: 'failed', failed: true, cleanup: 'deleted', metrics: { DrillSucceeded: 0 } });
    expect(emf).toEqual([expect.objectContaining({ DrillSucceeded: 0, error: 'restore ended in status "failed"' })]);
    expect(emf[0]).not.toHaveProperty('RestoreDurationSeconds');
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand).map((c) => c.args[0].input)).toEqual([
      { DBInstanceIdentifier: target, SkipFinalSnapshot: true, DeleteAutomatedBackups: true },
    ]);
    expect(rdsMock.commandCalls(ModifyDBInstanceCommand)).toHaveLength(0);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('a verification that fails (server certificate not trusted) goes through Catch: reported as failed, copy deleted', async () => {
    targetStates(ready);

    const { final, trace } = await runDrill(handlers, { sourceDbInstanceIdentifier: SOURCE });

    expect(trace).toEqual(['startRestore', 'checkStatus', 'verify', 'report', 'cleanup']);
    expect(final).toMatchObject({ error: { Error: 'DrillVerificationFailed' }, cleanup: 'deleted', metrics: { DrillSucceeded: 0 } });
    expect(emf[0].error).toMatch(/^DrillVerificationFailed: connecting to 127\.0\.0\.1:\d+\/drill_flow_\w+ over verified TLS failed/);
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
  });

  it('a restore request that fails leaves nothing to delete and is reported as failed', async () => {
    rdsMock.on(RestoreDBInstanceToPointInTimeCommand).rejects(Object.assign(new Error('quota exceeded'), { name: 'InstanceQuotaExceededFault' }));

    const { final, trace } = await runDrill(handlers, { sourceDbInstanceIdentifier: SOURCE });

    expect(trace).toEqual(['startRestore', 'report', 'cleanup']);
    expect(final).toMatchObject({ cleanup: 'nothing-to-delete', metrics: { DrillSucceeded: 0 } });
    expect(rdsMock.commandCalls(DeleteDBInstanceCommand)).toHaveLength(0);
  });

  it('handlers reject misconfiguration with the variable named', async () => {
    const saved = process.env.DRILL_INSTANCE_PREFIX;
    delete process.env.DRILL_INSTANCE_PREFIX;
    try {
      await expect(cleanup({ sourceDbInstanceIdentifier: SOURCE, targetDbInstanceIdentifier: target })).rejects.toThrow(/DRILL_INSTANCE_PREFIX is not set/);
    } finally {
      process.env.DRILL_INSTANCE_PREFIX = saved;
    }
    await expect(startRestore('not an object')).rejects.toThrow(/task input must be a JSON object/);
  });
});
