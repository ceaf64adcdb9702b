import { z } from 'zod';
import { devConfig } from './environments/dev';
import { prodConfig } from './environments/prod';
import { stagingConfig } from './environments/staging';
import { isPlaceholderAccount, placeholdersIn } from './placeholders';
import { PROD_FLOOR } from './prod-floor';
import {
  DeploymentName,
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  EnvironmentConfigInput,
  EnvironmentName,
  RECOVERY_SUFFIX,
  environmentConfigSchema,
} from './schema';

/** The committed configuration of every environment (before defaults and overrides). */
export const BUILT_IN_CONFIGS: Readonly<Record<EnvironmentName, EnvironmentConfigInput>> = {
  dev: devConfig,
  staging: stagingConfig,
  prod: prodConfig,
};

/** One problem found in one environment's configuration. */
export interface ConfigProblem {
  readonly environment: string;
  /** Dotted field path, or '' for the whole document. */
  readonly path: string;
  readonly message: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: EnvironmentConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Thrown when configuration is invalid; `problems` holds one entry per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `config error [${p.environment}] ${p.path || '(root)'}: ${p.message}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue ? `; got ${show(issue.input)}` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove or fix the spelling`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => show(v)).join(', ')}${got}`;
    case 'invalid_type':
      return `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const what = issue.origin === 'array' ? `${bound} entries` : issue.origin === 'string' ? `${bound} characters` : bound;
      return `must be ${what}${got}`;
    }
    case 'invalid_key':
      // A record key failed its own check (e.g. a secret-looking environment-variable name): say why.
      return issue.issues.map((inner) => inner.message).join('; ');
    default:
      return `${issue.message}${got}`;
  }
}

/** Validates one environment's raw configuration, then the prod floor; returns every problem found. */
export function validateEnvironmentConfig(environment: string, raw: unknown): ConfigResult {
  const parsed = environmentConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        environment,
        path: issue.path.map(String).join('.'),
        message: describeIssue(issue),
      })),
    };
  }
  const config = parsed.data;
  const problems: ConfigProblem[] = [];
  if (config.name !== environment) {
    problems.push({ environment, path: 'name', message: `must be "${environment}" (the file it is registered under); got ${show(config.name)}` });
  }
  if (config.backup.copyRegion === config.region) {
    problems.push({
      environment,
      path: 'backup.copyRegion',
      message: `must differ from the environment region ${show(config.region)}: a copy in the same region does not survive a regional outage (CL-DB-2)`,
    });
  }
  const certificateArn = config.service.certificate.certificateArn;
  const certificateRegion = certificateArn?.split(':')[3];
  if (certificateRegion !== undefined && certificateRegion !== config.region) {
    problems.push({
      environment,
      path: 'service.certificate.certificateArn',
      message: `the certificate is in ${certificateRegion}, but an ALB can only use one from its own region ${show(config.region)}: import or request the certificate there`,
    });
  }
  problems.push(...disasterRecoveryProblems(environment, config));
  // The cleanup job works on the tables the bootstrap grants it: the two sections must name the same ones.
  const names = config.sessionCleanup.names;
  if (names.schema !== config.database.bootstrap.schema) {
    problems.push({
      environment,
      path: 'sessionCleanup.names.schema',
      message: `got ${show(names.schema)}; must equal database.bootstrap.schema (${show(config.database.bootstrap.schema)}), the schema whose tables session_cleanup is granted`,
    });
  }
  const ungranted = [names.sessionsTable, names.verificationTokensTable, names.auditLogsTable].filter(
    (t) => !config.database.bootstrap.sessionTables.includes(t),
  );
  if (ungranted.length) {
    problems.push({
      environment,
      path: 'database.bootstrap.sessionTables',
      message: `got ${show(config.database.bootstrap.sessionTables)}; must include ${show(ungranted)}, which sessionCleanup.names makes the job delete from`,
    });
  }
  // Staging and prod with a real account are about to be deployed: a placeholder there breaks the deploy (the HTTPS
  // listener) or silences the pager. Offline synth of the committed files keeps the placeholder accounts and passes.
  if (config.name !== 'dev' && !isPlaceholderAccount(config.account)) {
    for (const placeholder of placeholdersIn(config)) {
      problems.push({
        environment,
        path: placeholder.path,
        message:
          `${JSON.stringify(placeholder.value)} is a placeholder, and account ${config.account} is real, so this would be deployed: ` +
          `set ${overrideVariable(config.name, placeholder.variable)} (or edit config/environments/${config.name}.ts)`,
      });
    }
  }
  if (config.name === 'prod') {
    for (const rule of PROD_FLOOR.filter((r) => !r.holds(config))) {
      problems.push({
        environment,
        path: rule.path,
        message: `got ${show(rule.value(config))}; prod requires ${rule.allowed} because ${rule.reason} (prod floor, CL-ENV-2)`,
      });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, config };
}

