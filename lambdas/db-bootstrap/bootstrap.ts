// Creates the least-privilege database roles (CL-SEC-4) as the master user, idempotently:
//   migrator         LOGIN, owns the app schema (runs migrations; DDL lives here only)
//   app              LOGIN, USAGE on the schema, DML on its tables and sequences, now and for every table the
//                    migrator creates later (ALTER DEFAULT PRIVILEGES); no CREATE anywhere
//   session_cleanup  LOGIN, USAGE on the schema, SELECT + DELETE on the session tables only (CL-SES-1)
// None is SUPERUSER/CREATEDB/CREATEROLE or a member of any role, and privileges on the app schema's relations
// beyond the above are revoked; PUBLIC loses CONNECT/TEMP on the database and CREATE on schema public. Passwords are set when a role is created,
// and on an existing role only with `resetPasswords` (new secrets meeting restored roles): otherwise rotation owns them.
//
// Session tables that do not exist yet are reported, not guessed at: a default privilege cannot target
// named future tables, and one covering all tables would give the cleanup role DELETE on everything. So
// migrations must run before this bootstrap, or the bootstrap re-runs after them (any property change does).
//
// Written to run as the RDS master user, which is not a superuser: role attributes a CREATEROLE user cannot
// change are checked, not altered, and the master makes itself able to SET ROLE migrator (PostgreSQL 16+ no
// longer implies that for roles it creates) so schema grants are made by their owner.
import type { ClientBase } from 'pg';
import { escapeIdentifier as ident, escapeLiteral as literal } from 'pg';
import { scramSha256Verifier } from './scram';

export interface RoleLogin {
  username: string;
  password: string;
}

export interface BootstrapSpec {
  schema: string;
  sessionTables: string[];
  migrator: RoleLogin;
  app: RoleLogin;
  sessionCleanup: RoleLogin;
  /**
   * Also give roles that already exist the password of their login. For a bootstrap whose secrets are new (its
   * custom resource is being created): a database restored from a backup (the recovery environment) brings its
   * roles with the old environment's passwords, which the new secrets do not hold. @default false
   */
  resetPasswords?: boolean;
}

export interface BootstrapResult {
  database: string;
  rolesCreated: string[];
  sessionTablesGranted: string[];
  sessionTablesMissing: string[];
}

// The app reaches the database through RDS Proxy, which multiplexes; the jobs need a handful each.
export const CONNECTION_LIMITS = { migrator: 5, app: 200, sessionCleanup: 5 } as const;

const LOCK_KEY = 'platform-db-bootstrap';

interface RoleRow {
  rolcanlogin: boolean;
  rolsuper: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  rolconnlimit: number;
}

/** Creates the role, or brings an existing one back to least privilege; returns whether it was created. */
async function ensureRole(client: ClientBase, login: RoleLogin, connectionLimit: number, resetPassword: boolean): Promise<boolean> {
  const name = ident(login.username);
  const { rows } = await client.query<RoleRow>(
    `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit
       FROM pg_roles WHERE rolname = $1`,
    [login.username],
  );
  const role = rows[0];
  if (!role) {
    await client.query(
      `CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT ${connectionLimit} ` +
        `PASSWORD ${literal(scramSha256Verifier(login.password))}`,
    );
    return true;
  }
  if (role.rolsuper || role.rolreplication || role.rolbypassrls) {
    throw new Error(
      `role ${login.username} already exists with SUPERUSER, REPLICATION or BYPASSRLS: a superuser must remove ` +
        'those attributes (or drop the role) before the bootstrap can run',
    );
  }
  const fixes = [
    role.rolcanlogin ? '' : 'LOGIN',
    role.rolcreatedb ? 'NOCREATEDB' : '',
    role.rolcreaterole ? 'NOCREATEROLE' : '',
    role.rolconnlimit === connectionLimit ? '' : `CONNECTION LIMIT ${connectionLimit}`,
    resetPassword ? `PASSWORD ${literal(scramSha256Verifier(login.password))}` : '',
  ].filter(Boolean);
  if (fixes.length > 0) await client.query(`ALTER ROLE ${name} ${fixes.join(' ')}`);
  return false;
}

