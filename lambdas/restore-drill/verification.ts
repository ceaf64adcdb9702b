// Verification of a restored drill instance (CL-DB-3): connect directly to it over verified TLS with its own
// RDS-managed master secret, and prove that data came back, inside a read-only transaction.
import { RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Client, ClientConfig } from 'pg';
import { VerifyConfig } from './config';
import { assertDrillInstance, describeInstance, DrillInstanceNotFound } from './drill';
import { DrillState, identifierField } from './input';

export class DrillVerificationFailed extends Error {
  override readonly name = 'DrillVerificationFailed';
}

export interface VerifyDeps {
  rds: RDSClient;
  secrets: SecretsManagerClient;
  /**
   * Trust anchors for the server certificate. Undefined in production: Node's default store, to which the
   * CDK side adds the RDS CA bundle with NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem. Tests pass their CA.
   */
  ca?: string;
}

export interface VerifyOutput extends DrillState {
  verified: true;
  userTables: number;
  verifyRow: Record<string, unknown> | null;
  dataAgeSeconds: number | null;
}

/** Counts tables outside the system schemas: zero after a restore means the data did not come back. */
export const USER_TABLES_SQL =
  "SELECT count(*)::int AS user_tables FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";

/** Connection settings: always TLS with certificate and host-name verification; never a plain-text fallback. */
export function connectionConfig(
  endpoint: { host: string; port: number },
  credentials: { username: string; password: string },
  database: string,
  config: Pick<VerifyConfig, 'statementTimeoutMs' | 'connectTimeoutMs'>,
  ca: string | undefined,
): ClientConfig {
  return {
    host: endpoint.host,
    port: endpoint.port,
    user: credentials.username,
    password: credentials.password,
    database,
    ssl: ca === undefined ? { rejectUnauthorized: true } : { rejectUnauthorized: true, ca },
    connectionTimeoutMillis: config.connectTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
    query_timeout: config.statementTimeoutMs + 5_000,
    application_name: 'restore-drill-verify',
    // Every transaction of this session is read-only, even one a custom VERIFY_SQL might try to open.
    options: '-c default_transaction_read_only=on',
  };
}

async function masterCredentials(secrets: SecretsManagerClient, secretArn: string): Promise<{ username: string; password: string }> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(out.SecretString ?? '');
  } catch {
    throw new DrillVerificationFailed(`master secret ${secretArn} is not JSON: expected the RDS-managed {"username","password"} secret`);
  }
  const { username, password } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string') {
    throw new DrillVerificationFailed(`master secret ${secretArn} lacks string "username"/"password": expected the RDS-managed master secret`);
  }
  return { username, password };
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Task 3: the endpoint and secret are re-read from RDS (not taken from the state) after the drill-instance
 * guard, so this task can only ever connect to a drill instance with that instance's own secret.
 */
export async function verify(deps: VerifyDeps, config: VerifyConfig, state: DrillState): Promise<VerifyOutput> {
  const source = identifierField(state, 'sourceDbInstanceIdentifier', 'the state machine input must carry the source instance');
  const target = identifierField(state, 'targetDbInstanceIdentifier', 'pass the output of the start-restore task along');
  const instance = await describeInstance(deps.rds, target);
  if (!instance) throw new DrillInstanceNotFound(`drill instance "${target}" does not exist`);
  assertDrillInstance(instance, config.prefix, source);
  const secretArn = instance.MasterUserSecret?.SecretArn;
  const host = instance.Endpoint?.Address;
  const port = instance.Endpoint?.Port;
  if (instance.DBInstanceStatus !== 'available' || !secretArn || !host || !port) {
    throw new DrillVerificationFailed(
      `drill instance "${target}" is not ready (status ${instance.DBInstanceStatus}, managed secret ${secretArn ? 'present' : 'missing'}): ` +
        'run verify only after check-status returned available: true',
    );
  }
  const credentials = await masterCredentials(deps.secrets, secretArn);
  const database = config.databaseName ?? instance.DBName ?? 'postgres';
  const client = new Client(connectionConfig({ host, port }, credentials, database, config, deps.ca));
  // A failed connection can also surface as an 'error' event; it is reported through connect() instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new DrillVerificationFailed(`connecting to ${host}:${port}/${database} over verified TLS failed: ${(err as Error).message}`);
  }
  try {
    await client.query('BEGIN READ ONLY');
    const tls = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_catalog.pg_stat_ssl WHERE pid = pg_backend_pid()');
    if (tls.rows[0]?.ssl !== true) throw new DrillVerificationFailed(`the session to ${host} is not encrypted`);
    const tables = await client.query<{ user_tables: number }>(USER_TABLES_SQL);
    const userTables = tables.rows[0]?.user_tables ?? 0;
    if (userTables < config.minUserTables) {
      throw new DrillVerificationFailed(`restored database "${database}" has ${userTables} user tables, expected at least ${config.minUserTables}: the restore holds no data`);
    }
    let verifyRow: Record<string, unknown> | null = null;
    if (config.verifySql) {
      // A named (prepared) statement: PostgreSQL rejects multiple commands in it, so VERIFY_SQL cannot COMMIT its way out.
      const result = await client.query({ name: 'restore-drill-verify', text: config.verifySql }).catch((err: Error) => {
        throw new DrillVerificationFailed(`VERIFY_SQL failed on "${database}": ${err.message}`);
      });
      if (result.rows.length !== 1) {
        throw new DrillVerificationFailed(`VERIFY_SQL must return exactly one row, returned ${result.rows.length}`);
      }
      verifyRow = result.rows[0] as Record<string, unknown>;
    }
    await client.query('ROLLBACK');
    return {
      ...state,
      verified: true,
      userTables,
      verifyRow,
      dataAgeSeconds: numberOrNull(verifyRow?.data_age_seconds),
    };
  } catch (err) {
    if (err instanceof DrillVerificationFailed) throw err;
    throw new DrillVerificationFailed(`verification query on "${database}" failed: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
