import { z } from 'zod';

/** RDS PostgreSQL settings (the data-tier issue adds the rest of this section). */
export const databaseSchema = z.strictObject({
  /** Standby in a second AZ with automatic failover; prod cannot turn it off (CL-ENV-2). @default false */
  multiAz: z.boolean().default(false),
  /** Refuse DeleteDBInstance until turned off; prod cannot turn it off (CL-ENV-2). @default false */
  deletionProtection: z.boolean().default(false),
  /** Automated backup retention in days, the point-in-time-recovery window (CL-DB-1); prod >= 7. @default 7 */
  backupRetentionDays: z.number().int().min(1).max(35).default(7),
});
