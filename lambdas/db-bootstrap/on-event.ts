// CloudFormation custom resource (CDK provider framework onEvent) that runs the database bootstrap (CL-SEC-4).
// Inputs are ResourceProperties, not environment, so changing any of them re-runs the bootstrap:
//   MasterSecretArn          RDS master secret: {username, password, host, port, dbname} (DatabaseSecret attached
//                            to the instance); the bootstrap connects directly to the instance as this user
//   MigratorSecretArn        {username, password} of the migration user
//   AppSecretArn             {username, password} of the application user
//   SessionCleanupSecretArn  {username, password} of the session cleanup job's user
//   Schema                   app schema, default "app"
//   SessionTables            tables the cleanup role may SELECT/DELETE, a list or comma-separated string,
//                            default sessions, verification_tokens, audit_logs
//   DatabaseName             optional, overrides the master secret's dbname
//   (any other property, e.g. a migrations version, only serves to trigger a re-run)
// Secrets are read at AWSCURRENT. Create also sets the passwords of roles that exist already (a database restored
// from a backup). Delete does nothing: roles and data are never dropped by a deploy.
// Data (no secret values): Database, Schema, MigratorRole, AppRole, SessionCleanupRole, RolesCreated,
// SessionTablesGranted, SessionTablesMissing (comma-separated).
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import type { ClientBase, ClientConfig } from 'pg';
import { type FieldReader, readFields } from '../shared/fields';
import { bootstrapDatabase } from './bootstrap';

export const DEFAULT_SESSION_TABLES = ['sessions', 'verification_tokens', 'audit_logs'];

interface Props {
  MasterSecretArn: string;
  MigratorSecretArn: string;
  AppSecretArn: string;
  SessionCleanupSecretArn: string;
  Schema: string;
  SessionTables: string[];
  DatabaseName?: string;
}

/** A login secret; other keys of the secret are kept. */
interface Login {
  username: string;
  password: string;
  [key: string]: unknown;
}

interface MasterLogin extends Login {
  host: string;
  port: number;
  dbname?: string;
}

export function parseProperties(raw: unknown): Props {
  return readFields(
    raw,
    (r) => ({
      MasterSecretArn: r.string('MasterSecretArn'),
      MigratorSecretArn: r.string('MigratorSecretArn'),
      AppSecretArn: r.string('AppSecretArn'),
      SessionCleanupSecretArn: r.string('SessionCleanupSecretArn'),
      Schema: r.optionalString('Schema', { maxLength: 63 }) ?? 'app',
      SessionTables: r.optionalStringList('SessionTables') ?? DEFAULT_SESSION_TABLES,
      DatabaseName: r.optionalString('DatabaseName'),
    }),
    (problems) => `invalid custom resource properties (${problems})`,
  );
}

const readLogin = (r: FieldReader): Login => ({ ...r.fields, username: r.string('username'), password: r.string('password') });
const readMaster = (r: FieldReader): MasterLogin => ({
  ...readLogin(r),
  host: r.string('host'),
  port: r.positiveInteger('port'),
  dbname: r.optionalString('dbname'),
});

async function readSecret<T>(client: SecretsManagerClient, property: string, arn: string, read: (r: FieldReader) => T): Promise<T> {
  let secretString: string | undefined;
  try {
    secretString = (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (err) {
    throw new Error(`${property}: cannot read secret ${arn}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(secretString ?? '');
  } catch {
    throw new Error(`${property}: secret ${arn} is not JSON; expected the RDS secret format {username, password, ...}`);
  }
  return readFields(json, read, (problems) => `${property}: secret ${arn} is invalid (${problems})`);
}

/** Direct, verified-TLS connection to the instance (NODE_EXTRA_CA_CERTS makes Node trust the RDS CA bundle). */
export function masterConnectionConfig(master: MasterLogin, database: string): ClientConfig {
  return {
    host: master.host,
    port: master.port,
    user: master.username,
    password: master.password,
    database,
    ssl: { rejectUnauthorized: true },
    connectionTimeoutMillis: 15_000,
    application_name: 'platform-db-bootstrap',
  };
}

/** The hosted alternating-users rotation names its second user `<user>_clone`. */
export function baseRole<T extends { username: string }>(login: T): T {
  return { ...login, username: login.username.replace(/_clone$/, '') };
}

export interface OnEventDeps {
  secrets: SecretsManagerClient;
  /** Opens a connected client; the caller ends it. */
  connect(config: ClientConfig): Promise<ClientBase & { end(): Promise<void> }>;
}

export async function onEvent(event: CdkCustomResourceEvent, deps: OnEventDeps): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };

  const props = parseProperties(event.ResourceProperties);
  const [master, migratorLogin, appLogin, sessionCleanupLogin] = await Promise.all([
    readSecret(deps.secrets, 'MasterSecretArn', props.MasterSecretArn, readMaster),
    readSecret(deps.secrets, 'MigratorSecretArn', props.MigratorSecretArn, readLogin),
    readSecret(deps.secrets, 'AppSecretArn', props.AppSecretArn, readLogin),
    readSecret(deps.secrets, 'SessionCleanupSecretArn', props.SessionCleanupSecretArn, readLogin),
  ]);
  // Alternating-users rotation flips a secret between `<user>` and `<user>_clone` (a member of `<user>`, made by
  // the rotation). Privileges belong to the base role, so a re-run after a rotation manages the base role and
  // never creates or re-grants the clone.
  const [migrator, app, sessionCleanup] = [migratorLogin, appLogin, sessionCleanupLogin].map(baseRole);
  const database = props.DatabaseName ?? master.dbname;
  if (!database) throw new Error('MasterSecretArn: the master secret has no dbname: set DatabaseName in the properties');

  const client = await deps.connect(masterConnectionConfig(master, database));
  let result;
  try {
    // On Create the secrets are new (never rotated, so never a clone): roles that exist already (a restored
    // database) take their passwords.
    const resetPasswords = event.RequestType === 'Create';
    result = await bootstrapDatabase(client, { schema: props.Schema, sessionTables: props.SessionTables, migrator, app, sessionCleanup, resetPasswords });
  } finally {
    await client.end();
  }
  return {
    // Stable: an update must never look like a replacement (which would send a Delete for the old id).
    PhysicalResourceId: event.RequestType === 'Update' ? event.PhysicalResourceId : `db-bootstrap/${database}`,
    Data: {
      Database: result.database,
      Schema: props.Schema,
      MigratorRole: migrator.username,
      AppRole: app.username,
      SessionCleanupRole: sessionCleanup.username,
      RolesCreated: result.rolesCreated.join(','),
      SessionTablesGranted: result.sessionTablesGranted.join(','),
      SessionTablesMissing: result.sessionTablesMissing.join(','),
    },
  };
}
