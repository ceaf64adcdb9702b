// Environment configuration of the restore-drill Lambdas (CL-DB-3). Each handler reads only what it needs,
// so each function gets only the variables (and IAM) its task requires. Errors name the variable and the fix.

export type Env = Record<string, string | undefined>;

export class DrillConfigError extends Error {
  override readonly name = 'DrillConfigError';
}

// RDS identifier rules (1-63 letters, digits, hyphens; starts with a letter; no trailing or double hyphen).
// Lower case only: RDS stores identifiers in lower case and the IAM resource patterns are case-sensitive.
const IDENTIFIER = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;
const DRILL_SUFFIX_LENGTH = '-drill-'.length + 'yyyymmddhhmm'.length;
export const MAX_PREFIX_LENGTH = 63 - DRILL_SUFFIX_LENGTH;

export function isRdsIdentifier(value: string): boolean {
  return value.length <= 63 && IDENTIFIER.test(value);
}

function required(env: Env, name: string, hint: string): string {
  const value = env[name]?.trim();
  if (!value) throw new DrillConfigError(`environment variable ${name} is not set: ${hint}`);
  return value;
}

function optional(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new DrillConfigError(`environment variable ${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** DRILL_INSTANCE_PREFIX: every drill instance is named `<prefix>-drill-<yyyymmddhhmm>`; the guards rely on it. */
export function drillPrefix(env: Env): string {
  const prefix = required(env, 'DRILL_INSTANCE_PREFIX', 'set it to the environment prefix, e.g. "platform-prod"');
  if (!isRdsIdentifier(prefix) || prefix.length > MAX_PREFIX_LENGTH) {
    throw new DrillConfigError(
      `environment variable DRILL_INSTANCE_PREFIX="${prefix}" is invalid: use lower-case letters, digits and single hyphens, ` +
        `starting with a letter, at most ${MAX_PREFIX_LENGTH} characters (the drill suffix takes the rest of RDS's 63)`,
    );
  }
  return prefix;
}

export interface RestoreConfig {
  prefix: string;
  dbSubnetGroupName: string;
  securityGroupIds: string[];
  instanceClass: string;
  parameterGroupName: string;
}

export function restoreConfig(env: Env): RestoreConfig {
  const securityGroupIds = required(env, 'DRILL_SECURITY_GROUP_IDS', 'set it to the drill security group id(s), comma-separated')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const badSg = securityGroupIds.find((id) => !/^sg-[0-9a-f]+$/.test(id));
  if (badSg) throw new DrillConfigError(`environment variable DRILL_SECURITY_GROUP_IDS contains "${badSg}", which is not a security group id (sg-...)`);
  return {
    prefix: drillPrefix(env),
    dbSubnetGroupName: required(env, 'DRILL_DB_SUBNET_GROUP_NAME', 'set it to the DB subnet group of the isolated subnets'),
    securityGroupIds,
    instanceClass: required(env, 'DRILL_INSTANCE_CLASS', 'set it to the drill instance class, e.g. "db.t4g.medium"'),
    parameterGroupName: required(env, 'DRILL_PARAMETER_GROUP_NAME', 'set it to a parameter group with rds.force_ssl=1'),
  };
}

export interface CopyRestoreConfig extends RestoreConfig {
  /** Backup vault (in this region) holding the copied recovery points. */
  vaultName: string;
}

export function copyRestoreConfig(env: Env): CopyRestoreConfig {
  return {
    ...restoreConfig(env),
    vaultName: required(env, 'DRILL_BACKUP_VAULT_NAME', 'set it to the Backup vault that receives the copied recovery points'),
  };
}

export interface StatusConfig {
  prefix: string;
  masterUserSecretKmsKeyId: string;
}

export function statusConfig(env: Env): StatusConfig {
  return {
    prefix: drillPrefix(env),
    masterUserSecretKmsKeyId: required(env, 'MASTER_USER_SECRET_KMS_KEY_ID', 'set it to the KMS key (ARN) that encrypts the drill master secret'),
  };
}

export interface VerifyConfig {
  prefix: string;
  databaseName: string | undefined;
  verifySql: string | undefined;
  minUserTables: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

export function verifyConfig(env: Env): VerifyConfig {
  return {
    prefix: drillPrefix(env),
    databaseName: optional(env, 'VERIFY_DATABASE_NAME'),
    verifySql: optional(env, 'VERIFY_SQL'),
    minUserTables: positiveInt(env, 'VERIFY_MIN_USER_TABLES', 1),
    statementTimeoutMs: positiveInt(env, 'VERIFY_STATEMENT_TIMEOUT_MS', 30_000),
    connectTimeoutMs: positiveInt(env, 'VERIFY_CONNECT_TIMEOUT_MS', 10_000),
  };
}

export interface ReportConfig {
  namespace: string;
  environment: string;
}

export function reportConfig(env: Env): ReportConfig {
  return {
    namespace: required(env, 'METRICS_NAMESPACE', 'set it to the CloudWatch namespace of the drill metrics, e.g. "Platform/RestoreDrill"'),
    environment: required(env, 'ENVIRONMENT', 'set it to the deployment environment name (dev, staging or prod)'),
  };
}

export function cleanupConfig(env: Env): { prefix: string } {
  return { prefix: drillPrefix(env) };
}
