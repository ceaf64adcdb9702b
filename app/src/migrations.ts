// Forward-only SQL migrations, each file applied once in its own transaction and recorded in
// <schema>.schema_migrations. An advisory lock keeps two runs (a retried deploy) from interleaving. Files are
// `<version>_<name>.sql`, applied in version order; `:"name"` inserts a quoted identifier from `variables`
// (role names differ per deployment, and in tests).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeIdentifier, type ClientBase } from 'pg';

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

export interface MigrateOptions {
  /** The app schema (owned by the migrator role); tables are created there. */
  schema: string;
  migrations: readonly Migration[];
  /** Values of the `:"name"` placeholders. */
  variables: Readonly<Record<string, string>>;
  log?: (entry: Record<string, unknown>) => void;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE = /^(\d+)_([a-z0-9_]+)\.sql$/;
const LOCK_KEY = 'platform-migrations';

export function readMigrations(dir: string): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((file) => {
    const m = FILE.exec(file);
    if (!m) throw new MigrationError(`${file}: migration files are named <version>_<name>.sql (digits, then lowercase words)`);
    return { version: m[1], name: m[2], sql: readFileSync(join(dir, file), 'utf8') };
  });
  const versions = migrations.map((m) => m.version);
  const duplicate = versions.find((v, i) => versions.indexOf(v) !== i);
  if (duplicate) throw new MigrationError(`two migrations have version ${duplicate}`);
  return migrations;
}

/** `:"name"` -> the quoted identifier; a cast such as `x::"text"` is left alone. */
export function substitute(sql: string, variables: Readonly<Record<string, string>>): string {
  return sql.replace(/(?<!:):"([a-z_]+)"/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new MigrationError(`placeholder :"${name}" has no value (known: ${Object.keys(variables).join(', ') || 'none'})`);
    return escapeIdentifier(value);
  });
}

/** Applies the migrations not applied yet; returns their versions. Throws MigrationError, rolled back, on the first failure. */
export async function migrate(client: ClientBase, options: MigrateOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const schema = escapeIdentifier(options.schema);
  const applied: string[] = [];
  // Set per session: the migrator's role setting would do, but a session setting cannot be missing.
  await client.query(`SET search_path TO ${schema}`);
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK_KEY]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: string }>(`SELECT version FROM ${schema}.schema_migrations`);
    const done = new Set(rows.map((r) => r.version));
    for (const migration of options.migrations) {
      if (done.has(migration.version)) continue;
      const sql = substitute(migration.sql, options.variables);
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`migration ${migration.version}_${migration.name} failed and was rolled back: ${(error as Error).message}`);
      }
      applied.push(migration.version);
      log({ level: 'info', message: 'migration applied', version: migration.version, name: migration.name });
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_KEY]).catch(() => undefined);
  }
  return applied;
}
