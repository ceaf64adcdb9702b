// scripts/run-migrations.sh against a stand-in `aws` CLI on PATH that answers from a scenario and records
// every call: the deploy must stop (non-zero exit) whenever the migrations did not demonstrably succeed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'run-migrations.sh');

interface Scenario {
  outputs: Record<string, string>;
  taskArn: string;
  exitCode: string;
}

const OUTPUTS = {
  ClusterName: 'platform-dev-migrations-cluster',
  MigratorTaskDefinitionArn: 'arn:aws:ecs:eu-west-1:000000000001:task-definition/migrator:7',
  MigratorContainerName: 'migrator',
  MigratorSubnetIds: 'subnet-a,subnet-b',
  MigratorSecurityGroupId: 'sg-123',
};

function run(scenario: Scenario) {
  const dir = mkdtempSync(join(tmpdir(), 'run-migrations-'));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario));
  // Answers `aws cloudformation describe-stacks --query ...OutputKey=='X'...`, `ecs run-task`, `ecs wait`, `ecs describe-tasks`.
  writeFileSync(
    join(dir, 'aws'),
    `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(join(dir, 'calls.log'))}, args.join(' ') + '\\n');
const s = JSON.parse(fs.readFileSync(${JSON.stringify(join(dir, 'scenario.json'))}, 'utf8'));
const query = args[args.indexOf('--query') + 1] || '';
if (args[0] === 'cloudformation') {
  const key = /OutputKey=='(\\w+)'/.exec(query)[1];
  console.log(s.outputs[key] ?? 'None');
} else if (args[1] === 'run-task') console.log(s.taskArn);
else if (args[1] === 'describe-tasks') console.log(query.includes('exitCode') ? s.exitCode : 'Essential container in task exited');
`,
  );
  chmodSync(join(dir, 'aws'), 0o755);
  const result = spawnSync('bash', [SCRIPT, 'dev'], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
  let calls = '';
  try {
    calls = readFileSync(join(dir, 'calls.log'), 'utf8');
  } catch {
    // no call made
  }
  return { status: result.status, output: result.stdout + result.stderr, calls };
}

describe('scripts/run-migrations.sh', () => {
  test('runs the deployed migrator task definition in the private subnets and succeeds on exit code 0', () => {
    const { status, output, calls } = run({ outputs: OUTPUTS, taskArn: 'arn:task/1', exitCode: '0' });
    expect(output).toContain('migrations: done');
    expect(status).toBe(0);
    expect(calls).toContain('describe-stacks --stack-name platform-dev-migrations');
    expect(calls).toContain(
      `ecs run-task --cluster ${OUTPUTS.ClusterName} --task-definition ${OUTPUTS.MigratorTaskDefinitionArn} --launch-type FARGATE ` +
        '--network-configuration awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-123],assignPublicIp=DISABLED}',
    );
    expect(calls).toContain('ecs wait tasks-stopped');
  });

  test('a failed migration fails the step', () => {
    const { status, output } = run({ outputs: OUTPUTS, taskArn: 'arn:task/1', exitCode: '1' });
    expect(status).toBe(1);
    expect(output).toContain('migrations failed (exit code 1: Essential container in task exited)');
  });

  test('a task that never ran its container (no exit code) fails the step', () => {
    const { status } = run({ outputs: OUTPUTS, taskArn: 'arn:task/1', exitCode: 'None' });
    expect(status).toBe(1);
  });

  test('a missing output fails the step instead of skipping the migrations, and nothing runs', () => {
    const { MigratorTaskDefinitionArn: _gone, ...rest } = OUTPUTS;
    const { status, output, calls } = run({ outputs: rest, taskArn: 'arn:task/1', exitCode: '0' });
    expect(status).not.toBe(0);
    expect(output).toContain("platform-dev-migrations has no MigratorTaskDefinitionArn output: deploy platform-dev/migrations first");
    expect(calls).not.toContain('run-task');
  });

  test('a task that does not start fails the step', () => {
    const { status, output } = run({ outputs: OUTPUTS, taskArn: 'None', exitCode: '0' });
    expect(status).toBe(1);
    expect(output).toContain('the migrator task did not start');
  });
});
