// The db-bootstrap roles for one test file: roles are cluster-wide, so their names carry a suffix unique to the run.
import { randomBytes } from 'node:crypto';
import type { BootstrapSpec } from '../../lambdas/db-bootstrap/bootstrap';

/** A random password of 32 characters. */
export const testPassword = (): string => randomBytes(24).toString('base64url');

/** A master (CREATEROLE, like the RDS master) and a bootstrap spec for the app's session tables, all unique to this run. */
export function uniqueBootstrapRoles(): { suffix: string; master: { username: string; password: string }; spec: BootstrapSpec } {
  const suffix = randomBytes(3).toString('hex');
  return {
    suffix,
    master: { username: `master_${suffix}`, password: testPassword() },
    spec: {
      schema: 'app',
      sessionTables: ['sessions', 'verification_tokens', 'audit_logs'],
      migrator: { username: `migrator_${suffix}`, password: testPassword() },
      app: { username: `app_${suffix}`, password: testPassword() },
      sessionCleanup: { username: `session_cleanup_${suffix}`, password: testPassword() },
    },
  };
}
