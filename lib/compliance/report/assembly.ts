import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentName } from '../../../config';
import { PACK_SUMMARY_DIRECTORY, type PackSummary } from '../nag';
import type { EnvironmentInput, SynthFinding } from './build';
import type { StackTemplate, Template } from './template-graph';

/** An environment's or a recovery environment's Stage (`platform-prod-recovery`, synthesized when named). */
const DEPLOYMENT = '((?:dev|staging|prod)(?:-recovery)?)';
const ENV_ASSEMBLY = new RegExp(`^assembly-platform-${DEPLOYMENT}$`);

interface Manifest {
  artifacts?: Record<string, { type: string; environment?: string; properties?: Record<string, unknown>; displayName?: string }>;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}. Run \`npm run synth\` first, or \`npm run report\` without --from.`, { cause: err });
  }
}

/** The stacks of one nested assembly (`assembly-platform-<env>/`), with their templates. */
function readStacks(dir: string): StackTemplate[] {
  const manifest = readJson<Manifest>(join(dir, 'manifest.json'));
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => {
      const props = a.properties ?? {};
      const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(a.environment ?? '') ?? [];
      return {
        stackName: (props.stackName as string | undefined) ?? id,
        account: account && !account.startsWith('unknown') ? account : undefined,
        region: region && !region.startsWith('unknown') ? region : undefined,
        terminationProtection: props.terminationProtection as boolean | undefined,
        template: readJson<Template>(join(dir, props.templateFile as string)),
      };
    });
}

/** The summaries the nag packs wrote at synth into one nested assembly (`nag-packs/<prefix>.json`), by pack prefix. */
function readPackSummaries(dir: string): PackSummary[] {
  const directory = join(dir, PACK_SUMMARY_DIRECTORY);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readJson<PackSummary>(join(directory, f)));
}

/** Unacknowledged findings in cdk.out/validation-report.json (any plugin), by environment. */
function readFindings(outdir: string): Map<DeploymentName, SynthFinding[]> {
  const byEnv = new Map<DeploymentName, SynthFinding[]>();
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return byEnv;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const obj = v as Record<string, unknown>;
    // CDK writes `violatingConstructs` (construct paths) for plugins that report on the construct tree, such as
    // cdk-nag v3, and `violatingResources` (template path + logical ID) for template-based plugins.
    const violating = [...((obj.violatingConstructs as unknown[]) ?? []), ...((obj.violatingResources as unknown[]) ?? [])] as Record<string, unknown>[];
    if (typeof obj.ruleName === 'string' && violating.length > 0) {
      for (const r of violating) {
        const where = `${r.templatePath ?? ''} ${r.constructPath ?? ''}`;
        const env = new RegExp(`platform-${DEPLOYMENT}`).exec(where)?.[1] as DeploymentName | undefined;
        if (!env) continue;
        const list = byEnv.get(env) ?? [];
        list.push({
          ruleId: obj.ruleName,
          logicalId: r.resourceLogicalId as string | undefined,
          constructPath: r.constructPath as string | undefined,
          templatePath: r.templatePath as string | undefined,
          description: String(obj.description ?? ''),
        });
        byEnv.set(env, list);
      }
      return;
    }
    Object.values(obj).forEach(walk);
  };
  walk(readJson<unknown>(file));
  return byEnv;
}

/** Reads every environment's nested assembly (`assembly-platform-<env>`) of a cloud assembly directory. */
export function readCloudAssembly(outdir: string): EnvironmentInput[] {
  const manifest = readJson<Manifest>(join(outdir, 'manifest.json'));
  const findings = readFindings(outdir);
  const environments = Object.values(manifest.artifacts ?? {})
    .filter((a) => a.type === 'cdk:cloud-assembly')
    .map((a) => String(a.properties?.directoryName ?? ''))
    .filter((d) => ENV_ASSEMBLY.test(d))
    .map((d) => {
      const name = ENV_ASSEMBLY.exec(d)![1] as DeploymentName;
      return { name, stacks: readStacks(join(outdir, d)), findings: findings.get(name) ?? [], packs: readPackSummaries(join(outdir, d)) };
    });
  if (environments.length === 0) throw new Error(`${outdir} holds no assembly-platform-<env> directory: synthesize first (npm run synth)`);
  return environments;
}
