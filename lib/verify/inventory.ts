// The live resources of an environment, read from its CloudFormation stacks (ListStackResources): the checks find
// what they look at by stack, type and construct path (logical ID prefix), so they need no outputs and no names.
import { CloudFormationClient, ListStackResourcesCommand, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { EnvironmentConfig } from '../../config';

/** The stacks of an environment as lib/platform-stage.ts composes them (test/lib/verify/inventory.test.ts compares). */
export const PLATFORM_STACKS = [
  { id: 'keys', stateful: true },
  { id: 'registry', stateful: true },
  { id: 'network', stateful: true },
  { id: 'backup-copy', stateful: true },
  { id: 'data', stateful: true },
  { id: 'secrets', stateful: true },
  { id: 'migrations', stateful: false },
  { id: 'service', stateful: false },
  { id: 'operations', stateful: false },
  { id: 'monitoring', stateful: false },
] as const;
export type StackId = (typeof PLATFORM_STACKS)[number]['id'];

export interface DeployedStack {
  readonly id: StackId;
  readonly stackName: string;
  readonly region: string;
  readonly stateful: boolean;
}

export function environmentStacks(config: Pick<EnvironmentConfig, 'name' | 'region' | 'backup'>): DeployedStack[] {
  return PLATFORM_STACKS.map(({ id, stateful }) => ({
    id,
    stackName: `platform-${config.name}-${id}`,
    // Only the backup copy's vault lives in the other region.
    region: id === 'backup-copy' ? config.backup.copyRegion : config.region,
    stateful,
  }));
}

export interface LiveResource {
  readonly stack: DeployedStack;
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
}

export class Inventory {
  constructor(
    readonly stacks: readonly DeployedStack[],
    private readonly resources: readonly LiveResource[],
    /** Stacks that do not exist (not deployed, or deleted). */
    readonly missing: readonly DeployedStack[],
  ) {}

  stack(id: StackId): DeployedStack {
    return this.stacks.find((s) => s.id === id)!;
  }

  /** Resources of a type in a stack, optionally only those whose logical ID contains a construct's ID (path). */
  find(stack: StackId, type: string, construct = ''): LiveResource[] {
    return this.resources.filter((r) => r.stack.id === stack && r.type === type && r.logicalId.includes(construct) && r.physicalId !== '');
  }

  /** The first such resource, or undefined. */
  one(stack: StackId, type: string, construct = ''): LiveResource | undefined {
    return this.find(stack, type, construct)[0];
  }

  /** Why a resource the check needs is missing, for its FAIL line. */
  absence(stack: StackId, what: string): string {
    const s = this.stack(stack);
    return this.missing.includes(s) ? `stack ${s.stackName} (${s.region}) does not exist` : `no ${what} in stack ${s.stackName} (${s.region})`;
  }
}

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name ?? 'Error';

async function stackResources(client: CloudFormationClient, stack: DeployedStack): Promise<StackResourceSummary[] | undefined> {
  const found: StackResourceSummary[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await client.send(new ListStackResourcesCommand({ StackName: stack.stackName, NextToken }));
      found.push(...(page.StackResourceSummaries ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (error) {
    // CloudFormation answers "Stack with id ... does not exist" with a ValidationError.
    if (errorName(error) === 'ValidationError') return undefined;
    throw error;
  }
  return found;
}

export async function readInventory(cloudFormation: (region: string) => CloudFormationClient, stacks: readonly DeployedStack[]): Promise<Inventory> {
  const listed = await Promise.all(stacks.map(async (stack) => ({ stack, resources: await stackResources(cloudFormation(stack.region), stack) })));
  return new Inventory(
    stacks,
    listed.flatMap(({ stack, resources }) =>
      (resources ?? []).map((r) => ({ stack, logicalId: r.LogicalResourceId ?? '', physicalId: r.PhysicalResourceId ?? '', type: r.ResourceType ?? '' })),
    ),
    listed.filter((l) => l.resources === undefined).map((l) => l.stack),
  );
}
