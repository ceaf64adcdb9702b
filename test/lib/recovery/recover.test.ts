// The recovery command's core (npm run recover, docs/disaster-recovery.md): the newest copied recovery point, the
// deploy/migrate/verify steps in order, stop at the first failure, RTO and RPO measured either way.
import { BackupClient, ListRecoveryPointsByBackupVaultCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfigs } from '../../../config';
import { recover, RecoveryDeps, recoverySteps } from '../../../lib/recovery/recover';
import { exitCode } from '../../../lib/verify/result';
import { runVerify } from '../../../lib/verify/run';
import { NOW, freshEnvironment, liveEnvironment, recoveryConfig } from '../verify/fixture';
import { selfSignedCertificate, startServer } from '../verify/https-server';

const backupMock = mockClient(BackupClient);
const [prod] = loadConfigs(['prod']);
const COPY = 'arn:aws:rds:eu-west-3:000000000003:snapshot:awsbackup:copyjob-new';
const OLDER = 'arn:aws:rds:eu-west-3:000000000003:snapshot:awsbackup:copyjob-old';
const STARTED = new Date('2026-11-30T12:00:00Z');

const COPIES = {
  RecoveryPoints: [
    { RecoveryPointArn: OLDER, ResourceArn: 'arn:aws:rds:eu-west-1:000000000003:db:platform-prod-postgres', ResourceType: 'RDS', Status: 'COMPLETED' as const, CreationDate: new Date('2026-11-29T05:30:00Z') },
    { RecoveryPointArn: COPY, ResourceArn: 'arn:aws:rds:eu-west-1:000000000003:db:platform-prod-postgres', ResourceType: 'RDS', Status: 'COMPLETED' as const, CreationDate: new Date('2026-11-30T05:30:00Z') },
  ],
};

beforeEach(() => {
  backupMock.reset();
  backupMock.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'platform-prod-backup-copy' }).resolves(COPIES);
});

/** Deps whose clock advances 10 minutes per command; `failing` names the step whose command exits 1. */
function deps(failing?: string): RecoveryDeps & { commands: string[]; lines: string[] } {
  let now = STARTED.getTime();
  const commands: string[] = [];
  const lines: string[] = [];
  const steps = recoverySteps(prod, COPY);
  return {
    backup: new BackupClient({ region: 'eu-west-3' }),
    clock: () => new Date(now),
    log: (line) => lines.push(line),
    run: (command) => {
      now += 600_000;
      commands.push(command.join(' '));
      const name = steps.find((s) => s.command.slice(0, 3).join(' ') === command.slice(0, 3).join(' ') && s.command.at(-1) === command.at(-1))?.name;
      return Promise.resolve(name === failing ? 1 : 0);
    },
    commands,
    lines,
  };
}

describe('recoverySteps', () => {
  it('deploys the recovery environment from the recovery point, migrates, deploys the rest and verifies it', () => {
    const context = `-c env=prod-recovery -c recoveryPointArn=${COPY}`;
    expect(recoverySteps(prod, COPY).map((s) => [s.name, s.command.join(' ')])).toEqual([
      ['deploy data and migrator', `npx cdk deploy ${context} --require-approval never platform-prod-recovery/migrations`],
      ['run migrations', 'scripts/run-migrations.sh prod-recovery'],
      ['deploy service and monitoring', `npx cdk deploy ${context} --require-approval never platform-prod-recovery/*`],
      ['verify', `npm run verify -- ${context}`],
    ]);
    expect(recoverySteps(prod, COPY, { imageTag: 'abc123' })[0].command).toContain('imageTag=abc123');
  });
});

describe('recover', () => {
  it('restores the newest copy, runs every step, and reports RTO and RPO', async () => {
    const d = deps();
    const result = await recover(d, prod);
    expect(result).toEqual({
      ok: true,
      recoveryPoint: { arn: COPY, dataTime: new Date('2026-11-30T05:30:00Z'), sourceInstanceIdentifier: 'platform-prod-postgres' },
      rpoSeconds: 6.5 * 3600,
      rtoSeconds: 40 * 60,
    });
    expect(d.commands).toEqual(recoverySteps(prod, COPY).map((s) => s.command.join(' ')));
    expect(d.lines.at(-1)).toBe('recover: verified; RTO 2400 s (measured), RPO 23400 s');
  });

  it('restores a given (older) copy, for data corruption, with its own RPO', async () => {
    const result = await recover(deps(), prod, { recoveryPointArn: OLDER });
    expect(result.recoveryPoint?.arn).toBe(OLDER);
    expect(result.rpoSeconds).toBe(30.5 * 3600);
  });

  it.each(['deploy data and migrator', 'run migrations', 'deploy service and monitoring', 'verify'])('stops when "%s" fails and still reports RTO and RPO', async (step) => {
    const d = deps(step);
    const result = await recover(d, prod);
    const names = recoverySteps(prod, COPY).map((s) => s.name);
    expect(result).toMatchObject({ ok: false, failedStep: step, rpoSeconds: 23_400, rtoSeconds: (names.indexOf(step) + 1) * 600 });
    expect(d.commands).toHaveLength(names.indexOf(step) + 1);
    expect(d.lines.at(-1)).toBe(`recover: FAILED at "${step}"; RTO ${result.rtoSeconds} s (measured), RPO 23400 s`);
  });

  it('deploys nothing without a copied recovery point (or with an unknown one)', async () => {
    for (const options of [{ recoveryPointArn: `${COPY}-typo` }, {}]) {
      if (!options.recoveryPointArn) backupMock.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] });
      const d = deps();
      const result = await recover(d, prod, options);
      expect(result).toEqual({ ok: false, failedStep: 'find recovery point', rtoSeconds: 0 });
      expect(d.commands).toEqual([]);
      expect(d.lines[0]).toMatch(/^recover: NoRecoveryPoint: backup vault "platform-prod-backup-copy" holds no completed recovery point/);
    }
  });

  it('ends OK when the verify of the just-deployed recovery environment has only PASS and N/A (no backup or drill run yet)', async () => {
    const server = await startServer(selfSignedCertificate());
    try {
      const env = liveEnvironment();
      freshEnvironment(env, 'platform-prod-recovery', new Date(NOW.getTime() - 600_000));
      // The verify fixture mocks its own Backup client, which also answers the recovery point lookup.
      env.mocks.backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'platform-prod-backup-copy' }).resolves(COPIES);
      const statuses: string[] = [];
      const d = deps();
      const result = await recover(
        {
          ...d,
          backup: env.clients.backup,
          // The deploy and migration steps succeed; the verify step runs the checks in-process against the mocks.
          run: async (command) => {
            if (command[2] !== 'verify') return d.run(command);
            const report = await runVerify(recoveryConfig(), env.clients, { now: () => NOW, sleep: async () => undefined, endpoint: server.endpoint });
            statuses.push(...report.results.map((r) => r.status));
            return exitCode(report.results);
          },
        },
        prod,
      );
      expect(new Set(statuses)).toEqual(new Set(['PASS', 'N/A']));
      expect(result).toMatchObject({ ok: true, recoveryPoint: { arn: COPY } });
      expect(d.lines.at(-1)).toMatch(/^recover: verified; RTO \d+ s \(measured\), RPO 23400 s$/);
    } finally {
      await server.close();
    }
  });
});