/**
 * Revokes every role membership granted to the given roles (e.g. app made a member of migrator, which could then
 * DROP tables). Least privilege means they are members of nothing; their rotation clones are members of them,
 * which is a grant to the clone and stays. Each grant is revoked as recorded (GRANTED BY its grantor).
 */
async function revokeMemberships(client: ClientBase, roles: string[]): Promise<void> {
  const { rows } = await client.query<{ role: string; member: string; grantor: string }>(
    `SELECT m.roleid::regrole::text AS role, m.member::regrole::text AS member, m.grantor::regrole::text AS grantor
       FROM pg_auth_members m WHERE m.member = ANY($1::regrole[])`,
    [roles],
  );
  for (const m of rows) {
    try {
      await client.query(`REVOKE ${m.role} FROM ${m.member} GRANTED BY ${m.grantor} CASCADE`);
    } catch (err) {
      throw new Error(`role ${m.member} is a member of ${m.role} (granted by ${m.grantor}), which the master user cannot revoke: ` +
        `a superuser must run REVOKE ${m.role} FROM ${m.member} before the bootstrap can run (${(err as Error).message})`, { cause: err });
    }
  }
}

/**
 * Revokes privileges on the schema's tables, views and sequences beyond what each role needs: app keeps
 * SELECT/INSERT/UPDATE/DELETE on relations and USAGE/SELECT on sequences; session_cleanup keeps SELECT/DELETE on
 * the session tables and nothing else. Run as the schema owner, so grants recorded under it are the ones removed.
 */
async function revokeExtraTableGrants(client: ClientBase, schema: string, app: string, cleanup: string, sessionTables: string[]): Promise<void> {
  const { rows } = await client.query<{ relation: string; sequence: boolean; grantee: string; privileges: string[] }>(
    `SELECT c.oid::regclass::text AS relation, c.relkind = 'S' AS sequence, r.rolname AS grantee,
            array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) AS privileges
       FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1) AND r.rolname IN ($2, $3)
        AND NOT (r.rolname = $3 AND c.relname = ANY($4) AND c.relkind IN ('r', 'p') AND a.privilege_type IN ('SELECT', 'DELETE'))
        AND NOT (r.rolname = $2 AND c.relkind <> 'S' AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE'))
        AND NOT (r.rolname = $2 AND c.relkind = 'S' AND a.privilege_type IN ('USAGE', 'SELECT'))
      GROUP BY 1, 2, 3 ORDER BY 1, 3`,
    [schema, app, cleanup, sessionTables],
  );
  for (const g of rows) {
    await client.query(`REVOKE ${g.privileges.join(', ')} ON ${g.sequence ? 'SEQUENCE' : 'TABLE'} ${g.relation} FROM ${ident(g.grantee)} CASCADE`);
  }
}

function validate(spec: BootstrapSpec, master: string): void {
  const logins = [spec.migrator, spec.app, spec.sessionCleanup];
  for (const login of logins) {
    if (!login.username || login.username.length > 63) throw new Error(`role name "${login.username}" must be 1-63 characters`);
    if (!login.password) throw new Error(`the secret for role ${login.username} has an empty password`);
  }
  if (new Set(logins.map((l) => l.username)).size !== logins.length) {
    throw new Error('the migrator, app and session_cleanup secrets must name three different users');
  }
  if (logins.some((l) => l.username === master)) {
    throw new Error(`the master user ${master} must not be one of the app roles (CL-SEC-4)`);
  }
  if (!spec.schema || spec.schema.length > 63) throw new Error('Schema must be 1-63 characters');
  for (const t of spec.sessionTables) if (!t || t.length > 63) throw new Error(`session table "${t}" must be 1-63 characters`);
}

