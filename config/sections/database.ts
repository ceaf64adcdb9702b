import { z } from 'zod';
import { logRetentionDays } from './common';

/** Role names the database tier creates itself (db-bootstrap); the master user may not take one of them. */
export const DATABASE_USER_NAMES = ['app', 'session_cleanup', 'migrator'] as const;

/** Names PostgreSQL or RDS reserve, or that every scanner tries first (CL-SEC-4). */
const FORBIDDEN_MASTER_USERNAMES = ['postgres', 'admin', 'administrator', 'root', 'rdsadmin', 'rds_superuser', 'master', 'user'];

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must start with a lowercase letter and hold only lowercase letters, digits and _ (at most 63)');

/** Performance Insights keeps 7 days free, or whole months (31-day steps) up to 2 years (731). */
const performanceInsightsRetention = z
  .number()
  .int()
  .refine((d) => d === 7 || d === 731 || (d % 31 === 0 && d >= 31 && d <= 713), {
    message: 'must be 7, a multiple of 31 up to 713 (months), or 731',
  });

/** RDS PostgreSQL, its RDS Proxy and its credentials. */
export const databaseSchema = z
  .strictObject({
    /** Standby in a second AZ with automatic failover; prod cannot turn it off (CL-ENV-2). @default false */
    multiAz: z.boolean().default(false),
    /** Refuse DeleteDBInstance until turned off; prod cannot turn it off (CL-ENV-2). @default false */
    deletionProtection: z.boolean().default(false),
    /** Automated backup retention in days, the point-in-time-recovery window (CL-DB-1); prod >= 7. @default 7 */
    backupRetentionDays: z.number().int().min(1).max(35).default(7),
    /**
     * PostgreSQL engine version `<major>.<minor>`. Minor upgrades are applied automatically in the maintenance
     * window (autoMinorVersionUpgrade), so this is the floor, not a pin. @default 17.9 (newest 17.x aws-cdk-lib 2.276 knows)
     */
    engineVersion: z
      .string()
      .regex(/^(1[4-9])\.\d+$/, 'must be "<major>.<minor>" with major 14 or later, e.g. 17.9')
      .default('17.9'),
    /** RDS instance class. @default db.t4g.micro (dev-sized; staging/prod set theirs) */
    instanceClass: z.string().regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, 'must be an RDS class such as db.m7g.large').default('db.t4g.micro'),
    /** Storage allocated at creation, GiB (gp3 minimum is 20). @default 20 */
    allocatedStorageGiB: z.number().int().min(20).max(65536).default(20),
    /** Ceiling for storage autoscaling, GiB; RDS grows storage up to this without downtime. @default 100 */
    maxAllocatedStorageGiB: z.number().int().min(21).max(65536).default(100),
    /**
     * Port the instance listens on. Default 5432: RDS Proxy (the only way in for the app and jobs) always
     * listens on PostgreSQL's default port whatever the instance uses, so a non-default instance port would
     * hide nothing; the control is the security groups (no CIDR rules, isolated subnets; CL-NET-1). @default 5432
     */
    port: z.number().int().min(1150).max(65535).default(5432),
    /**
     * Master user name. Never a name scanners try first (`postgres`, `admin`, ...) nor one of the app's roles;
     * the app never uses it (CL-SEC-4). @default platform_admin
     */
    masterUsername: identifier
      .refine((u) => !FORBIDDEN_MASTER_USERNAMES.includes(u), {
        message: `must not be a well-known administrator name (${FORBIDDEN_MASTER_USERNAMES.join(', ')}); pick a project-specific name such as platform_admin`,
      })
      .refine((u) => !(DATABASE_USER_NAMES as readonly string[]).includes(u), {
        message: `must differ from the application roles (${DATABASE_USER_NAMES.join(', ')})`,
      })
      .default('platform_admin'),
    /** Name of the application database created with the instance. @default app */
    databaseName: identifier
      .refine((n) => !['postgres', 'template0', 'template1', 'rdsadmin'].includes(n), {
        message: 'must not be a PostgreSQL/RDS system database (postgres, template0, template1, rdsadmin)',
      })
      .default('app'),
    /** Daily window (UTC, hh:mm-hh:mm) of the automated backup. @default 02:00-03:00 */
    backupWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must be hh:mm-hh:mm (UTC)').default('02:00-03:00'),
    /** Weekly maintenance window (UTC, ddd:hh:mm-ddd:hh:mm), outside the backup window. @default sun:04:00-sun:05:00 */
    maintenanceWindow: z
      .string()
      .regex(/^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/, 'must be ddd:hh:mm-ddd:hh:mm (UTC)')
      .default('sun:04:00-sun:05:00'),
    /** RDS Proxy connection pool (CL-DB-4). */
    proxy: z
      .strictObject({
        /** Share of the instance's max_connections the proxy may open, %. @default 90 */
        maxConnectionsPercent: z.number().int().min(1).max(100).default(90),
        /** Share of max_connections the proxy keeps open while idle, %; <= maxConnectionsPercent. @default 50 */
        maxIdleConnectionsPercent: z.number().int().min(0).max(100).default(50),
        /** How long a client waits for a pooled connection before an error, seconds. @default 120 */
        borrowTimeoutSeconds: z.number().int().min(1).max(3600).default(120),
      })
      .superRefine((p, ctx) => {
        if (p.maxIdleConnectionsPercent > p.maxConnectionsPercent) {
          ctx.addIssue({
            code: 'custom',
            path: ['maxIdleConnectionsPercent'],
            input: p.maxIdleConnectionsPercent,
            message: `must not exceed maxConnectionsPercent (${p.maxConnectionsPercent})`,
          });
        }
      })
      .prefault({}),
    /** Days the exported `postgresql` and `upgrade` logs stay in CloudWatch (CL-OBS-1). @default 30 */
    logRetentionDays: logRetentionDays.default(30),
    /** Performance Insights retention, days (7 is free). @default 7 */
    performanceInsightsRetentionDays: performanceInsightsRetention.default(7),
    /** Enhanced Monitoring granularity, seconds (always on). @default 60 */
    monitoringIntervalSeconds: z.literal([1, 5, 10, 15, 30, 60]).default(60),
    /** Inputs of the db-bootstrap custom resource that creates the app's roles (CL-SEC-4). */
    bootstrap: z
      .strictObject({
        /** Schema the `migrator` role owns and the app uses. @default app */
        schema: identifier.default('app'),
        /**
         * Tables `session_cleanup` may SELECT/DELETE (and nothing else): what lambdas/session-cleanup prunes.
         * @default sessions, verification_tokens, audit_logs
         */
        sessionTables: z.array(identifier).min(1).default(['sessions', 'verification_tokens', 'audit_logs']),
        /**
         * Any string; changing it re-runs the bootstrap (e.g. after the migrations created the session tables,
         * whose grants need them to exist). @default 1
         */
        revision: z.string().min(1).max(64).default('1'),
      })
      .prefault({}),
    /** Rotation period of the master and user credentials, days; at most 90 (CL-SEC-2). @default 30 */
    credentialRotationDays: z.number().int().min(1).max(90).default(30),
  })
  .superRefine((d, ctx) => {
    if (d.maxAllocatedStorageGiB <= d.allocatedStorageGiB) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxAllocatedStorageGiB'],
        input: d.maxAllocatedStorageGiB,
        message: `must be greater than allocatedStorageGiB (${d.allocatedStorageGiB}): storage autoscaling needs room to grow`,
      });
    }
  });
