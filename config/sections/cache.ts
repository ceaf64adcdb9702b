import { z } from 'zod';
import { logRetentionDays } from './common';

/** Oldest version per engine with RBAC and engine-log delivery (Redis OSS 6.2, Valkey 7.2). */
const MIN_VERSION: Record<'redis' | 'valkey', number> = { redis: 6.2, valkey: 7.2 };

/** ElastiCache (Redis OSS or Valkey) replication group holding the app's sessions and cache. */
export const cacheSchema = z
  .strictObject({
    /** Engine: Redis OSS, or Valkey (its open-source fork, protocol compatible and cheaper). @default redis */
    engine: z.enum(['redis', 'valkey']).default('redis'),
    /** Engine version `<major>.<minor>`. @default 7.1 */
    engineVersion: z.string().regex(/^\d+\.\d+$/, 'must be "<major>.<minor>", e.g. 7.1').default('7.1'),
    /** Node type of the primary and of each replica. @default cache.t4g.micro */
    nodeType: z.string().regex(/^cache\.[a-z0-9-]+\.[a-z0-9]+$/, 'must be a node type such as cache.r7g.large').default('cache.t4g.micro'),
    /**
     * Read replicas besides the primary. >= 1 turns on automatic failover and Multi-AZ (CL-RED-2); prod
     * needs >= 1 (prod floor). @default 0
     */
    replicas: z.number().int().min(0).max(5).default(0),
    /**
     * Port. Default 6380 rather than 6379: clients read it from the stack, so moving off the port every
     * scanner probes costs nothing (the security group stays the real control). @default 6380
     */
    port: z.number().int().min(1024).max(65535).default(6380),
    /** Days daily snapshots are kept, >= 1; prod >= 7 (prod floor, CL-RED-2). @default 1 */
    snapshotRetentionDays: z.number().int().min(1).max(35).default(1),
    /** Daily snapshot window (UTC, hh:mm-hh:mm), must not overlap the maintenance window. @default 03:00-04:00 */
    snapshotWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must be hh:mm-hh:mm (UTC)').default('03:00-04:00'),
    /** Weekly maintenance window (UTC, ddd:hh:mm-ddd:hh:mm). @default sun:05:00-sun:06:00 */
    maintenanceWindow: z
      .string()
      .regex(/^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/, 'must be ddd:hh:mm-ddd:hh:mm (UTC)')
      .default('sun:05:00-sun:06:00'),
    /** Days engine and slow logs stay in CloudWatch (CL-OBS-1). @default 30 */
    logRetentionDays: logRetentionDays.default(30),
    /** Rotation period of the app user's password, days; at most 90 (CL-SEC-2). @default 30 */
    passwordRotationDays: z.number().int().min(1).max(90).default(30),
  })
  .superRefine((c, ctx) => {
    if (Number(c.engineVersion) < MIN_VERSION[c.engine]) {
      ctx.addIssue({
        code: 'custom',
        path: ['engineVersion'],
        input: c.engineVersion,
        message: `is too old for ${c.engine}: RBAC users and engine-log delivery need Redis OSS 6.2+ or Valkey 7.2+`,
      });
    }
  });
