import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ENVIRONMENT_NAMES, loadConfigs } from '../../config';
import { statefulRemovalPolicy } from '../../lib/removal';
import { Template } from 'aws-cdk-lib/assertions';
import { platformStage } from '../support/platform';

// A failed first create rolls back; under DeletionPolicy Retain the rollback keeps what it created, and the named
// ones (secrets, log groups, DB identifier, vaults, replication group) then block the retry. RetainExceptOnCreate
// keeps a resource on deletion and replacement but deletes it when its own create rolls back.
describe('removal policies (CL-DEL-1)', () => {
  it('keeps stateful resources except when their own create rolls back; snapshot where supported', () => {
    const [dev, staging, prod] = loadConfigs(['dev', 'staging', 'prod']);
    expect(statefulRemovalPolicy(prod)).toBe(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    expect(statefulRemovalPolicy(prod, true)).toBe(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    expect(statefulRemovalPolicy(staging)).toBe(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    expect(statefulRemovalPolicy(staging, true)).toBe(RemovalPolicy.SNAPSHOT);
    expect(statefulRemovalPolicy(dev)).toBe(RemovalPolicy.DESTROY);
  });

  it.each(ENVIRONMENT_NAMES)('no resource of %s keeps DeletionPolicy Retain, so a failed first deploy can be retried', (env) => {
    const stacks = platformStage(env).node.children.filter((c): c is Stack => c instanceof Stack);
    const policies = stacks.flatMap((stack) =>
      Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>).map(
        ([id, r]) => ({ resource: `${stack.stackName}/${id} (${r.Type})`, policy: r.DeletionPolicy }),
      ),
    );
    expect(policies.filter((p) => p.policy === 'Retain').map((p) => p.resource)).toEqual([]);
    // Retained resources still exist outside dev, now as RetainExceptOnCreate.
    if (env !== 'dev') expect(policies.filter((p) => p.policy === 'RetainExceptOnCreate').length).toBeGreaterThan(10);
  });
});
