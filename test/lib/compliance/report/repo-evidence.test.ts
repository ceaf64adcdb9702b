import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deployWorkflowEvidence } from '../../../../lib/compliance/report/repo-evidence';

// CL-DEL-2
const deployYaml = readFileSync(resolve(__dirname, '..', '..', '..', '..', '.github', 'workflows', 'deploy.yml'), 'utf8');

describe('deployWorkflowEvidence', () => {
  test('the repository deploy workflow has no problem and states the chain', () => {
    const evidence = deployWorkflowEvidence(deployYaml);
    expect(evidence.problems).toEqual([]);
    expect(evidence.facts).toEqual([
      'deploy-dev: environment dev, needs [synth], concurrency deploy-dev',
      'deploy-staging: environment staging, needs [synth, deploy-dev], concurrency deploy-staging',
      'deploy-prod: environment prod, needs [synth, deploy-staging], concurrency deploy-prod',
      expect.stringMatching(/^prod approval: required reviewers/),
    ]);
  });

  test('prod not waiting for staging, or a deploy that re-synthesizes, is a problem', () => {
    const broken = deployYaml.replace('needs: [synth, deploy-staging]', 'needs: [synth]').replace("--app cdk.out --require-approval never 'platform-dev/*'", "--require-approval never 'platform-dev/*'");
    expect(deployWorkflowEvidence(broken).problems).toEqual([
      'job deploy-dev does not deploy the synthesized artifact (--app cdk.out)',
      'job deploy-prod does not wait for deploy-staging',
    ]);
  });
});
