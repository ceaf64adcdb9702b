// CL-SEC-4 against real PostgreSQL (TLS-only, like RDS with rds.force_ssl): the bootstrap runs as a
// non-superuser CREATEROLE master that owns the database (as the RDS master does), then each role connects
// over verified TLS and is allowed exactly its job.
import { Client, escapeIdentifier as ident } from 'pg';
import { bootstrapDatabase, type BootstrapSpec, CONNECTION_LIMITS } from '../../../lambdas/db-bootstrap/bootstrap';
import { testPassword, uniqueBootstrapRoles } from '../../support/bootstrap-roles';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../../support/postgres';

const { master, spec } = uniqueBootstrapRoles();
const pw = testPassword;
const roleNames = [spec.migrator.username, spec.app.username, spec.sessionCleanup.username];
let db: string;

async function connectAs(login: { username: string; password: string }, ssl = true): Promise<Client> {
  const c = new Client(pgConfig({ user: login.username, password: login.password, database: db, ...(ssl ? {} : { ssl: false }) }));
  await c.connect();
  return c;
}
async function withClient<T>(login: { username: string; password: string }, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await connectAs(login);
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const bootstrap = (s: BootstrapSpec = spec) => withClient(master, (c) => bootstrapDatabase(c, s));
const superuser = <T>(fn: (c: Client) => Promise<T>) =>
  withClient({ username: pgConfig().user!, password: pgConfig().password as string }, fn);

/** Everything the bootstrap may touch, read as superuser (including password verifiers). */
function snapshot(): Promise<unknown> {
  return superuser(async (c) => {
    const { rows } = await c.query(
      `SELECT json_build_object(
         'roles', (SELECT json_agg(to_jsonb(a) - 'oid' ORDER BY rolname) FROM pg_authid a WHERE rolname = ANY($1)),
         'members', (SELECT json_agg(json_build_object('role', m.roleid::regrole::text, 'member', m.member::regrole::text,
                       'admin', m.admin_option, 'inherit', m.inherit_option, 'set', m.set_option) ORDER BY m.roleid, m.member, m.grantor)
                     FROM pg_auth_members m WHERE m.roleid::regrole::text = ANY($1) OR m.member::regrole::text = ANY($1)),
         'database', (SELECT datacl::text FROM pg_database WHERE datname = current_database()),
         'schemas', (SELECT json_agg(json_build_object('name', nspname, 'owner', nspowner::regrole::text, 'acl', nspacl::text) ORDER BY nspname)
                     FROM pg_namespace WHERE nspname IN ('app', 'public')),
         'relations', (SELECT json_agg(json_build_object('name', relname, 'owner', relowner::regrole::text, 'acl', relacl::text) ORDER BY relname)
                       FROM pg_class WHERE relnamespace = 'app'::regnamespace),
         'defaults', (SELECT json_agg(json_build_object('type', defaclobjtype, 'acl', defaclacl::text) ORDER BY defaclobjtype) FROM pg_default_acl),
         'settings', (SELECT json_agg(setconfig::text ORDER BY setrole) FROM pg_db_role_setting
                      WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()))
       ) AS s`,
      [[...roleNames, master.username]],
    );
    return rows[0].s;
  });
}

const denied = /permission denied|must be owner/;

beforeAll(async () => {
  db = await createTestDatabase('dbboot');
  await superuser(async (c) => {
    await c.query(`CREATE ROLE ${ident(master.username)} LOGIN CREATEROLE CREATEDB PASSWORD '${master.password}'`);
    await c.query(`ALTER DATABASE ${ident(db)} OWNER TO ${ident(master.username)}`);
  });
});
afterAll(async () => {
  await dropTestDatabase(db);
  const c = new Client(pgConfig());
  await c.connect();
  try {
    for (const r of [...roleNames, master.username]) await c.query(`DROP ROLE IF EXISTS ${ident(r)}`);
  } finally {
    await c.end();
  }
});

describe('db bootstrap (real PostgreSQL, non-superuser master)', () => {
  it('first run creates the three roles without admin attributes and reports the session tables missing', async () => {
    const result = await bootstrap();
    expect(result).toEqual({ database: db, rolesCreated: roleNames, sessionTablesGranted: [], sessionTablesMissing: spec.sessionTables });
    const { rows } = await superuser((c) =>
      c.query(
        `SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin, rolconnlimit,
                rolpassword LIKE 'SCRAM-SHA-256$%' AS scram
           FROM pg_authid WHERE rolname = ANY($1) ORDER BY rolname`,
        [roleNames],
      ),
    );
    const common = { rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true, scram: true };
    expect(rows).toEqual([
      { rolname: spec.app.username, ...common, rolconnlimit: CONNECTION_LIMITS.app },
      { rolname: spec.migrator.username, ...common, rolconnlimit: CONNECTION_LIMITS.migrator },
      { rolname: spec.sessionCleanup.username, ...common, rolconnlimit: CONNECTION_LIMITS.sessionCleanup },
    ]);
  });

  it('migrator owns the schema and runs the migrations (CREATE TABLE)', async () => {
    await withClient(spec.migrator, async (c) => {
      await c.query('CREATE TABLE sessions (id serial PRIMARY KEY, user_id int NOT NULL, expires timestamptz NOT NULL)');
      await c.query('CREATE TABLE verification_tokens (token text PRIMARY KEY, expires timestamptz NOT NULL)');
      await c.query('CREATE TABLE audit_logs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz DEFAULT now())');
      await c.query('CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)');
      const { rows } = await c.query("SELECT schemaname FROM pg_tables WHERE tablename = 'users'");
      expect(rows).toEqual([{ schemaname: 'app' }]);
      await c.query("INSERT INTO sessions (user_id, expires) VALUES (1, now() - interval '1 day'), (2, now() + interval '1 day')");
      await c.query("INSERT INTO verification_tokens VALUES ('t1', now())");
      await c.query("INSERT INTO users (email) VALUES ('a@example.com')");
    });
  });

  it('a re-run after the migrations grants the session tables to session_cleanup', async () => {
    const result = await bootstrap();
    expect(result).toEqual({ database: db, rolesCreated: [], sessionTablesGranted: spec.sessionTables, sessionTablesMissing: [] });
  });

  it('a clone made by alternating-users rotation resolves unqualified names in the app schema, as its base role does', async () => {
    // What the hosted rotation does as the master on its first run: a new login role that is a member of the base role.
    // Role settings are not inherited through membership, so only a database-level search_path reaches it.
    const clones = [spec.app, spec.sessionCleanup].map((base) => ({ base, clone: { username: `${base.username}_clone`, password: pw() } }));
    await withClient(master, async (c) => {
      for (const { base, clone } of clones) {
        await c.query(`CREATE ROLE ${ident(clone.username)} WITH LOGIN PASSWORD '${clone.password}'`);
        await c.query(`GRANT ${ident(base.username)} TO ${ident(clone.username)}`);
      }
    });
    try {
      for (const { clone } of clones) {
        await withClient(clone, async (c) => {
          expect((await c.query('SHOW search_path')).rows[0].search_path).toBe('app, public');
          expect((await c.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n).toBe(2);
        });
      }
    } finally {
      await superuser(async (c) => {
        for (const { clone } of clones) await c.query(`DROP ROLE ${ident(clone.username)}`);
      });
    }
  });

  it('app reads and writes every app table, including one the migrator creates after the bootstrap', async () => {
    await withClient(spec.migrator, (c) => c.query('CREATE TABLE posts (id serial PRIMARY KEY, title text)'));
    await withClient(spec.app, async (c) => {
      for (const table of ['posts', 'users', 'sessions']) {
        await c.query(`SELECT * FROM ${table}`);
      }
      const { rows } = await c.query("INSERT INTO posts (title) VALUES ('hello') RETURNING id");
      expect(rows[0].id).toBe(1);
      await c.query("UPDATE posts SET title = 'bye' WHERE id = 1");
      await c.query('DELETE FROM posts WHERE id = 1');
      await c.query("INSERT INTO users (email) VALUES ('b@example.com')");
      await c.query("INSERT INTO sessions (user_id, expires) VALUES (3, now())");
      await c.query('DELETE FROM sessions WHERE user_id = 3');
    });
  });

  it.each([
    ['CREATE TABLE in the app schema', 'CREATE TABLE app.evil (id int)'],
    ['CREATE TABLE in public', 'CREATE TABLE public.evil (id int)'],
    ['CREATE SCHEMA', 'CREATE SCHEMA evil'],
    ['CREATE TEMP TABLE', 'CREATE TEMP TABLE evil (id int)'],
    ['DROP TABLE', 'DROP TABLE users'],
    ['ALTER TABLE', 'ALTER TABLE users ADD COLUMN evil int'],
    ['TRUNCATE', 'TRUNCATE sessions'],
    ['CREATE INDEX', 'CREATE INDEX evil ON users (email)'],
  ])('app is refused DDL: %s', async (_label, sql) => {
    await withClient(spec.app, async (c) => {
      await expect(c.query(sql)).rejects.toThrow(denied);
    });
  });

  it('session_cleanup can select and delete sessions and verification tokens, nothing else', async () => {
    await withClient(spec.sessionCleanup, async (c) => {
      const expired = await c.query('DELETE FROM sessions WHERE expires < now()');
      expect(expired.rowCount).toBe(1);
      expect((await c.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n).toBe(1);
      await c.query('DELETE FROM verification_tokens WHERE expires < now()');
      await c.query("DELETE FROM audit_logs WHERE at < now() - interval '90 days'");
      await expect(c.query('DELETE FROM users')).rejects.toThrow(denied);
      await expect(c.query('SELECT * FROM users')).rejects.toThrow(denied);
      await expect(c.query('DELETE FROM posts')).rejects.toThrow(denied);
      await expect(c.query("INSERT INTO sessions (user_id, expires) VALUES (9, now())")).rejects.toThrow(denied);
      await expect(c.query('UPDATE sessions SET expires = now()')).rejects.toThrow(denied);
      await expect(c.query('CREATE TABLE app.evil (id int)')).rejects.toThrow(denied);
    });
  });

  it('every role is refused a login without TLS', async () => {
    for (const login of [spec.migrator, spec.app, spec.sessionCleanup]) {
      await expect(connectAs(login, false)).rejects.toThrow(/no encryption|pg_hba/);
    }
  });

  it('PUBLIC has lost CONNECT/TEMP on the database and CREATE on schema public', async () => {
    await superuser(async (c) => {
      const { rows } = await c.query(
        `SELECT has_database_privilege('public', $1, 'CONNECT') AS connect, has_database_privilege('public', $1, 'TEMP') AS temp,
                has_schema_privilege('public', 'public', 'CREATE') AS create_public,
                has_database_privilege($2, $1, 'CONNECT') AS app_connect, has_database_privilege($2, $1, 'CREATE') AS app_create`,
        [db, spec.app.username],
      );
      expect(rows[0]).toEqual({ connect: false, temp: false, create_public: false, app_connect: true, app_create: false });
    });
  });

  it('re-running changes nothing and keeps every password working', async () => {
    const before = await snapshot();
    const result = await bootstrap();
    expect(result.rolesCreated).toEqual([]);
    expect(await snapshot()).toEqual(before);
    for (const login of [spec.migrator, spec.app, spec.sessionCleanup]) {
      await withClient(login, async (c) => expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe(login.username));
    }
  });

  it('does not reset passwords on a re-run, even when the secret changed', async () => {
    await bootstrap({ ...spec, app: { username: spec.app.username, password: 'a-different-password-from-rotation' } });
    await withClient(spec.app, async (c) => expect((await c.query('SELECT 1 AS one')).rows[0].one).toBe(1));
  });

  it('gives existing roles their new passwords when asked (new secrets meeting a restored database)', async () => {
    const renewed = { ...spec, app: { username: spec.app.username, password: 'a-new-password-of-the-recovery-secret' }, resetPasswords: true };
    try {
      expect((await bootstrap(renewed)).rolesCreated).toEqual([]);
      await withClient(renewed.app, async (c) => expect((await c.query('SELECT 1 AS one')).rows[0].one).toBe(1));
      await expect(connectAs(spec.app)).rejects.toThrow(/password authentication failed/);
    } finally {
      await bootstrap({ ...spec, resetPasswords: true });
    }
  });

  it('brings an existing role back to least privilege, and refuses one with SUPERUSER', async () => {
    await superuser((c) => c.query(`ALTER ROLE ${ident(spec.app.username)} CREATEDB CONNECTION LIMIT 7`));
    await bootstrap();
    const { rows } = await superuser((c) => c.query('SELECT rolcreatedb, rolconnlimit FROM pg_roles WHERE rolname = $1', [spec.app.username]));
    expect(rows[0]).toEqual({ rolcreatedb: false, rolconnlimit: CONNECTION_LIMITS.app });

    await superuser((c) => c.query(`ALTER ROLE ${ident(spec.sessionCleanup.username)} BYPASSRLS`));
    try {
      await expect(bootstrap()).rejects.toThrow(`role ${spec.sessionCleanup.username} already exists with SUPERUSER, REPLICATION or BYPASSRLS`);
    } finally {
      await superuser((c) => c.query(`ALTER ROLE ${ident(spec.sessionCleanup.username)} NOBYPASSRLS`));
    }
  });

  it('revokes memberships and extra table grants left on the roles, keeps what they need, and is idempotent', async () => {
    const [migrator, app, cleanup] = roleNames.map((r) => ident(r));
    // On RDS such grants are made by the master user (the only role with ADMIN on these roles).
    await withClient(master, (c) => c.query(`GRANT ${migrator} TO ${app}, ${cleanup}`));
    await withClient(spec.migrator, async (c) => {
      await c.query(`GRANT INSERT, UPDATE, TRUNCATE ON sessions TO ${cleanup}`);
      await c.query(`GRANT SELECT ON users TO ${cleanup}`);
      await c.query(`GRANT TRUNCATE, REFERENCES, TRIGGER ON users TO ${app}`);
      await c.query(`GRANT UPDATE ON SEQUENCE users_id_seq TO ${app}`);
    });
    // The planted privileges work before the bootstrap: app can become the schema owner.
    await withClient(spec.app, async (c) => {
      await c.query(`SET ROLE ${migrator}`);
      await c.query('RESET ROLE');
    });

    await bootstrap();
    const after = await snapshot();
    await bootstrap();
    expect(await snapshot()).toEqual(after);

    const { rows } = await superuser((c) => c.query('SELECT count(*)::int AS n FROM pg_auth_members WHERE member = ANY($1::regrole[])', [roleNames]));
    expect(rows[0].n).toBe(0);
    await withClient(spec.app, async (c) => {
      await expect(c.query(`SET ROLE ${migrator}`)).rejects.toThrow(denied);
      await expect(c.query('DROP TABLE users')).rejects.toThrow(denied);
      await expect(c.query('TRUNCATE users')).rejects.toThrow(denied);
      await expect(c.query("SELECT nextval('users_id_seq')")).resolves.toBeDefined();
      await expect(c.query("SELECT setval('users_id_seq', 1000)")).rejects.toThrow(denied);
      await c.query("INSERT INTO users (email) VALUES ('c@example.com')");
    });
    await withClient(spec.sessionCleanup, async (c) => {
      await expect(c.query(`SET ROLE ${migrator}`)).rejects.toThrow(denied);
      await expect(c.query('SELECT * FROM users')).rejects.toThrow(denied);
      await expect(c.query('TRUNCATE sessions')).rejects.toThrow(denied);
      await expect(c.query('UPDATE sessions SET expires = now()')).rejects.toThrow(denied);
      await expect(c.query('INSERT INTO sessions (user_id, expires) VALUES (9, now())')).rejects.toThrow(denied);
      expect((await c.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n).toBe(1);
      await c.query('DELETE FROM sessions WHERE false');
    });

    // A membership granted by a real superuser is beyond the master: refused with the fix, not left in place.
    await superuser((c) => c.query(`GRANT ${migrator} TO ${app}`));
    try {
      await expect(bootstrap()).rejects.toThrow(`a superuser must run REVOKE ${spec.migrator.username} FROM ${spec.app.username}`);
    } finally {
      await superuser((c) => c.query(`REVOKE ${migrator} FROM ${app}`));
    }
  });

  it('refuses specs that would break least privilege', async () => {
    await expect(bootstrap({ ...spec, app: { ...spec.migrator } })).rejects.toThrow('must name three different users');
    await expect(bootstrap({ ...spec, app: master })).rejects.toThrow(`the master user ${master.username} must not be one of the app roles`);
  });
});
