import { z } from 'zod';
import { restoreDrillSchema } from './observability';

/**
 * Regional disaster recovery (docs/disaster-recovery.md): the environment brought up again in `backup.copyRegion`
 * from the off-region copies of its database recovery points. With `enabled`, the environment's own deploy adds,
 * in the copy region: replicas of the app's signing secrets (so sessions and tokens survive a failover), their
 * KMS key, and the scheduled drill that restores the newest copy there. The recovery environment itself (stage
 * `platform-<env>-recovery`, `-c env=<env>-recovery`) is deployed only when recovering (`npm run recover`).
 */
export const disasterRecoverySchema = z
  .strictObject({
    /** Replicate the signing secrets, run the off-region drill, allow the `<env>-recovery` stage. @default false */
    enabled: z.boolean().default(false),
    /**
     * Availability zones of `backup.copyRegion` for the recovery environment's VPC and the drill's, given
     * explicitly so synth never looks them up. Required when enabled; the recovery stage needs at least as many
     * as the environment's own network (prod: 3). @default none
     */
    availabilityZones: z.array(z.string().regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an AZ name such as eu-west-3a')).min(2).optional(),
    /**
     * IPv4 CIDR of the VPCs in the copy region (recovery environment and drill; never peered with each other or
     * with the home VPC). Differing from `network.cidr` keeps a later peering or VPN back home possible.
     * @default 10.250.0.0/16
     */
    cidr: z
      .string()
      .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/, 'must be an IPv4 CIDR with a /16 to /24 prefix')
      .default('10.250.0.0/16'),
    /**
     * ACM certificate in `backup.copyRegion` for the recovery environment's HTTPS listener (an ALB can only use a
     * certificate of its own region). Required when enabled; overridable by PLATFORM_<ENV>_RECOVERY_CERTIFICATE_ARN.
     */
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM certificate ARN')
      .optional(),
    /**
     * The copied recovery point the recovery environment's database is created from: an RDS snapshot ARN in
     * `backup.copyRegion` (`arn:aws:rds:<region>:<account>:snapshot:awsbackup:...`), given per recovery by
     * `npm run recover` as `-c recoveryPointArn=<arn>`. Never changed afterwards: a different value on a later
     * deploy would REPLACE the recovered database. @default none (the recovery stage refuses to build without it)
     */
    recoveryPointArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:snapshot:[A-Za-z0-9:-]+$/, 'must be an RDS snapshot ARN (a copied AWS Backup recovery point, arn:aws:rds:<region>:<account>:snapshot:awsbackup:...)')
      .optional(),
    /**
     * Drill of the off-region copies, in the copy region (CL-DB-3): restores the newest copied recovery point into
     * a throw-away instance, verifies it, publishes RTO/RPO metrics and always deletes the instance.
     * @default schedule cron(0 4 15 1,4,7,10 ? *) (quarterly: 04:00 UTC on 15 January, April, July, October),
     *   metricsNamespace Platform/DisasterRecoveryDrill
     */
    drill: restoreDrillSchema({ schedule: 'cron(0 4 15 1,4,7,10 ? *)', metricsNamespace: 'Platform/DisasterRecoveryDrill' }),
    /**
     * Alarm thresholds of the off-region drill, in the copy region: restore-to-verified time (RTO) and the age of
     * the newest copied recovery point when the drill started (RPO). A daily backup plus its copy is up to ~26 h
     * old. @default rtoSeconds 14400 (4 h), rpoSeconds 100800 (28 h)
     */
    alarms: z
      .strictObject({
        rtoSeconds: z.number().int().min(60).default(14_400),
        rpoSeconds: z.number().int().min(60).default(100_800),
      })
      .prefault({}),
  })
  .superRefine((d, ctx) => {
    if (!d.enabled) return;
    if (d.availabilityZones === undefined) {
      ctx.addIssue({ code: 'custom', path: ['availabilityZones'], input: undefined, message: 'is required when enabled: list the AZs of backup.copyRegion (no lookups at synth)' });
    }
    if (d.certificateArn === undefined) {
      ctx.addIssue({ code: 'custom', path: ['certificateArn'], input: undefined, message: 'is required when enabled: an ACM certificate in backup.copyRegion for the recovery environment\'s HTTPS listener' });
    }
  });

export type DisasterRecoveryConfig = z.output<typeof disasterRecoverySchema>;