/** The copy-region settings of `disasterRecovery` must be in that region (checked on the environment, not again on its recovery environment). */
function disasterRecoveryProblems(environment: string, config: EnvironmentConfig): ConfigProblem[] {
  const dr = config.disasterRecovery;
  if (!dr.enabled || config.recovery) return [];
  const region = config.backup.copyRegion;
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ environment, path: `disasterRecovery.${path}`, message });
  const zones = dr.availabilityZones ?? [];
  const foreign = zones.filter((zone) => zone.slice(0, -1) !== region);
  if (foreign.length) problem('availabilityZones', `got ${show(foreign)}; every AZ must be in backup.copyRegion ${show(region)}, where the recovery environment runs`);
  if (zones.length && zones.length < config.network.availabilityZones.length) {
    problem('availabilityZones', `got ${zones.length} AZs; the recovery environment needs at least as many as network.availabilityZones (${config.network.availabilityZones.length})`);
  }
  const certificateRegion = dr.certificateArn?.split(':')[3];
  if (certificateRegion !== undefined && certificateRegion !== region) {
    problem('certificateArn', `the certificate is in ${certificateRegion}; the recovery environment's ALB needs one in backup.copyRegion ${show(region)}`);
  }
  const [, , , pointRegion, pointAccount] = dr.recoveryPointArn?.split(':') ?? [];
  if (dr.recoveryPointArn !== undefined && (pointRegion !== region || pointAccount !== config.account)) {
    problem('recoveryPointArn', `got ${show(dr.recoveryPointArn)}; it must be a copied recovery point in backup.copyRegion ${show(region)} of account ${config.account}`);
  }
  return problems;
}

/** Settings that `bin/` reads from the process environment or CDK context and lays over the committed files. */
export interface ConfigOverrides {
  readonly account?: string;
  readonly region?: string;
  /** Container image tag for this deploy (`cdk deploy -c imageTag=<git sha>`); replaces `service.image.tag`. */
  readonly imageTag?: string;
  /** Replaces `service.certificate` with this ACM certificate. */
  readonly certificateArn?: string;
  /** Replaces `service.certificate` with a DNS-validated certificate for this domain in this hosted zone. */
  readonly certificateDomain?: { readonly domainName?: string; readonly hostedZoneId?: string; readonly zoneName?: string };
  /** Replace `observability.alarmEmails.critical` / `.warning`. */
  readonly alarmEmails?: { readonly critical?: readonly string[]; readonly warning?: readonly string[] };
  /** Replaces `observability.canary.domain`. */
  readonly canaryDomain?: string;
  /** Replaces `service.app.allowedOrigins`. */
  readonly allowedOrigins?: readonly string[];
  /** Sets `firstDeploy` (`cdk deploy -c firstDeploy=<env>`). */
  readonly firstDeploy?: boolean;
  /** Replaces `disasterRecovery.certificateArn` (PLATFORM_<ENV>_RECOVERY_CERTIFICATE_ARN). */
  readonly recoveryCertificateArn?: string;
  /** Sets `disasterRecovery.recoveryPointArn` (`-c recoveryPointArn=<arn>`, given by `npm run recover`). */
  readonly recoveryPointArn?: string;
}

/** `PLATFORM_<ENV>_<suffix>`: the process-environment variable that overrides one setting of one environment. */
export function overrideVariable(environment: EnvironmentName, suffix: string): string {
  return `PLATFORM_${environment.toUpperCase()}_${suffix}`;
}

