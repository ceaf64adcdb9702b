// Pins the logical ID and type of every stateful resource per environment (CL-DEL-1). CloudFormation identifies a
// resource by its logical ID: a refactor that moves or renames a construct changes that ID, and the next deploy
// REPLACES the resource (creates a new, empty one and deletes or orphans the old one). For a database, cache,
// vault, key or secret that is data loss or an outage, so such a change must fail here, loudly.
//
// Intended change (the data was migrated, or the resource is new)? Regenerate the fixture deliberately and have
// the diff reviewed:  UPDATE_STATEFUL_LOGICAL_IDS=1 npx vitest run test/lib/stateful-logical-ids.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ENVIRONMENT_NAMES } from '../../config';
import type { PlatformStage } from '../../lib/platform-stage';
import { platformStage, recoveryStage } from '../support/platform';

/** Resource types that hold data or identity a replacement would lose. */
const STATEFUL_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBProxy',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBSubnetGroup',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::ElastiCache::User',
  'AWS::ElastiCache::UserGroup',
  'AWS::Backup::BackupVault',
  'AWS::Backup::BackupPlan',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::EC2::VPC',
  'AWS::Logs::LogGroup',
  'AWS::ECR::Repository',
] as const;

/** The stages pinned: every environment, and prod's recovery environment (deployed when recovering). */
const STAGES: Readonly<Record<string, () => PlatformStage>> = {
  ...Object.fromEntries(ENVIRONMENT_NAMES.map((env) => [env, () => platformStage(env)])),
  'prod-recovery': recoveryStage,
};
type Pins = Record<string, Record<string, Record<string, string>>>;
const FIXTURE = join(__dirname, '__fixtures__', 'stateful-logical-ids.json');

/** stack name -> logical ID -> type, for the stateful resources of one stage. */
function statefulResources(stage: string): Record<string, Record<string, string>> {
  const stacks = STAGES[stage]().node.children.filter((c): c is Stack => c instanceof Stack);
  return Object.fromEntries(
    stacks.map((stack) => {
      const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
      const pinned = Object.entries(resources)
        .filter(([, r]) => (STATEFUL_TYPES as readonly string[]).includes(r.Type))
        .map(([id, r]) => [id, r.Type] as const)
        .sort(([a], [b]) => a.localeCompare(b));
      return [stack.stackName, Object.fromEntries(pinned)];
    }),
  );
}

/** Every difference between the pinned and the actual resources, each explained. */
function compareStatefulResources(
  expected: Record<string, Record<string, string>>,
  actual: Record<string, Record<string, string>>,
): string[] {
  const problems: string[] = [];
  const replaced = (stack: string, id: string, type: string, what: string) =>
    `${stack}: stateful resource ${id} (${type}) ${what}. A changed logical ID makes CloudFormation REPLACE the ` +
    `resource: it creates a new, empty one and deletes (or orphans) the old one, which for a database means DATA LOSS. ` +
    `Restore the construct's id/path (or overrideLogicalId); if the replacement is intended, regenerate the fixture ` +
    `(UPDATE_STATEFUL_LOGICAL_IDS=1) and have it reviewed.`;
  for (const [stack, pinned] of Object.entries(expected)) {
    for (const [id, type] of Object.entries(pinned)) {
      const now = actual[stack]?.[id];
      if (now === undefined) problems.push(replaced(stack, id, type, 'is no longer in the template (renamed, moved or removed)'));
      else if (now !== type) problems.push(replaced(stack, id, type, `changed type to ${now}`));
    }
  }
  for (const [stack, resources] of Object.entries(actual)) {
    for (const [id, type] of Object.entries(resources)) {
      if (expected[stack]?.[id] === undefined) {
        problems.push(
          `${stack}: new stateful resource ${id} (${type}) is not pinned; add it to test/lib/__fixtures__/stateful-logical-ids.json ` +
            `(UPDATE_STATEFUL_LOGICAL_IDS=1) so that a later refactor cannot replace it unnoticed.`,
        );
      }
    }
  }
  return problems;
}

const actual: Pins = Object.fromEntries(Object.keys(STAGES).map((stage) => [stage, statefulResources(stage)]));
if (process.env.UPDATE_STATEFUL_LOGICAL_IDS === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);

describe('stateful logical IDs (CL-DEL-1)', () => {
  const pins: Pins = existsSync(FIXTURE) ? JSON.parse(readFileSync(FIXTURE, 'utf8')) : ({} as Pins);

  it.each(Object.keys(STAGES))('%s: every stateful resource keeps its pinned logical ID and type', (env) => {
    expect(pins[env]).toBeDefined();
    expect(compareStatefulResources(pins[env], actual[env])).toEqual([]);
  });

  it.each(ENVIRONMENT_NAMES)('%s: the pins cover the database, proxy, cache, RBAC users, vaults, plan, keys, secrets, VPC and image repository', (env) => {
    const types = new Set(Object.values(pins[env]).flatMap((stack) => Object.values(stack)));
    for (const type of STATEFUL_TYPES) expect(types).toContain(type);
    expect(Object.keys(pins[env])).toEqual(
      expect.arrayContaining([
        `platform-${env}-backup-copy`, `platform-${env}-data`, `platform-${env}-keys`, `platform-${env}-network`, `platform-${env}-registry`,
      ]),
    );
  });

  it('explains a changed logical ID as a replacement with data loss, naming the resource', () => {
    const pinned = { 'platform-prod-data': { PostgresInstanceEC667DB9: 'AWS::RDS::DBInstance' } };
    const [problem] = compareStatefulResources(pinned, { 'platform-prod-data': { PostgresDatabaseInstance0123ABCD: 'AWS::RDS::DBInstance' } });
    expect(problem).toContain('platform-prod-data: stateful resource PostgresInstanceEC667DB9 (AWS::RDS::DBInstance)');
    expect(problem).toContain('REPLACE');
    expect(problem).toContain('DATA LOSS');
  });

  it('reports a stateful resource that is not pinned yet, and a type change', () => {
    const problems = compareStatefulResources(
      { s: { A: 'AWS::KMS::Key' } },
      { s: { A: 'AWS::SecretsManager::Secret', B: 'AWS::Backup::BackupVault' } },
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('changed type to AWS::SecretsManager::Secret');
    expect(problems[1]).toContain('new stateful resource B (AWS::Backup::BackupVault) is not pinned');
  });
});
