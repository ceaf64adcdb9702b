// The verifier's policy (bootstrap/verifier-policy.json, docs/verify.md) may only read: every action is a
// Describe*/Get*/List* or one of the few named read-only others below, no pattern reaches a read of secret data,
// and it covers every AWS call lib/verify makes, so a nightly run never fails on a permission it was not given.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

type Statement = { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown };
const root = resolve(__dirname, '..', '..');
const policy = JSON.parse(readFileSync(join(root, 'bootstrap', 'verifier-policy.json'), 'utf8')) as { Version: string; Statement: Statement[] };
const list = (v: string | string[]) => [v].flat();
const actions = policy.Statement.flatMap((s) => list(s.Action));

/**
 * Read-only actions whose names do not say so, each with why it is acceptable.
 * - cloudformation:DetectStackDrift / DetectStackResourceDrift start a drift detection: CloudFormation reads each
 *   resource and records the comparison (the stack's drift status). No resource, template or stack setting changes,
 *   and the recorded result is what the console's "Detect drift" writes too. Decided: allowed, the price of CL-DEL-1.
 * - logs:FilterLogEvents reads log lines: the session cleanup's report line (CL-SES-1). Log data, not a secret.
 */
const READ_ONLY_OTHERS = ['cloudformation:DetectStackDrift', 'cloudformation:DetectStackResourceDrift', 'logs:FilterLogEvents'];

/** Reads that would hand the verifier secret or customer data; no action of the policy may match them. */
const DATA_READS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  's3:GetObject',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ecr:GetAuthorizationToken',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'kms:Decrypt',
  'rds-db:connect',
  'elasticache:Connect',
  'rds:DownloadDBLogFilePortion',
  'rds:DownloadCompleteDBLogFile',
];

/** IAM prefix of each SDK v3 client lib/verify uses. */
const IAM_PREFIX: Record<string, string> = {
  'client-backup': 'backup',
  'client-cloudformation': 'cloudformation',
  'client-cloudwatch': 'cloudwatch',
  'client-cloudwatch-logs': 'logs',
  'client-elastic-load-balancing-v2': 'elasticloadbalancing',
  'client-elasticache': 'elasticache',
  'client-lambda': 'lambda',
  'client-rds': 'rds',
  'client-secrets-manager': 'secretsmanager',
  'client-sfn': 'states',
  'client-sts': 'sts',
  'client-synthetics': 'synthetics',
  'client-wafv2': 'wafv2',
};

const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`, 'i').test(action);
const allows = (action: string) => policy.Statement.some((s) => s.Effect === 'Allow' && list(s.Action).some((p) => matches(p, action)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `service:Operation` for every `XxxCommand` a lib/verify file imports from an SDK client. */
function calledActions(): { file: string; action: string }[] {
  return sources(join(root, 'lib', 'verify')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[\w-]+)'/g)].flatMap(([, names, client]) =>
      names
        .split(',')
        .map((n) => n.trim())
        .filter((n) => /^\w+Command$/.test(n))
        .map((n) => {
          expect({ client, known: client in IAM_PREFIX }).toEqual({ client, known: true });
          return { file: relative(root, file), action: `${IAM_PREFIX[client]}:${n.replace(/Command$/, '')}` };
        }),
    ),
  );
}

describe('verifier policy', () => {
  it('is a valid policy of named Allow statements, without conditions that could widen it', () => {
    expect(policy.Version).toBe('2012-10-17');
    for (const s of policy.Statement) expect([s.Sid, s.Effect, s.Condition]).toEqual([expect.stringMatching(/^[A-Za-z0-9]+$/), 'Allow', undefined]);
    expect(actions.every((a) => /^[a-z0-9-]+:[A-Za-z*]+$/.test(a))).toBe(true);
  });

  it('contains only read actions: Describe*, Get*, List*, or a named read-only other', () => {
    const others = actions.filter((a) => !/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*\*?$/.test(a));
    expect(others.sort()).toEqual([...READ_ONLY_OTHERS].sort());
    // A bare service wildcard (or a `*` before the verb) would reach every write of that service.
    expect(actions.filter((a) => /:\*|:[A-Za-z]*\*[A-Za-z]/.test(a) && !/:(Describe|Get|List)\*$/.test(a))).toEqual([]);
  });

  it('reaches no read of secret or customer data, not even through a wildcard', () => {
    expect(DATA_READS.filter(allows)).toEqual([]);
    // The wildcards it does use are on services whose Describe/Get/List return configuration only.
    expect(actions.filter((a) => a.includes('*')).sort()).toEqual(['ec2:Describe*', 'elasticache:Describe*', 'rds:Describe*']);
  });

  it('scopes the CloudFormation stack actions to the platform\'s stacks', () => {
    const stackStatement = policy.Statement.find((s) => list(s.Action).includes('cloudformation:DetectStackDrift'))!;
    expect(stackStatement.Resource).toBe('arn:aws:cloudformation:*:*:stack/platform-*/*');
  });

  it('allows every AWS call lib/verify makes (sts:GetCallerIdentity needs no permission)', () => {
    const called = calledActions();
    expect(called.length).toBeGreaterThan(20);
    expect(called.filter((c) => c.action !== 'sts:GetCallerIdentity' && !allows(c.action))).toEqual([]);
  });
});
