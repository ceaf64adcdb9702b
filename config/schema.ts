import { z } from 'zod';
import { appSecretsSchema } from './sections/app-secrets';
import { awsRegion } from './sections/common';
import { backupSchema } from './sections/backup';
import { cacheSchema } from './sections/cache';
import { complianceSchema } from './sections/compliance';
import { databaseSchema } from './sections/database';
import { disasterRecoverySchema } from './sections/disaster-recovery';
import { networkSchema } from './sections/network';
import { observabilitySchema } from './sections/observability';
import { serviceSchema } from './sections/service';
import { sessionCleanupSchema } from './sections/session-cleanup';
import { wafSchema } from './sections/waf';

/** The environments this app knows; each is a CDK Stage with its own account, region, data and secrets (CL-ENV-1). */
export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/**
 * One environment's configuration. Every field documents its meaning, unit and default; the per-environment
 * files in `config/environments/` give only what differs from the defaults.
 */
export const environmentConfigSchema = z.strictObject({
  /** Environment name; also the middle part of every stack name (`platform-<name>-<stack>`). */
  name: z.enum(ENVIRONMENT_NAMES),
  /** AWS account ID (12 digits). Overridable by PLATFORM_<NAME>_ACCOUNT. */
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID'),
  /** AWS region of every stack except those in `backup.copyRegion`. Overridable by PLATFORM_<NAME>_REGION. */
  region: awsRegion,
  /**
   * What happens to stateful resources (database, cache, vaults, keys, secrets, log groups) when their stack
   * or resource is deleted: `retain` keeps them, `snapshot` keeps a final snapshot where the resource supports
   * one (else retains), `destroy` deletes them (dev only). Prod must retain (CL-ENV-2, CL-DEL-1). @default retain
   */
  removalPolicy: z.enum(['retain', 'snapshot', 'destroy']).default('retain'),
  /** Stateful stacks refuse `cdk destroy` / stack deletion while on (CL-DEL-1). @default true */
  terminationProtection: z.boolean().default(true),
  /**
   * First deploy of this environment: termination protection and the ALB's and database's deletion protection stay
   * off, so a failed create rolls back cleanly and can simply be retried (a protected resource makes the rollback
   * fail; a protected stack cannot be deleted). Set for that one deploy by `-c firstDeploy=<env>`; the next deploy
   * without it switches them on in place (docs/first-deploy.md). @default false
   */
  firstDeploy: z.boolean().default(false),
  /** VPC, subnets, NAT, flow logs, endpoints. */
  network: networkSchema,
  /** RDS PostgreSQL, RDS Proxy and the database credentials. */
  database: databaseSchema.prefault({}),
  /** ElastiCache (Redis OSS / Valkey). */
  cache: cacheSchema.prefault({}),
  /** AWS Backup plan, vault lock and off-region copy of the database. */
  backup: backupSchema,
  /** Scheduled session-cleanup Lambda (CL-SES-1). */
  sessionCleanup: sessionCleanupSchema.prefault({}),
  /** Regional disaster recovery in `backup.copyRegion` (docs/disaster-recovery.md). */
  disasterRecovery: disasterRecoverySchema.prefault({}),
  /**
   * This configuration builds the recovery environment `<name>-recovery` in `backup.copyRegion` (set by the loader
   * for `-c env=<name>-recovery` from the environment's own file; never set in a file). @default false
   */
  recovery: z.boolean().default(false),
  /** Alarms, dashboard, uptime canary, restore drill (CL-OBS-2, CL-OBS-3, CL-DB-3). */
  observability: observabilitySchema.prefault({}),
  /** The web app's signing secrets and their rotation. */
  appSecrets: appSecretsSchema.prefault({}),
  /** ECS Fargate service, ALB and the app's runtime settings. */
  service: serviceSchema,
  /** WAF WebACL on the ALB. */
  waf: wafSchema.prefault({}),
  /** cdk-nag packs enforced at synth besides AwsSolutions and the platform pack (CL-AUD-1). */
  compliance: complianceSchema.prefault({}),
  /** Tags put on every resource of the environment. @default {} */
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
});

/** What a per-environment file may contain (defaults not yet applied). */
export type EnvironmentConfigInput = z.input<typeof environmentConfigSchema>;
/** A validated configuration with every default applied. */
export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;

/** Suffix of a recovery environment's name: `prod-recovery` is prod rebuilt in its copy region. */
export const RECOVERY_SUFFIX = '-recovery';

/** What can be deployed: an environment, or its recovery environment in the copy region. */
export type DeploymentName = EnvironmentName | `${EnvironmentName}${typeof RECOVERY_SUFFIX}`;

/**
 * The name in the environment's stage, stack and physical names (`platform-<deployment>-...`): the environment's
 * name, suffixed for the recovery environment so nothing it creates collides with the environment's own names.
 */
export function deploymentName(config: Pick<EnvironmentConfig, 'name' | 'recovery'>): DeploymentName {
  return config.recovery ? `${config.name}${RECOVERY_SUFFIX}` : config.name;
}
