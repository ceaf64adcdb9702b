import { z } from 'zod';
import { devConfig } from './environments/dev';
import { prodConfig } from './environments/prod';
import { stagingConfig } from './environments/staging';
import { PROD_FLOOR } from './prod-floor';
import { ENVIRONMENT_NAMES, EnvironmentConfig, EnvironmentConfigInput, EnvironmentName, environmentConfigSchema } from './schema';

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

/** Settings that `bin/` reads from the process environment or CDK context and lays over the committed files. */
export interface ConfigOverrides {
  readonly account?: string;
  readonly region?: string;
  /** Container image tag for this deploy (`cdk deploy -c imageTag=<git sha>`); replaces `service.image.tag`. */
  readonly imageTag?: string;
}

export function isEnvironmentName(name: string): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name);
}

/**
 * Resolves which environments to synthesize: undefined or "all" means every one. Unknown names throw a
 * ConfigError listing the valid ones.
 */
export function selectEnvironments(selection: string | undefined): EnvironmentName[] {
  if (selection === undefined || selection === '' || selection === 'all') return [...ENVIRONMENT_NAMES];
  const names = selection.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !isEnvironmentName(n));
  if (unknown.length) {
    throw new ConfigError(
      unknown.map((name) => ({
        environment: name,
        path: '',
        message: `unknown environment "${name}"; valid environments are ${ENVIRONMENT_NAMES.join(', ')} (or "all")`,
      })),
    );
  }
  return names as EnvironmentName[];
}

/** Loads, overrides and validates the named environments; throws one ConfigError listing every problem of all of them. */
export function loadConfigs(
  names: readonly EnvironmentName[],
  overrides: Partial<Record<EnvironmentName, ConfigOverrides>> = {},
  sources: Readonly<Record<EnvironmentName, unknown>> = BUILT_IN_CONFIGS,
): EnvironmentConfig[] {
  const results = names.map((name) => {
    const raw = sources[name];
    return validateEnvironmentConfig(name, applyOverrides(raw, overrides[name] ?? {}));
  });
  const problems = results.flatMap((r) => (r.ok ? [] : r.problems));
  if (problems.length) throw new ConfigError(problems);
  return results.map((r) => (r as { config: EnvironmentConfig }).config);
}

/** Lays the overrides over a raw configuration; the image tag goes into `service.image.tag`. */
function applyOverrides(raw: unknown, overrides: ConfigOverrides): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const { imageTag, ...root } = overrides;
  const layered: Record<string, unknown> = { ...raw, ...definedOnly(root) };
  if (imageTag !== undefined) {
    const service = (layered.service ?? {}) as Record<string, unknown>;
    layered.service = { ...service, image: { ...((service.image ?? {}) as object), tag: imageTag } };
  }
  return layered;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