export async function bootstrapDatabase(client: ClientBase, spec: BootstrapSpec): Promise<BootstrapResult> {
  const { rows } = await client.query<{ database: string; me: string; ssl: boolean | null; version: number }>(
    `SELECT current_database() AS database, current_user AS me,
            (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl,
            current_setting('server_version_num')::int AS version`,
  );
  const { database, me, ssl, version } = rows[0]!;
  if (!ssl) throw new Error('refusing to send role passwords over a connection without TLS: connect with ssl enabled');
  validate(spec, me);

  const db = ident(database);
  const schema = ident(spec.schema);
  const migrator = ident(spec.migrator.username);
  const app = ident(spec.app.username);
  const cleanup = ident(spec.sessionCleanup.username);
  const result: BootstrapResult = { database, rolesCreated: [], sessionTablesGranted: [], sessionTablesMissing: [] };

  await client.query('BEGIN');
  try {
    // Concurrent runs (an update racing a retry) would otherwise both try to CREATE ROLE.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
    for (const [login, limit] of [
      [spec.migrator, CONNECTION_LIMITS.migrator],
      [spec.app, CONNECTION_LIMITS.app],
      [spec.sessionCleanup, CONNECTION_LIMITS.sessionCleanup],
    ] as const) {
      if (await ensureRole(client, login, limit, spec.resetPasswords === true)) result.rolesCreated.push(login.username);
    }

    await revokeMemberships(client, [spec.migrator.username, spec.app.username, spec.sessionCleanup.username]);

    const canSet = await client.query<{ ok: boolean }>('SELECT pg_has_role(current_user, $1, $2) AS ok', [
      spec.migrator.username,
      version >= 160000 ? 'SET' : 'MEMBER',
    ]);
    if (!canSet.rows[0]!.ok) await client.query(`GRANT ${migrator} TO CURRENT_USER`);

    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${migrator}`);
    const owner = await client.query<{ owner: string }>(
      'SELECT r.rolname AS owner FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = $1',
      [spec.schema],
    );
    if (owner.rows[0]!.owner !== spec.migrator.username) await client.query(`ALTER SCHEMA ${schema} OWNER TO ${migrator}`);

    // Only the named roles may connect; nobody gets TEMP or CREATE on the database or on schema public.
    await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await client.query(`REVOKE CREATE, TEMPORARY ON DATABASE ${db} FROM ${migrator}, ${app}, ${cleanup}`);
    await client.query(`GRANT CONNECT ON DATABASE ${db} TO ${migrator}, ${app}, ${cleanup}`);
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    // Unqualified names resolve in the app schema (public stays readable for extension functions). Set on the
    // database, not per role: role settings are not inherited through membership, so the `<user>_clone` roles
    // that alternating-users rotation creates later would otherwise get "$user", public. Per-role settings
    // (made by earlier versions) are removed so the database's one value holds, also after a Schema change.
    await client.query(`ALTER DATABASE ${db} SET search_path = ${schema}, public`);
    for (const role of [migrator, app, cleanup]) await client.query(`ALTER ROLE ${role} IN DATABASE ${db} RESET search_path`);

    // Schema-level grants are made by the schema owner, so they hold whoever later owns the master role.
    await client.query(`SET LOCAL ROLE ${migrator}`);
    await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
    await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM ${app}, ${cleanup}`);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}, ${cleanup}`);
    await revokeExtraTableGrants(client, spec.schema, spec.app.username, spec.sessionCleanup.username, spec.sessionTables);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    );
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
    for (const table of spec.sessionTables) {
      const qualified = `${schema}.${ident(table)}`;
      const found = await client.query<{ oid: string | null }>('SELECT to_regclass($1)::text AS oid', [qualified]);
      if (found.rows[0]!.oid === null) {
        result.sessionTablesMissing.push(table);
        continue;
      }
      await client.query(`GRANT SELECT, DELETE ON TABLE ${qualified} TO ${cleanup}`);
      result.sessionTablesGranted.push(table);
    }
    await client.query('RESET ROLE');
    await client.query('COMMIT');
  } catch (err) {
    // Keep the original error: a failed ROLLBACK (broken connection) rolls back anyway.
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return result;
}
