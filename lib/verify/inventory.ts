// The live resources of an environment, read from its CloudFormation stacks (ListStackResources): the checks find
// what they look at by stack, type and construct path (logical ID prefix), so they need no outputs and no names.
// Each stack's creation time (DescribeStacks) tells a window check whether its history can exist yet.
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { errorName } from './result';

/** The stacks of an environment as lib/platform-stage.ts composes them (test/lib/verify/inventory.test.ts compares). */
export const PLATFORM_STACKS = [
  { id: 'keys', stateful: true },
  { id: 'registry', stateful: true },
  { id: 'network', stateful: true },
  { id: 'backup-copy', stateful: true },
  { id: 'data', stateful: true },
  { id: 'secrets', stateful: true },
  { id: 'disaster-recovery', stateful: false },
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

/** The environment's stacks that a recovery environment does not have (lib/platform-stage.ts). */
export const NOT_IN_RECOVERY: readonly StackId[] = ['backup-copy', 'secrets', 'disaster-recovery'];

export function environmentStacks(config: Pick<EnvironmentConfig, 'name' | 'recovery' | 'region' | 'backup' | 'disasterRecovery'>): DeployedStack[] {
  // The disaster-recovery drill exists with disasterRecovery.enabled only.
  const stacks = PLATFORM_STACKS.filter(({ id }) => (id !== 'disaster-recovery' || config.disasterRecovery.enabled) && !(config.recovery && NOT_IN_RECOVERY.includes(id)));
  return stacks.map(({ id, stateful }) => ({
    id,
    stackName: `platform-${deploymentName(config)}-${id}`,
    // Only the backup copy's vault and the disaster-recovery drill live in the other region.
    region: id === 'backup-copy' || id === 'disaster-recovery' ? config.backup.copyRegion : config.region,
    stateful,
  }));
}

/** A kind of resource a check looks at: its stack, its type and, where the stack holds several, its construct ID. */
export interface Lookup {
  readonly stack: StackId;
  readonly type: string;
  /** Part of the logical ID: the construct's ID (path). */
  readonly construct?: string;
  /** The stack holds several (each is checked); otherwise exactly one. */
  readonly many?: boolean;
  /** What it is, in a FAIL line when it is missing. */
  readonly what: string;
}

/** Everything the checks read; test/lib/verify/inventory.test.ts finds each in the synthesized stage. */
export const LOOKUPS = {
  databaseSecrets: { stack: 'data', type: 'AWS::SecretsManager::Secret', many: true, what: 'secret' },
  appSecrets: { stack: 'secrets', type: 'AWS::SecretsManager::Secret', many: true, what: 'secret' },
  masterSecret: { stack: 'data', type: 'AWS::SecretsManager::Secret', construct: 'PostgresInstanceSecret', what: 'master secret' },
  userSecrets: { stack: 'data', type: 'AWS::SecretsManager::Secret', construct: 'DatabaseUsers', many: true, what: 'database user secret' },
  backupVault: { stack: 'data', type: 'AWS::Backup::BackupVault', what: 'backup vault' },
  copyVault: { stack: 'backup-copy', type: 'AWS::Backup::BackupVault', what: 'backup vault' },
  database: { stack: 'data', type: 'AWS::RDS::DBInstance', what: 'database instance' },
  parameterGroup: { stack: 'data', type: 'AWS::RDS::DBParameterGroup', what: 'parameter group' },
  proxy: { stack: 'data', type: 'AWS::RDS::DBProxy', what: 'proxy' },
  cache: { stack: 'data', type: 'AWS::ElastiCache::ReplicationGroup', what: 'replication group' },
  loadBalancer: { stack: 'service', type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', what: 'load balancer' },
  webAcl: { stack: 'service', type: 'AWS::WAFv2::WebACL', what: 'web ACL' },
  restoreDrill: { stack: 'operations', type: 'AWS::StepFunctions::StateMachine', construct: 'RestoreDrill', what: 'restore drill state machine' },
  sessionCleanup: { stack: 'operations', type: 'AWS::Lambda::Function', construct: 'SessionCleanupFunction', what: 'session cleanup function' },
  alarms: { stack: 'monitoring', type: 'AWS::CloudWatch::Alarm', many: true, what: 'alarm' },
  compositeAlarms: { stack: 'monitoring', type: 'AWS::CloudWatch::CompositeAlarm', many: true, what: 'composite alarm' },
  canary: { stack: 'monitoring', type: 'AWS::Synthetics::Canary', what: 'canary' },
} as const satisfies Record<string, Lookup>;

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
    /** Each existing stack's CreationTime. */
    private readonly creationTimes: ReadonlyMap<StackId, Date>,
  ) {}

  /** When the stack was created (CloudFormation CreationTime); undefined for a missing stack. */
  createdAt(id: StackId): Date | undefined {
    return this.creationTimes.get(id);
  }

  /** Undefined for a stack this deployment does not have (a recovery environment's). */
  stack(id: StackId): DeployedStack | undefined {
    return this.stacks.find((s) => s.id === id);
  }

  /** The deployed resources a lookup finds. */
  find(lookup: Lookup): LiveResource[] {
    return this.resources.filter((r) => r.stack.id === lookup.stack && r.type === lookup.type && r.logicalId.includes(lookup.construct ?? '') && r.physicalId !== '');
  }

  /** The first one, or undefined. */
  one(lookup: Lookup): LiveResource | undefined {
    return this.find(lookup)[0];
  }

  /** Why a resource the check needs is missing, for its FAIL line. */
  absence(lookup: Lookup): string {
    const s = this.stack(lookup.stack);
    if (!s) return `no ${lookup.stack} stack in this deployment`;
    return this.missing.includes(s) ? `stack ${s.stackName} (${s.region}) does not exist` : `no ${lookup.what} in stack ${s.stackName} (${s.region})`;
  }
}

/** Undefined when the stack does not exist: CloudFormation answers "Stack with id ... does not exist" with a ValidationError. */
async function unlessMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (errorName(error) === 'ValidationError') return undefined;
    throw error;
  }
}

async function stackResources(client: CloudFormationClient, stack: DeployedStack): Promise<StackResourceSummary[]> {
  const found: StackResourceSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListStackResourcesCommand({ StackName: stack.stackName, NextToken }));
    found.push(...(page.StackResourceSummaries ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

async function readStack(client: CloudFormationClient, stack: DeployedStack) {
  const [described, resources] = await Promise.all([
    unlessMissing(client.send(new DescribeStacksCommand({ StackName: stack.stackName }))),
    unlessMissing(stackResources(client, stack)),
  ]);
  return { stack, createdAt: described?.Stacks?.[0]?.CreationTime, resources: described && resources };
}

export async function readInventory(cloudFormation: (region: string) => CloudFormationClient, stacks: readonly DeployedStack[]): Promise<Inventory> {
  const listed = await Promise.all(stacks.map((stack) => readStack(cloudFormation(stack.region), stack)));
  return new Inventory(
    stacks,
    listed.flatMap(({ stack, resources }) =>
      (resources ?? []).map((r) => ({ stack, logicalId: r.LogicalResourceId ?? '', physicalId: r.PhysicalResourceId ?? '', type: r.ResourceType ?? '' })),
    ),
    listed.filter((l) => l.resources === undefined).map((l) => l.stack),
    new Map(listed.flatMap(({ stack, resources, createdAt }) => (resources && createdAt ? [[stack.id, createdAt] as const] : []))),
  );
}
