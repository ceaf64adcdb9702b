import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { loadConfigs } from '../config';

// CL-DEL-2: the CI/CD workflows are valid, call only scripts that exist, and deploy one artifact dev -> staging -> prod.
const repoRoot = resolve(__dirname, '..');
const workflowsDir = join(repoRoot, '.github', 'workflows');
const scripts = Object.keys((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
/** npm commands that are not package.json scripts. */
const NPM_BUILTINS = new Set(['ci', 'install', 'exec', 'run', 'pack', 'publish', 'audit', 'version']);

type Step = { id?: string; uses?: string; env?: Record<string, string>; run?: string; with?: Record<string, unknown>; if?: string; 'working-directory'?: string };
type Job = { needs?: string | string[]; environment?: string; strategy?: { matrix?: { include?: { env?: string }[] } }; concurrency?: { group?: string; 'cancel-in-progress'?: boolean }; permissions?: Record<string, string>; steps?: Step[]; outputs?: Record<string, string> };
type Workflow = { on?: unknown; permissions?: Record<string, string>; jobs: Record<string, Job> };

const files = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
const workflows = new Map<string, { text: string; workflow: Workflow }>(
  files.map((f) => {
    const text = readFileSync(join(workflowsDir, f), 'utf8');
    return [f, { text, workflow: parseDocument(text).toJS() as Workflow }];
  }),
);
const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? '').join('\n');
const needsOf = (job: Job) => (typeof job.needs === 'string' ? [job.needs] : job.needs ?? []);

describe('workflows', () => {
  test('pr.yml, deploy.yml and verify.yml exist', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['deploy.yml', 'pr.yml', 'verify.yml']));
  });

  test.each(files)('%s is valid YAML with triggers and jobs', (file) => {
    const document = parseDocument(readFileSync(join(workflowsDir, file), 'utf8'));
    expect(document.errors.map((e) => e.message)).toEqual([]);
    const { workflow } = workflows.get(file)!;
    expect(workflow.on).toBeDefined();
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const need of needsOf(job)) expect({ job: name, need, exists: need in workflow.jobs }).toEqual({ job: name, need, exists: true });
    }
  });

  test.each(files)('%s calls only npm scripts that exist in package.json, and script files that exist', (file) => {
    const text = Object.values(workflows.get(file)!.workflow.jobs).map(runs).join('\n');
    const called = [...text.matchAll(/\bnpm[ \t]+(?:run(?:-script)?[ \t]+)?([\w:.-]+)/g)].map((m) => m[1]).filter((s) => !NPM_BUILTINS.has(s));
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) expect({ script, exists: scripts.includes(script) }).toEqual({ script, exists: true });
    for (const [, path] of text.matchAll(/\bbash\s+(scripts\/[\w./-]+)/g)) expect({ path, exists: existsSync(join(repoRoot, path)) }).toEqual({ path, exists: true });
  });

  test.each(files)('%s pins every third-party action to a full commit SHA, with the release tag beside it', (file) => {
    const { text, workflow } = workflows.get(file)!;
    const uses = Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    // A tag can be moved to other code; a commit SHA cannot (local ./ actions are part of this repository).
    for (const action of uses.filter((u) => !u.startsWith('./'))) expect(action).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    for (const line of text.split('\n').filter((l) => /^\s*(- )?uses: (?!\.\/)/.test(l))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/);
  });

  test.each(files)('%s synthesizes with every PLATFORM_* repository variable that is set (certificate, alarm e-mails, ...)', (file) => {
    for (const job of Object.values(workflows.get(file)!.workflow.jobs)) {
      const steps = (job.steps ?? []) as (Step & { env?: Record<string, string> })[];
      const synth = steps.findIndex((s) => s.run?.includes('npm run synth'));
      if (synth < 0) continue;
      const exported = steps.findIndex((s) => s.run?.includes('startswith("PLATFORM_")') && s.run.includes('>> "$GITHUB_ENV"'));
      expect(exported).toBeGreaterThan(-1);
      expect(exported).toBeLessThan(synth);
      expect(steps[exported].env).toEqual({ REPOSITORY_VARIABLES: '${{ toJSON(vars) }}' });
    }
  });

  test('no workflow uses stored AWS keys; every role assumption is OIDC with id-token: write', () => {
    for (const [file, { text, workflow }] of workflows) {
      expect({ file, storedKeys: /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/.test(text) }).toEqual({ file, storedKeys: false });
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const assumes = (job.steps ?? []).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
        if (assumes.length === 0) continue;
        const idToken = job.permissions?.['id-token'] ?? workflow.permissions?.['id-token'];
        expect({ file, job: name, idToken }).toEqual({ file, job: name, idToken: 'write' });
        for (const step of assumes) expect(String(step.with?.['role-to-assume'] ?? '')).toMatch(/^\$\{\{ (vars|matrix)\.[\w.]+ \}\}$/);
      }
    }
  });

  describe('deploy.yml', () => {
    const { workflow } = workflows.get('deploy.yml')!;
    const jobs = workflow.jobs;

    test('runs on push to main and by hand with an image tag', () => {
      const on = workflow.on as { push?: { branches?: string[] }; workflow_dispatch?: { inputs?: Record<string, unknown> } };
      expect(on.push?.branches).toEqual(['main']);
      expect(on.workflow_dispatch?.inputs).toHaveProperty('image-tag');
    });

    test("the image tag is the app's (input or repository variable), never this repository's commit", () => {
      const tag = jobs.synth.steps?.find((s) => s.id === 'tag');
      expect(tag?.env?.IMAGE_TAG).toBe('${{ inputs.image-tag || vars.PLATFORM_IMAGE_TAG }}');
      expect(JSON.stringify(jobs)).not.toContain('github.sha');
    });

    test('synthesizes once, with the image tag if one is given, and uploads that assembly', () => {
      const synth = jobs.synth;
      expect(runs(synth).match(/npm run synth/g)).toHaveLength(1);
      expect(runs(synth)).toContain('npm run synth -- ${IMAGE_TAG:+-c "imageTag=$IMAGE_TAG"}');
      expect(synth.steps?.find((s) => s.run?.includes('npm run synth'))?.env?.IMAGE_TAG).toBe('${{ steps.tag.outputs.image-tag }}');
      expect(synth.steps?.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with).toMatchObject({ name: 'assembly', path: 'platform/cdk.out' });
      const deployJobs = Object.values(jobs).filter((j) => j.environment);
      for (const job of deployJobs) expect(runs(job)).not.toMatch(/cdk synth|npm run synth/);
    });

    test.each(['dev', 'staging', 'prod'])('deploy-%s: its environment, its concurrency group, the same artifact, OIDC, migrations first', (env) => {
      const job = jobs[`deploy-${env}`];
      expect(job.environment).toBe(env);
      expect(job.concurrency).toEqual({ group: `deploy-${env}`, 'cancel-in-progress': false });
      expect(job.permissions?.['id-token']).toBe('write');
      expect(job.steps?.find((s) => s.uses?.startsWith('actions/download-artifact'))?.with).toMatchObject({ name: 'assembly', path: 'platform/cdk.out' });
      const steps = (job.steps ?? []).map((s) => s.run ?? '');
      const migrator = steps.findIndex((r) => r.includes(`npx cdk deploy --app cdk.out --require-approval never 'platform-${env}/migrations'`));
      const deploy = steps.findIndex((r) => r.includes(`npx cdk deploy --app cdk.out --require-approval never 'platform-${env}/*'`));
      const migrate = steps.findIndex((r) => r.includes(`scripts/run-migrations.sh ${env}`));
      expect(migrator).toBeGreaterThan(-1);
      expect(migrate).toBeGreaterThan(migrator);
      expect(deploy).toBeGreaterThan(migrate);
    });

    test.each(['dev', 'staging', 'prod'])('deploy-%s runs the preflight (with the PLATFORM_* variables) before migrations and deploy', (env) => {
      const steps = (jobs[`deploy-${env}`].steps ?? []).map((s) => s.run ?? '');
      const exported = steps.findIndex((r) => r.includes('startswith("PLATFORM_")') && r.includes('GITHUB_ENV'));
      const preflight = steps.findIndex((r) => r.includes(`npm run preflight -- -c env=${env} \${IMAGE_TAG:+-c "imageTag=$IMAGE_TAG"}`));
      const migrate = steps.findIndex((r) => r.includes(`scripts/run-migrations.sh ${env}`));
      expect(exported).toBeGreaterThan(-1);
      expect(preflight).toBeGreaterThan(exported);
      expect(migrate).toBeGreaterThan(preflight);
    });

    test.each(['dev', 'staging', 'prod'] as const)('deploy-%s builds the reference image on a runner of the tasks\' CPU architecture', (env) => {
      const arm = loadConfigs([env])[0].service.cpuArchitecture === 'ARM64';
      expect(/arm/.test(String((jobs[`deploy-${env}`] as { 'runs-on'?: string })['runs-on']))).toBe(arm);
    });

    test('a first deploy is asked for by hand and reaches synth as -c firstDeploy=<env>, through the environment, not the script text', () => {
      const on = workflow.on as { workflow_dispatch?: { inputs?: Record<string, unknown> } };
      expect(on.workflow_dispatch?.inputs).toHaveProperty('first-deploy');
      const synth = jobs.synth.steps!.find((s) => s.run?.includes('npm run synth')) as Step & { env?: Record<string, string> };
      expect(synth.run).toContain('${FIRST_DEPLOY:+-c "firstDeploy=$FIRST_DEPLOY"}');
      expect(synth.env).toMatchObject({ FIRST_DEPLOY: '${{ inputs.first-deploy }}' });
    });

    test('environments are chained dev -> staging -> prod', () => {
      expect(needsOf(jobs['deploy-dev'])).toContain('synth');
      expect(needsOf(jobs['deploy-staging'])).toContain('deploy-dev');
      expect(needsOf(jobs['deploy-prod'])).toContain('deploy-staging');
    });
  });

  describe('pr.yml', () => {
    const { workflow, text } = workflows.get('pr.yml')!;

    test('tests, synthesizes, reports and uploads cdk.out and the report', () => {
      const verify = runs(workflow.jobs.verify);
      for (const command of ['npm ci', 'npm test', 'npm run synth', 'npm run report']) expect(verify).toContain(command);
      const uploads = (workflow.jobs.verify.steps ?? []).filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => s.with?.path);
      expect(uploads).toEqual(['platform/cdk.out', 'platform/cdk.out/compliance']);
      expect(workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    });

    test('diffs an environment only when its deploy role is configured', () => {
      for (const env of ['DEV', 'STAGING', 'PROD']) expect(text).toContain(`vars.PLATFORM_${env}_DEPLOY_ROLE_ARN`);
      const diff = workflow.jobs.diff;
      const cdkDiff = diff.steps?.find((s) => s.run?.includes('cdk diff'));
      expect(cdkDiff?.run).toContain('--app cdk.out');
      expect(cdkDiff?.if).toBe("matrix.role != ''");
      for (const step of diff.steps ?? []) if (step.uses?.startsWith('aws-actions/')) expect(step.if).toBe("matrix.role != ''");
    });

    test("runs each diff in its environment's GitHub environment, so a deploy role trusting environment:<env> accepts it", () => {
      const diff = workflow.jobs.diff;
      expect(diff.environment).toBe('${{ matrix.env }}');
      expect((diff.strategy?.matrix?.include ?? []).map((m) => m.env)).toEqual(['dev', 'staging', 'prod']);
    });
  });

  describe('verify.yml', () => {
    const { workflow } = workflows.get('verify.yml')!;
    const job = workflow.jobs.verify as Job & { 'runs-on'?: string; environment?: string };
    const steps = job.steps ?? [];
    const verifyStep = steps.find((s) => s.id === 'verify')!;

    test('runs nightly, after every deploy run, and by hand', () => {
      const on = workflow.on as { schedule?: { cron: string }[]; workflow_run?: { workflows?: string[]; types?: string[] }; workflow_dispatch?: unknown };
      expect(on.schedule?.map((s) => s.cron)).toEqual([expect.stringMatching(/^\d+ \d+ \* \* \*$/)]);
      // workflow_run names the deploy workflow by its `name:`.
      expect(on.workflow_run).toEqual({ workflows: [(workflows.get('deploy.yml')!.workflow as Workflow & { name?: string }).name], types: ['completed'] });
      expect(on.workflow_run?.workflows).toEqual(['deploy']);
      expect(on).toHaveProperty('workflow_dispatch');
    });

    test('verifies every environment with its own verifier role through OIDC, one failing environment not stopping the others', () => {
      const include = (job.strategy?.matrix?.include ?? []) as { env?: string; role?: string }[];
      expect(include.map((m) => [m.env, m.role])).toEqual(['dev', 'staging', 'prod'].map((env) => [env, `\${{ vars.PLATFORM_${env.toUpperCase()}_VERIFY_ROLE_ARN }}`]));
      expect((job.strategy as { 'fail-fast'?: boolean })['fail-fast']).toBe(false);
      expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
      const assume = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
      expect(assume?.with?.['role-to-assume']).toBe('${{ matrix.role }}');
      // Never a deploy role, and never inside a GitHub environment whose reviewers would hold the nightly run.
      expect(JSON.stringify(workflow)).not.toContain('DEPLOY_ROLE');
      expect(job.environment).toBeUndefined();
    });

    test('a failed check fails the job, and the report and artifact are kept anyway', () => {
      expect(verifyStep.run).toBe('npm run verify -- -c env=${{ matrix.env }} --json verify/${{ matrix.env }}.json --md verify/${{ matrix.env }}.md');
      expect(verifyStep).not.toHaveProperty('continue-on-error');
      const exported = steps.findIndex((s) => s.run?.includes('startswith("PLATFORM_")'));
      expect(exported).toBeGreaterThan(-1);
      expect(exported).toBeLessThan(steps.indexOf(verifyStep));
      const report = steps.find((s) => s.run?.includes('npm run report'))!;
      expect(report.run).toBe('npm run report -- --live verify/${{ matrix.env }}.json');
      expect(report.if).toMatch(/^always\(\) && /);
      const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
      expect(upload.if).toMatch(/^always\(\) && /);
      expect(upload.with).toMatchObject({ name: 'verify-${{ matrix.env }}', path: 'platform/verify\nplatform/cdk.out/compliance\n' });
      expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(report));
    });

    test('an environment without a verifier role is skipped with a notice, not failed', () => {
      const skip = steps[0];
      expect(skip.if).toBe("matrix.role == ''");
      for (const step of steps.slice(1)) expect(step.if ?? '').toContain("matrix.role != ''");
    });
  });
});
