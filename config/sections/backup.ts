import { z } from 'zod';
import { awsRegion } from './common';

/** AWS Backup retention and Vault Lock for the database (CL-DB-2); retention in days. */
export const backupSchema = z
  .strictObject({
    /**
     * Region of the second vault every recovery point is copied to (a stack of the same environment,
     * `backup-copy`, deployed there). Must differ from the environment's region.
     */
    copyRegion: awsRegion,
    /** Hour (UTC) the daily, weekly and monthly backups start, after the RDS automated backup window. @default 5 */
    startHourUtc: z.number().int().min(0).max(23).default(5),
    /** Days each daily recovery point (and its off-region copy) is kept. @default 35 */
    dailyRetentionDays: z.number().int().min(1).max(36500).default(35),
    /** Days each weekly (Sunday) recovery point and copy is kept; 0 = no weekly tier. @default 0 */
    weeklyRetentionDays: z.number().int().min(0).max(36500).default(0),
    /** Days each monthly (1st of the month) recovery point and copy is kept; 0 = no monthly tier. @default 0 */
    monthlyRetentionDays: z.number().int().min(0).max(36500).default(0),
    /**
     * Vault Lock on both vaults: recovery points cannot be deleted before `minRetentionDays` nor kept past
     * `maxRetentionDays`. `governance`: principals with backup:DeleteBackupVaultLockConfiguration can still
     * lift it. `compliance`: after `changeableForDays` nobody (not even root or AWS) can lift or shorten it.
     */
    vaultLock: z
      .strictObject({
        /** @default governance */
        mode: z.enum(['governance', 'compliance']).default('governance'),
        /** @default 7 */
        minRetentionDays: z.number().int().min(1).max(36500).default(7),
        /** @default 400 */
        maxRetentionDays: z.number().int().min(1).max(36500).default(400),
        /** Grace period before a compliance lock becomes immutable (AWS minimum 3). Ignored in governance mode. @default 3 */
        changeableForDays: z.number().int().min(3).max(36500).default(3),
      })
      .superRefine((l, ctx) => {
        if (l.minRetentionDays > l.maxRetentionDays) {
          ctx.addIssue({ code: 'custom', path: ['minRetentionDays'], input: l.minRetentionDays, message: `must not exceed maxRetentionDays (${l.maxRetentionDays})` });
        }
      })
      .prefault({}),
  })
  .superRefine((b, ctx) => {
    // A recovery point whose retention falls outside the lock's range makes the backup job fail.
    const tiers = [
      ['dailyRetentionDays', b.dailyRetentionDays],
      ['weeklyRetentionDays', b.weeklyRetentionDays],
      ['monthlyRetentionDays', b.monthlyRetentionDays],
    ] as const;
    for (const [field, days] of tiers) {
      if (days === 0) continue;
      if (days < b.vaultLock.minRetentionDays || days > b.vaultLock.maxRetentionDays) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          input: days,
          message: `must lie within the vault lock range ${b.vaultLock.minRetentionDays}-${b.vaultLock.maxRetentionDays} days (vaultLock.minRetentionDays/maxRetentionDays), or AWS Backup rejects the recovery point`,
        });
      }
    }
  });
