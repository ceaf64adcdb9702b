import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase, pgConfig } from './postgres';

describe('test PostgreSQL', () => {
  it('accepts verified TLS and rejects plain TCP, like RDS with rds.force_ssl', async () => {
    const db = await createTestDatabase();
    try {
      const tls = new Client(pgConfig({ database: db }));
      await tls.connect();
      const { rows } = await tls.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(rows[0].ssl).toBe(true);
      await tls.end();
      const plain = new Client(pgConfig({ database: db, ssl: false }));
      await expect(plain.connect()).rejects.toThrow(/no encryption|pg_hba/);
    } finally {
      await dropTestDatabase(db);
    }
  });
});
