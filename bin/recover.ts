#!/usr/bin/env node
// Regional recovery of one environment into its copy region (docs/disaster-recovery.md), one command:
//   npm run recover -- -c env=prod [-c recoveryPointArn=<copied recovery point>] [-c imageTag=<tag>]
// Finds the newest copied recovery point (or takes the given one), deploys platform-<env>-recovery from it, runs the
// migrations, runs `npm run verify` against it, and prints the measured RTO and RPO. Reads the same PLATFORM_<ENV>_*
// variables as bin/platform.ts and the shell's AWS credentials. Exit 0: recovered and verified; 1: a step failed.
import { spawn } from 'node:child_process';
import { BackupClient } from '@aws-sdk/client-backup';
import { isEnvironmentName, loadConfigs, overridesFromVariables } from '../config';
import { recover } from '../lib/recovery/recover';
import { runCli } from './cli';
import { contextArguments } from './context-arguments';

function run(command: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const context = contextArguments(process.argv.slice(2));
  const name = context.env;
  if (!name || !isEnvironmentName(name)) {
    console.error(`recover: give the environment to recover: npm run recover -- -c env=<dev|staging|prod>${name ? ` (got "${name}")` : ''}`);
    return 1;
  }
  const [config] = loadConfigs([name], { [name]: overridesFromVariables(name, process.env) });
  if (!config.disasterRecovery.enabled) {
    console.error(`recover: ${name} has disasterRecovery.enabled false: it has no copies to recover from in ${config.backup.copyRegion}`);
    return 1;
  }
  const deps = { backup: new BackupClient({ region: config.backup.copyRegion }), run, clock: () => new Date(), log: (line: string) => console.log(line) };
  const result = await recover(deps, config, { recoveryPointArn: context.recoveryPointArn, imageTag: context.imageTag });
  return result.ok ? 0 : 1;
}

runCli('recover', main);