/**
 * The overrides of one environment from process-environment variables (`bin/` passes process.env):
 * PLATFORM_<ENV>_ACCOUNT, _REGION, _CERTIFICATE_ARN, _DOMAIN_NAME + _HOSTED_ZONE_ID + _ZONE_NAME,
 * _ALARM_EMAILS_CRITICAL, _ALARM_EMAILS_WARNING and _ALLOWED_ORIGINS (comma-separated), _CANARY_DOMAIN,
 * _RECOVERY_CERTIFICATE_ARN.
 * An empty variable (a CI variable that is not set) means no override.
 */
export function overridesFromVariables(environment: EnvironmentName, variables: Readonly<Record<string, string | undefined>>): ConfigOverrides {
  const value = (suffix: string) => variables[overrideVariable(environment, suffix)]?.trim() || undefined;
  const list = (suffix: string) => value(suffix)?.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const domain = { domainName: value('DOMAIN_NAME'), hostedZoneId: value('HOSTED_ZONE_ID'), zoneName: value('ZONE_NAME') };
  const emails = { critical: list('ALARM_EMAILS_CRITICAL'), warning: list('ALARM_EMAILS_WARNING') };
  return definedOnly({
    account: value('ACCOUNT'),
    region: value('REGION'),
    certificateArn: value('CERTIFICATE_ARN'),
    certificateDomain: Object.values(domain).some((v) => v !== undefined) ? definedOnly(domain) : undefined,
    alarmEmails: Object.values(emails).some((v) => v !== undefined) ? definedOnly(emails) : undefined,
    canaryDomain: value('CANARY_DOMAIN'),
    allowedOrigins: list('ALLOWED_ORIGINS'),
    recoveryCertificateArn: value('RECOVERY_CERTIFICATE_ARN'),
  });
}

export function isEnvironmentName(name: string): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name);
}

/** Every name `-c env=` accepts besides "all": the environments and their recovery environments. */
export const DEPLOYMENT_NAMES: readonly DeploymentName[] = ENVIRONMENT_NAMES.flatMap((name) => [name, `${name}${RECOVERY_SUFFIX}` as const]);

export function isDeploymentName(name: string): name is DeploymentName {
  return (DEPLOYMENT_NAMES as readonly string[]).includes(name);
}

/** The environment a deployment belongs to (`prod-recovery` -> `prod`). */
export function environmentOf(name: DeploymentName): EnvironmentName {
  return (name.endsWith(RECOVERY_SUFFIX) ? name.slice(0, -RECOVERY_SUFFIX.length) : name) as EnvironmentName;
}

function selectNames<T extends string>(selection: string | undefined, valid: (name: string) => name is T, validList: string): T[] {
  if (selection === undefined || selection === '' || selection === 'all') return [...ENVIRONMENT_NAMES] as T[];
  const names = selection.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !valid(n));
  if (unknown.length) {
    throw new ConfigError(
      unknown.map((name) => ({ environment: name, path: '', message: `unknown environment "${name}"; valid environments are ${validList} (or "all")` })),
    );
  }
  return names as T[];
}

/**
 * Resolves which environments to synthesize: undefined or "all" means every one. Unknown names throw a
 * ConfigError listing the valid ones.
 */
export function selectEnvironments(selection: string | undefined): EnvironmentName[] {
  return selectNames(selection, isEnvironmentName, ENVIRONMENT_NAMES.join(', '));
}

/**
 * Like selectEnvironments, but also accepts recovery environments (`prod-recovery`). "all" means the
 * environments only: a recovery environment is built when named, with the recovery point it restores.
 */
export function selectDeployments(selection: string | undefined): DeploymentName[] {
  return selectNames(selection, isDeploymentName, `${ENVIRONMENT_NAMES.join(', ')}, or one of them suffixed ${RECOVERY_SUFFIX}`);
}

/**
 * The recovery environment's input, derived from the environment's validated configuration: the same settings
 * in `backup.copyRegion` (its AZs, CIDR and certificate from `disasterRecovery`), whose backups are copied back to
 * the environment's region (into its own vault: the way back), with the database created from the recovery point.
 */
