// Per-test-file access to the test run's real PostgreSQL (see postgres-setup.mjs).
import { randomBytes } from 'node:crypto';
import { Client, ClientConfig } from 'pg';

/** Verified-TLS connection settings for the test server, as a given user and database. */
export function pgConfig(overrides: Partial<ClientConfig> = {}): ClientConfig {
  const env = process.env;
  if (!env.PLATFORM_TEST_PG_PORT) throw new Error('test PostgreSQL not started: run the tests through vitest (globalSetup)');
  return {
    host: env.PLATFORM_TEST_PG_HOST,
    port: Number(env.PLATFORM_TEST_PG_PORT),
    user: env.PLATFORM_TEST_PG_USER,
    password: env.PLATFORM_TEST_PG_PASSWORD,
    database: 'postgres',
    ssl: { ca: env.PLATFORM_TEST_PG_CA, rejectUnauthorized: true, servername: 'localhost' },
    ...overrides,
  };
}

/** Creates a fresh database for one test file and returns its name; drop it with dropTestDatabase. */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client(pgConfig());
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  const admin = new Client(pgConfig());
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
