// Helpers for config section tests: change one field of a committed environment and validate it.
import { BUILT_IN_CONFIGS, ConfigProblem, EnvironmentName, validateEnvironmentConfig } from '../../config';

/** A deep copy of a committed environment config with `value` set at a dotted path (undefined deletes it). */
export function withField(env: EnvironmentName, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(BUILT_IN_CONFIGS[env]) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  if (value === undefined) delete node[keys[keys.length - 1]];
  else node[keys[keys.length - 1]] = value;
  return copy;
}

/** The problems found in `raw`, as "path: message" lines; throws if it was accepted. */
export function problemsOf(env: EnvironmentName, raw: unknown): string[] {
  const result = validateEnvironmentConfig(env, raw);
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.problems.map((p: ConfigProblem) => `${p.path}: ${p.message}`);
}

/** The validated config, or a failure listing the problems. */
export function accepted(env: EnvironmentName, raw: unknown) {
  const result = validateEnvironmentConfig(env, raw);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.config;
}
