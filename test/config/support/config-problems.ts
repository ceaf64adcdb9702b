import { BUILT_IN_CONFIGS, ConfigProblem, EnvironmentName, validateEnvironmentConfig } from '../../../config';

/** A deep copy of an environment's committed configuration, to break one field at a time. */
export function rawConfig(env: EnvironmentName): Record<string, any> {
  return structuredClone(BUILT_IN_CONFIGS[env]) as Record<string, any>;
}

/** The problems validation reports for `raw` (fails the test if it is accepted). */
export function problemsOf(env: EnvironmentName, raw: unknown): readonly ConfigProblem[] {
  const result = validateEnvironmentConfig(env, raw);
  if (result.ok) throw new Error('expected the configuration to be refused, but it was accepted');
  return result.problems;
}

/** The one problem reported at `path`. */
export function problemAt(env: EnvironmentName, raw: unknown, path: string): ConfigProblem {
  const problems = problemsOf(env, raw);
  const found = problems.filter((p) => p.path === path);
  if (found.length !== 1) throw new Error(`expected one problem at ${path}, got: ${JSON.stringify(problems)}`);
  return found[0];
}
