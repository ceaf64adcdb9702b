import { TemplateGraph } from '../../../../lib/compliance/report/template-graph';

const producer = {
  stackName: 'platform-prod-data',
  template: {
    Resources: { Db: { Type: 'AWS::RDS::DBInstance' } },
    Outputs: {
      Weak: { Value: { Ref: 'Db' } },
      Strong: { Value: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }, Export: { Name: 'platform-prod-data:Endpoint' } },
    },
  },
};
const consumer = (value: unknown) => ({
  stackName: 'platform-prod-service',
  template: { Resources: { Targets: { Type: 'AWS::RDS::DBProxyTargetGroup', Properties: { DBInstanceIdentifiers: [value] } }, Db: { Type: 'AWS::RDS::DBInstance' } } },
});

function refers(value: unknown): boolean {
  const graph = new TemplateGraph([producer, consumer(value)], 'prod');
  const [db] = graph.ofType('AWS::RDS::DBInstance').filter((r) => r.stackName === 'platform-prod-data');
  const [targets] = graph.ofType('AWS::RDS::DBProxyTargetGroup');
  return graph.refersTo(targets, db, (p) => p.DBInstanceIdentifiers);
}

describe('TemplateGraph.refersTo', () => {
  test('follows a weak reference (Fn::GetStackOutput) to the producing stack', () => {
    expect(refers({ 'Fn::GetStackOutput': { StackName: 'platform-prod-data', OutputName: 'Weak' } })).toBe(true);
  });

  test('follows an export (Fn::ImportValue)', () => {
    expect(refers({ 'Fn::ImportValue': 'platform-prod-data:Endpoint' })).toBe(true);
  });

  test('a same-named resource in the consuming stack is not the target; literals and unknown exports refer to nothing', () => {
    expect(refers({ Ref: 'Db' })).toBe(false);
    expect(refers('db-literal')).toBe(false);
    expect(refers({ 'Fn::ImportValue': 'other:Export' })).toBe(false);
  });
});

describe('TemplateGraph.dereference', () => {
  test('names the producing resource of a cross-stack value, qualified with its stack', () => {
    const graph = new TemplateGraph([producer, consumer(null)], 'prod');
    expect(graph.dereference({ 'Fn::ImportValue': 'platform-prod-data:Endpoint' }, 'platform-prod-service')).toEqual({
      'Fn::GetAtt': ['platform-prod-data/Db', 'Endpoint.Address'],
    });
    expect(graph.dereference([{ 'Fn::GetStackOutput': { StackName: 'platform-prod-data', OutputName: 'Weak' } }], 'platform-prod-service')).toEqual([
      { Ref: 'platform-prod-data/Db' },
    ]);
    expect(graph.dereference({ Ref: 'Local' }, 'platform-prod-service')).toEqual({ Ref: 'Local' });
  });
});
