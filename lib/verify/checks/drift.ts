// CL-DEL-1 live: nobody changed a stateful stack's resources by hand. CloudFormation drift detection compares each
// resource's live configuration with its template; it starts an operation (DetectStackDrift) but changes no resource.
import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackDriftDetectionStatusCommandOutput,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import type { DeployedStack, Inventory } from '../inventory';
import { VerifyResult, fail, pass } from '../result';

/** Drift detection of a stack takes seconds to a few minutes. */
const POLL_MS = 5000;

export interface DriftOptions {
  readonly sleep: (ms: number) => Promise<void>;
  /** @default 120 (10 minutes at 5 s) */
  readonly maxPolls?: number;
}

async function detect(client: CloudFormationClient, stack: DeployedStack, options: DriftOptions): Promise<DescribeStackDriftDetectionStatusCommandOutput | undefined> {
  const { StackDriftDetectionId } = await client.send(new DetectStackDriftCommand({ StackName: stack.stackName }));
  for (let poll = 0; poll < (options.maxPolls ?? 120); poll += 1) {
    await options.sleep(POLL_MS);
    const status = await client.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') return status;
  }
  return undefined;
}

async function driftOf(client: CloudFormationClient, stack: DeployedStack, now: Date, options: DriftOptions): Promise<VerifyResult> {
  const id = 'CL-DEL-1';
  const check = `drift of ${stack.stackName} (${stack.region})`;
  const status = await detect(client, stack, options);
  if (!status) return fail(id, check, 'drift detection did not finish in time', now, `aws cloudformation detect-stack-drift --stack-name ${stack.stackName} --region ${stack.region}, then re-run verify`);
  const at = status.Timestamp ?? now;
  if (status.StackDriftStatus === 'DRIFTED') {
    const { StackResourceDrifts = [] } = await client.send(new DescribeStackResourceDriftsCommand({ StackName: stack.stackName, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] }));
    const drifted = StackResourceDrifts.map(
      (d) => `${d.LogicalResourceId} (${d.ResourceType}) ${d.StackResourceDriftStatus}${d.PropertyDifferences?.length ? `: ${d.PropertyDifferences.map((p) => p.PropertyPath).join(', ')}` : ''}`,
    );
    return fail(id, check, `${status.DriftedStackResourceCount ?? drifted.length} resource(s) changed outside CloudFormation: ${drifted.join('; ')}`, at, `find who changed them (CloudTrail), then put the template's values back by hand or with a deploy of ${stack.stackName}; never replace a stateful resource to fix drift`);
  }
  if (status.DetectionStatus !== 'DETECTION_COMPLETE' || status.StackDriftStatus !== 'IN_SYNC') {
    return fail(id, check, `drift detection ${status.DetectionStatus}: ${status.DetectionStatusReason ?? status.StackDriftStatus ?? 'no reason given'}`, at, 'the reason names the resource CloudFormation could not read: give the verifier role that read permission (bootstrap/verifier-policy.json) if it is missing');
  }
  return pass(id, check, 'IN_SYNC: every resource matches its template', at);
}

export async function checkDrift(cloudFormation: (region: string) => CloudFormationClient, inventory: Inventory, now: Date, options: DriftOptions): Promise<VerifyResult[]> {
  return Promise.all(
    inventory.stacks
      .filter((s) => s.stateful)
      .map((stack) =>
        inventory.missing.includes(stack)
          ? Promise.resolve(fail('CL-DEL-1', `drift of ${stack.stackName} (${stack.region})`, `stack ${stack.stackName} does not exist`, now, 'deploy it'))
          : driftOf(cloudFormation(stack.region), stack, now, options),
      ),
  );
}
