// Shared fixtures for the session-cleanup tests: the default (Auth.js/Prisma, snake_case) schema and rows.
import { Client } from 'pg';
import { pgConfig } from '../../support/postgres';

export async function connect(database: string): Promise<Client> {
  const client = new Client(pgConfig({ database }));
  // A terminated backend emits 'error' on the client; without a listener that would crash the test run.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export interface SchemaOptions {
  schema?: string;
  indexes?: boolean;
  verificationTokens?: boolean;
  auditLogs?: boolean;
}

/** The default schema of docs/session-cleanup.md, with its recommended indexes unless indexes: false. */
export async function createSchema(client: Client, { schema = 'public', indexes = true, verificationTokens = true, auditLogs = true }: SchemaOptions = {}): Promise<void> {
  const s = `"${schema}"`;
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await client.query(`CREATE TABLE ${s}.sessions (
    id text PRIMARY KEY, session_token text UNIQUE NOT NULL, user_id text NOT NULL,
    expires timestamptz NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), revoked_at timestamptz)`);
  if (verificationTokens) await client.query(`CREATE TABLE ${s}.verification_tokens (identifier text NOT NULL, token text NOT NULL UNIQUE, expires timestamptz NOT NULL)`);
  if (auditLogs) await client.query(`CREATE TABLE ${s}.audit_logs (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), action text)`);
  if (indexes) {
    await client.query(`CREATE INDEX ON ${s}.sessions (expires)`);
    await client.query(`CREATE INDEX ON ${s}.sessions (user_id, created_at DESC)`);
    await client.query(`CREATE INDEX ON ${s}.sessions (revoked_at) WHERE revoked_at IS NOT NULL`);
    if (verificationTokens) await client.query(`CREATE INDEX ON ${s}.verification_tokens (expires)`);
    if (auditLogs) await client.query(`CREATE INDEX ON ${s}.audit_logs (created_at)`);
  }
}

/** A session with times relative to now, in seconds (positive = future). */
export interface SessionRow {
  id: string;
  userId: string;
  expiresIn: number;
  createdIn: number;
  revokedIn?: number | null;
}

export async function insertSessions(client: Client, rows: SessionRow[], table = 'public.sessions'): Promise<void> {
  const now = Date.now();
  const at = (seconds: number): string => new Date(now + seconds * 1000).toISOString();
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await client.query(
      `INSERT INTO ${table} (id, session_token, user_id, expires, created_at, revoked_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])`,
      [chunk.map((r) => r.id), chunk.map((r) => `tok-${r.id}`), chunk.map((r) => r.userId), chunk.map((r) => at(r.expiresIn)),
        chunk.map((r) => at(r.createdIn)), chunk.map((r) => (r.revokedIn == null ? null : at(r.revokedIn)))],
    );
  }
}

export async function sessionIds(client: Client, table = 'public.sessions'): Promise<string[]> {
  return (await client.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) => r.id);
}

export const HOUR = 3600;
export const DAY = 24 * HOUR;
