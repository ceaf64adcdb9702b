// The CloudFormation execution policy (bootstrap/cloudformation-execution-policy.json, given to `cdk bootstrap
// --cloudformation-execution-policies`) must let CloudFormation create every resource the templates declare: a
// missing service fails the first deploy half-way, in whichever stack first uses it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cliPlatformStages } from '../support/platform';

type Statement = { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string | string[]>> };
const policy = JSON.parse(readFileSync(join(__dirname, '..', '..', 'bootstrap', 'cloudformation-execution-policy.json'), 'utf8')) as { Version: string; Statement: Statement[] };
const list = (v: string | string[] | undefined) => [v ?? []].flat();
const actions = policy.Statement.flatMap((s) => list(s.Action));
const allowing = (action: string) => policy.Statement.filter((s) => s.Effect === 'Allow' && list(s.Action).includes(action));

/** CloudFormation namespace (AWS::<Namespace>::Type) -> IAM service prefix, where the two differ in more than case. */
const IAM_PREFIX: Record<string, string> = {
  ApplicationAutoScaling: 'application-autoscaling',
  CertificateManager: 'acm',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  StepFunctions: 'states',
};
const prefixOf = (type: string) => {
  const namespace = type.split('::')[1];
  return IAM_PREFIX[namespace] ?? namespace.toLowerCase();
};

describe('CloudFormation execution policy', () => {
  const templates = cliPlatformStages()
    .flatMap((stage) => stage.node.children.filter((c): c is Stack => c instanceof Stack))
    .map((stack) => Template.fromStack(stack).toJSON());
  const types = [...new Set(templates.flatMap((t) => Object.values<{ Type: string }>(t.Resources).map((r) => r.Type)))].sort();

  it('is a valid policy of named Allow statements', () => {
    expect(policy.Version).toBe('2012-10-17');
    for (const s of policy.Statement) expect([s.Sid, s.Effect]).toEqual([expect.stringMatching(/^[A-Za-z0-9]+$/), 'Allow']);
    expect(actions.every((a) => /^[a-z0-9-]+:[A-Za-z*]+$/.test(a))).toBe(true);
  });

  it('covers the service of every resource type in every synthesized template', () => {
    expect(types.length).toBeGreaterThan(40);
    const uncovered = types
      .filter((type) => type.startsWith('AWS::'))
      .map((type) => [type, prefixOf(type)])
      .filter(([, prefix]) => !actions.some((a) => a.startsWith(`${prefix}:`)));
    expect(uncovered).toEqual([]);
  });

  it('lets CloudFormation invoke the custom resources\' provider functions', () => {
    expect(types.some((t) => t.startsWith('Custom::'))).toBe(true);
    expect(actions).toContain('lambda:*');
  });

  it('reads the producer stacks\' outputs behind Fn::GetStackOutput', () => {
    expect(templates.some((t) => JSON.stringify(t).includes('"Fn::GetStackOutput"'))).toBe(true);
    expect(allowing('cloudformation:DescribeStacks').flatMap((s) => list(s.Resource))).toEqual(['arn:aws:cloudformation:*:*:stack/platform-*/*']);
  });

  it('runs every transform the templates declare, and the nested rotation stack the Secrets Manager transform makes', () => {
    const transforms = [...new Set(templates.flatMap((t) => list(t.Transform as string | string[] | undefined)))];
    expect(transforms).toEqual(['AWS::SecretsManager-2024-09-16']);
    const transformArns = allowing('cloudformation:CreateChangeSet').flatMap((s) => list(s.Resource));
    // The Secrets Manager transform expands into a Serverless Application Repository app (the SAM transform), whose
    // template becomes a nested stack named after the parent.
    for (const transform of [...transforms, 'AWS::Serverless-2016-10-31']) {
      expect(transformArns).toContain(`arn:aws:cloudformation:*:aws:transform/${transform.replace(/^AWS::/, '')}`);
    }
    for (const action of ['serverlessrepo:GetApplication', 'serverlessrepo:CreateCloudFormationTemplate', 'serverlessrepo:GetCloudFormationTemplate', 'cloudformation:CreateStack']) {
      expect(actions).toContain(action);
    }
  });

  it('manages IAM roles only under the platform\'s stack-name prefix, and creates only the service-linked roles it needs', () => {
    const iam = policy.Statement.filter((s) => list(s.Action).some((a) => a.startsWith('iam:')));
    expect(iam.map((s) => [s.Sid, list(s.Resource)])).toEqual([
      ['PlatformRoles', ['arn:aws:iam::*:role/platform-*']],
      ['ServiceLinkedRoles', ['arn:aws:iam::*:role/aws-service-role/*']],
    ]);
    expect(actions).not.toContain('iam:*');
    const serviceLinked = allowing('iam:CreateServiceLinkedRole')[0];
    expect(serviceLinked.Condition?.StringEquals['iam:AWSServiceName']).toEqual(
      expect.arrayContaining(['ecs.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com', 'rds.amazonaws.com', 'elasticache.amazonaws.com']),
    );
  });

  it('reads the bootstrap version parameter every template checks', () => {
    expect(templates.every((t) => t.Parameters?.BootstrapVersion?.Default === '/cdk-bootstrap/hnb659fds/version')).toBe(true);
    expect(allowing('ssm:GetParameters').flatMap((s) => list(s.Resource))).toEqual(['arn:aws:ssm:*:*:parameter/cdk-bootstrap/*']);
  });
});
