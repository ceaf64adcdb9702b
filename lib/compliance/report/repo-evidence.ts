import { parse } from 'yaml';
import type { RepoEvidence } from './build';

type Workflow = { on?: unknown; permissions?: Record<string, string>; jobs?: Record<string, Job> };
type Job = { needs?: string | string[]; environment?: string | { name?: string }; concurrency?: { group?: string }; permissions?: Record<string, string>; steps?: { run?: string; with?: Record<string, unknown>; uses?: string }[] };

const ENVIRONMENTS = ['dev', 'staging', 'prod'];

function envOf(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/**
 * CL-DEL-2 from the deploy workflow: one synthesized artifact deployed with `--app cdk.out` to dev, then staging,
 * then prod (each job needing the previous one), OIDC credentials only, migrations before the service deploy.
 */
export function deployWorkflowEvidence(yamlText: string, source = '.github/workflows/deploy.yml'): RepoEvidence {
  const facts: string[] = [];
  const problems: string[] = [];
  const workflow = parse(yamlText) as Workflow;
  const jobs = workflow.jobs ?? {};
  const deployJobs = ENVIRONMENTS.map((env) => Object.entries(jobs).find(([, j]) => envOf(j) === env));
  ENVIRONMENTS.forEach((env, i) => {
    const entry = deployJobs[i];
    if (!entry) {
      problems.push(`no job deploys the ${env} environment`);
      return;
    }
    const [name, job] = entry;
    const runs = (job.steps ?? []).map((s) => s.run ?? '').join('\n');
    // Every deploy step (the migrations stack first, then the rest) must use the one synthesized artifact.
    const deploys = runs.match(/cdk deploy[^\n]*/g) ?? [];
    if (!deploys.length || deploys.some((d) => !d.includes('--app cdk.out'))) problems.push(`job ${name} does not deploy the synthesized artifact (--app cdk.out)`);
    if (JSON.stringify(job.steps ?? []).includes('aws-access-key-id')) problems.push(`job ${name} uses stored access keys`);
    const previous = deployJobs[i - 1]?.[0];
    const needs = typeof job.needs === 'string' ? [job.needs] : job.needs ?? [];
    if (previous && !needs.includes(previous)) problems.push(`job ${name} does not wait for ${previous}`);
    facts.push(`${name}: environment ${env}, needs [${needs.join(', ')}], concurrency ${job.concurrency?.group ?? '(none)'}`);
  });
  facts.push('prod approval: required reviewers on the GitHub environment "prod" are a repository setting, not visible in the repository; verify them in Settings > Environments');
  return { checklistId: 'CL-DEL-2', source, facts, problems };
}
