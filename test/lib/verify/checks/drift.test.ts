import { DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand, DetectStackDriftCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { checkDrift } from '../../../../lib/verify/checks/drift';
import { NOW, awsError, liveEnvironment, prodInventory } from '../fixture';

const options = { sleep: async () => undefined, maxPolls: 3 };
const status = (change: Record<string, unknown>) => ({ StackId: 'id', StackDriftDetectionId: 'drift-1', DetectionStatus: 'DETECTION_COMPLETE' as const, StackDriftStatus: 'IN_SYNC' as const, Timestamp: NOW, ...change });

describe('CL-DEL-1 drift of the stateful stacks', () => {
  it('passes stacks in sync, after polling until detection completes, in each stack\'s region', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.cfnMain.on(DescribeStackDriftDetectionStatusCommand).resolvesOnce(status({ DetectionStatus: 'DETECTION_IN_PROGRESS', StackDriftStatus: undefined })).resolves(status({}));
    const results = await checkDrift(clients.cloudFormation, await prodInventory(clients), NOW, options);
    expect(results.map((r) => [r.status, r.check])).toEqual(
      ['keys', 'registry', 'network', 'backup-copy', 'data', 'secrets'].map((s) => ['PASS', `drift of platform-prod-${s} (${s === 'backup-copy' ? 'eu-west-3' : 'eu-west-1'})`]),
    );
    expect(mocks.cfnMain.commandCalls(DetectStackDriftCommand).map((c) => c.args[0].input.StackName)).toEqual(['platform-prod-keys', 'platform-prod-registry', 'platform-prod-network', 'platform-prod-data', 'platform-prod-secrets']);
    expect(mocks.cfnCopy.commandCalls(DetectStackDriftCommand).map((c) => c.args[0].input.StackName)).toEqual(['platform-prod-backup-copy']);
  });

  it('fails a drifted stack, listing what changed by hand', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.cfnCopy.on(DescribeStackDriftDetectionStatusCommand).resolves(status({ StackDriftStatus: 'DRIFTED', DriftedStackResourceCount: 1 }));
    mocks.cfnCopy.on(DescribeStackResourceDriftsCommand).resolves({
      StackResourceDrifts: [{ StackId: 'id', LogicalResourceId: 'Vault645BC77C', ResourceType: 'AWS::Backup::BackupVault', StackResourceDriftStatus: 'MODIFIED', Timestamp: NOW, PropertyDifferences: [{ PropertyPath: '/LockConfiguration/MinRetentionDays', ExpectedValue: '7', ActualValue: '1', DifferenceType: 'NOT_EQUAL' }] }],
    });
    const results = await checkDrift(clients.cloudFormation, await prodInventory(clients), NOW, options);
    expect(results.filter((r) => r.status === 'FAIL')).toEqual([
      expect.objectContaining({ check: 'drift of platform-prod-backup-copy (eu-west-3)', evidence: '1 resource(s) changed outside CloudFormation: Vault645BC77C (AWS::Backup::BackupVault) MODIFIED: /LockConfiguration/MinRetentionDays', fix: expect.stringMatching(/CloudTrail/) }),
    ]);
  });

  it.each([
    ['detection failed', status({ DetectionStatus: 'DETECTION_FAILED', StackDriftStatus: 'IN_SYNC', DetectionStatusReason: 'Failed to detect drift on resource [X]: access denied' }), /drift detection DETECTION_FAILED: Failed to detect drift on resource \[X\]/],
    ['detection never finished', status({ DetectionStatus: 'DETECTION_IN_PROGRESS', StackDriftStatus: undefined }), /did not finish in time/],
  ])('fails when %s, instead of counting it in sync', async (_label, answer, evidence) => {
    const { clients, mocks } = liveEnvironment();
    mocks.cfnMain.on(DescribeStackDriftDetectionStatusCommand).resolves(answer);
    const results = await checkDrift(clients.cloudFormation, await prodInventory(clients), NOW, options);
    expect(results.filter((r) => r.status === 'FAIL').map((r) => r.evidence)).toEqual(Array(5).fill(expect.stringMatching(evidence)));
  });

  it('fails a stateful stack that does not exist, without asking CloudFormation to detect drift on it', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.cfnMain.on(ListStackResourcesCommand, { StackName: 'platform-prod-secrets' }).rejects(awsError('ValidationError', 'Stack with id platform-prod-secrets does not exist'));
    const results = await checkDrift(clients.cloudFormation, await prodInventory(clients), NOW, options);
    expect(results.find((r) => r.status === 'FAIL')).toMatchObject({ evidence: 'stack platform-prod-secrets does not exist' });
    expect(mocks.cfnMain.commandCalls(DetectStackDriftCommand).map((c) => c.args[0].input.StackName)).not.toContain('platform-prod-secrets');
  });
});
