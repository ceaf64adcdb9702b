import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LOOKUPS, NOT_IN_RECOVERY, environmentStacks, readInventory } from '../../../lib/verify/inventory';
import { platformStage, recoveryStage } from '../../support/platform';
import { LONG_AGO, hoursAgo, liveEnvironment, prodConfig, prodInventory, recoveryConfig } from './fixture';

describe('verify inventory', () => {
  it('knows the stacks the stage deploys: names, regions, and which are stateful (termination protection in prod)', () => {
    const stage = platformStage('prod');
    const stacks = stage.node.children.filter((c): c is Stack => c instanceof Stack);
    expect(environmentStacks(prodConfig()).map((s) => [s.stackName, s.region, s.stateful])).toEqual(
      stacks.map((s) => [s.stackName, s.region, s.terminationProtection === true]),
    );
  });

  it('knows the stacks of the recovery environment prod-recovery: its own names, all in its region, no backup-copy, secrets or drill stack', () => {
    const stacks = recoveryStage().node.children.filter((c): c is Stack => c instanceof Stack);
    expect(environmentStacks(recoveryConfig()).map((s) => [s.stackName, s.region, s.stateful])).toEqual(
      stacks.map((s) => [s.stackName, s.region, s.terminationProtection === true]),
    );
  });

  it.each(Object.entries(LOOKUPS))('finds %s in the synthesized prod stage: the construct the check reads exists under that ID', (_name, lookup) => {
    expectFound(platformStage('prod').node.children, 'platform-prod', lookup);
  });

  // Stacks a recovery environment does not have: the checks read the copy home and the secret replicas instead.
  const inRecovery = Object.entries(LOOKUPS).filter(([, lookup]) => !NOT_IN_RECOVERY.includes(lookup.stack));
  it.each(inRecovery)('finds %s in the synthesized prod-recovery stage', (_name, lookup) => {
    expectFound(recoveryStage().node.children, 'platform-prod-recovery', lookup);
  });

  function expectFound(children: readonly unknown[], prefix: string, lookup: (typeof LOOKUPS)[keyof typeof LOOKUPS]): void {
    const stack = children.find((c): c is Stack => c instanceof Stack && c.stackName === `${prefix}-${lookup.stack}`)!;
    const resources = Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>).filter(
      ([logicalId, r]) => r.Type === lookup.type && logicalId.includes('construct' in lookup ? lookup.construct : ''),
    );
    if ('many' in lookup) expect(resources.length).toBeGreaterThan(0);
    else expect(resources.map(([logicalId]) => logicalId)).toHaveLength(1);
  }

  it('reads every page of a stack\'s resources and records stacks that do not exist', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.cfnMain
      .on(ListStackResourcesCommand, { StackName: 'platform-prod-keys' })
      .resolves({ StackResourceSummaries: [{ LogicalResourceId: 'A', PhysicalResourceId: 'a', ResourceType: 'AWS::KMS::Key', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }], NextToken: 'n' })
      .on(ListStackResourcesCommand, { StackName: 'platform-prod-keys', NextToken: 'n' })
      .resolves({ StackResourceSummaries: [{ LogicalResourceId: 'B', PhysicalResourceId: 'b', ResourceType: 'AWS::KMS::Key', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    mocks.cfnMain.on(ListStackResourcesCommand, { StackName: 'platform-prod-network' }).rejects(Object.assign(new Error('Stack with id platform-prod-network does not exist'), { name: 'ValidationError' }));
    const inventory = await prodInventory(clients);
    expect(inventory.find({ stack: 'keys', type: 'AWS::KMS::Key', many: true, what: 'key' }).map((r) => r.physicalId)).toEqual(['a', 'b']);
    expect(inventory.missing.map((s) => s.stackName)).toEqual(['platform-prod-network']);
    expect(inventory.absence({ stack: 'network', type: 'AWS::EC2::VPC', what: 'VPC' })).toBe('stack platform-prod-network (eu-west-1) does not exist');
    expect(inventory.absence({ stack: 'keys', type: 'AWS::KMS::Alias', what: 'alias' })).toBe('no alias in stack platform-prod-keys (eu-west-1)');
  });

  it('knows when each stack was created (DescribeStacks), and nothing of a stack that does not exist', async () => {
    const { clients, mocks, created } = liveEnvironment();
    created['platform-prod-data'] = hoursAgo(2);
    delete created['platform-prod-network'];
    const inventory = await prodInventory(clients);
    expect([inventory.createdAt('data'), inventory.createdAt('keys'), inventory.createdAt('network')]).toEqual([hoursAgo(2), LONG_AGO, undefined]);
    expect(inventory.missing.map((s) => s.stackName)).toEqual(['platform-prod-network']);
    expect(mocks.cfnMain.commandCalls(DescribeStacksCommand, { StackName: 'platform-prod-data' })).toHaveLength(1);
  });

  it('says a recovery environment has no such stack, rather than failing on it', async () => {
    const { clients } = liveEnvironment();
    const inventory = await readInventory(clients.cloudFormation, environmentStacks(recoveryConfig()));
    expect(inventory.missing).toEqual([]);
    expect(inventory.absence(LOOKUPS.appSecrets)).toBe('no secrets stack in this deployment');
  });
});
