import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cliPlatformStages } from '../support/platform';

/** Paths (inside a template) of every Fn::Split whose arguments contain a cross-stack reference. */
function splitsOverReferences(value: unknown, path: string, inSplit = false): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => splitsOverReferences(v, `${path}.${i}`, inSplit));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (inSplit && (key === 'Fn::GetStackOutput' || key === 'Fn::ImportValue')) return [`${path}.${key}`];
    return splitsOverReferences(v, `${path}.${key}`, inSplit || key === 'Fn::Split');
  });
}

// Fn::GetStackOutput (CDK's weak cross-stack reference, cdk.json) as an argument of another intrinsic is not accepted
// in every region, and cfn-lint rejects it (E1022). Splitting a reference was how rds-db:connect ARNs got the proxy id.
describe('cross-stack references as the CLI synthesizes them', () => {
  const stacks = cliPlatformStages().flatMap((stage) => stage.node.children.filter((c): c is Stack => c instanceof Stack));
  const templates = stacks.map((stack) => [stack.stackName, Template.fromStack(stack).toJSON()] as const);

  it('are weak references (Fn::GetStackOutput), so the check below sees the CLI shape', () => {
    expect(templates.filter(([, t]) => JSON.stringify(t).includes('"Fn::GetStackOutput"')).length).toBeGreaterThan(3);
  });

  it('never appear inside Fn::Split in any template', () => {
    expect(templates.flatMap(([name, t]) => splitsOverReferences(t, name))).toEqual([]);
  });

  it('give the rds-db:connect grants the proxy id from its own output of the data stack', () => {
    const connect = templates.flatMap(([name, t]) =>
      Object.values<{ Type: string; Properties: any }>(t.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .flatMap((r) => r.Properties.PolicyDocument.Statement)
        .filter((s: { Action: unknown }) => s.Action === 'rds-db:connect')
        .map((s: { Resource: unknown }) => [name, JSON.stringify(s.Resource)]),
    );
    expect(connect.length).toBeGreaterThan(0);
    for (const [name, arn] of connect) {
      const env = name.split('-')[1];
      expect(arn).toContain(`{"Fn::GetStackOutput":{"StackName":"platform-${env}-data","OutputName":"ProxyResourceId"}}`);
    }
  });
});