function recoveryInput(config: EnvironmentConfig): { raw: EnvironmentConfigInput } | { problems: ConfigProblem[] } {
  const environment = `${config.name}${RECOVERY_SUFFIX}`;
  const dr = config.disasterRecovery;
  if (!dr.enabled) {
    return { problems: [{ environment, path: 'disasterRecovery.enabled', message: `is false: ${config.name} has no recovery environment (enable disasterRecovery in config/environments/${config.name}.ts)` }] };
  }
  if (dr.recoveryPointArn === undefined) {
    const message =
      'is required to build the recovery environment: pass -c recoveryPointArn=<ARN of a copied recovery point> ' +
      `(npm run recover -- -c env=${config.name} finds the newest and passes it)`;
    return { problems: [{ environment, path: 'disasterRecovery.recoveryPointArn', message }] };
  }
  return {
    raw: {
      ...config,
      recovery: true,
      region: config.backup.copyRegion,
      backup: { ...config.backup, copyRegion: config.region },
      network: { ...config.network, cidr: dr.cidr, availabilityZones: dr.availabilityZones! },
      service: { ...config.service, certificate: { certificateArn: dr.certificateArn } },
    },
  };
}

/**
 * Loads, overrides and validates the named environments (and recovery environments, which use their environment's
 * file and overrides); throws one ConfigError listing every problem of all of them.
 */
export function loadConfigs(
  names: readonly DeploymentName[],
  overrides: Partial<Record<EnvironmentName, ConfigOverrides>> = {},
  sources: Readonly<Record<EnvironmentName, unknown>> = BUILT_IN_CONFIGS,
): EnvironmentConfig[] {
  const results = names.map((name): ConfigResult => {
    const environment = environmentOf(name);
    const result = validateEnvironmentConfig(environment, applyOverrides(sources[environment], overrides[environment] ?? {}));
    if (!result.ok || name === environment) return result;
    const derived = recoveryInput(result.config);
    if ('problems' in derived) return { ok: false, problems: derived.problems };
    const recovered = validateEnvironmentConfig(environment, derived.raw);
    return recovered.ok ? recovered : { ok: false, problems: recovered.problems.map((p) => ({ ...p, environment: name })) };
  });
  const problems = results.flatMap((r) => (r.ok ? [] : r.problems));
  if (problems.length) throw new ConfigError(problems);
  return results.map((r) => (r as { config: EnvironmentConfig }).config);
}

/** Lays the overrides over a raw configuration, each into the field it names. */
function applyOverrides(raw: unknown, overrides: ConfigOverrides): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const { account, region, firstDeploy } = overrides;
  // Raw input, not yet validated: every level is an object of unknown fields.
  type Raw = Record<string, unknown>;
  const layered: Raw = { ...raw, ...definedOnly({ account, region, firstDeploy }) };
  const section = (name: string): Raw => (layered[name] = { ...((layered[name] as Raw | undefined) ?? {}) });
  const field = (parent: Raw, name: string): Raw => (parent[name] as Raw | undefined) ?? {};
  if (overrides.imageTag !== undefined) {
    const service = section('service');
    service.image = { ...field(service, 'image'), tag: overrides.imageTag };
  }
  // Either kind of certificate override replaces the committed one whole; given both, validation says to pick one.
  if (overrides.certificateArn !== undefined || overrides.certificateDomain !== undefined) {
    section('service').certificate = definedOnly({ certificateArn: overrides.certificateArn, ...overrides.certificateDomain });
  }
  if (overrides.allowedOrigins !== undefined) {
    const service = section('service');
    service.app = { ...field(service, 'app'), allowedOrigins: overrides.allowedOrigins };
  }
  if (overrides.alarmEmails !== undefined) {
    const observability = section('observability');
    observability.alarmEmails = { ...field(observability, 'alarmEmails'), ...overrides.alarmEmails };
  }
  if (overrides.canaryDomain !== undefined) {
    const observability = section('observability');
    observability.canary = { ...field(observability, 'canary'), domain: overrides.canaryDomain };
  }
  if (overrides.recoveryCertificateArn !== undefined || overrides.recoveryPointArn !== undefined) {
    const dr = section('disasterRecovery');
    Object.assign(dr, definedOnly({ certificateArn: overrides.recoveryCertificateArn, recoveryPointArn: overrides.recoveryPointArn }));
  }
  return layered;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
