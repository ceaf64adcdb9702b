// `npm run verify`: read-only checks of a deployed environment, one result per check, each tied to a checklist
// item. Pure over the clients it is given (tests use aws-sdk-client-mock and a local HTTPS server); bin/verify.ts
// builds the real clients from the shell's credentials.
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SyntheticsClient } from '@aws-sdk/client-synthetics';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { EnvironmentConfig, deploymentName, overrideVariable } from '../../config';
import { appSecretName } from '../constructs/app-secrets';
import { copyDestinationVaultName } from '../constructs/backup';
import { isCredentialsError, publicHost } from '../preflight/checks';
import { checkAlarms } from './checks/alarms';
import { checkBackups } from './checks/backups';
import { checkCache } from './checks/cache';
import { checkCanary } from './checks/canary';
import { checkDatabase } from './checks/database';
import { checkDrift } from './checks/drift';
import { Endpoint, checkHeaders, checkRedirect, checkTls } from './checks/endpoint';
import { checkListeners, checkWaf } from './checks/load-balancer';
import { checkRestoreDrill } from './checks/restore-drill';
import { checkSecretReplicas, checkSecretRotation } from './checks/secrets';
import { checkSessionCleanup } from './checks/session-cleanup';
import { environmentStacks, readInventory } from './inventory';
import { VerifyReport, VerifyResult, errorName, fail, isAccessDenied, notApplicable } from './result';

export interface VerifyClients {
  readonly sts: STSClient;
  /** CloudFormation in a region: the environment's and the backup copy's. */
  readonly cloudFormation: (region: string) => CloudFormationClient;
  /** Secrets Manager in the environment's region. */
  readonly secretsManager: SecretsManagerClient;
  /** Secrets Manager in a region: a recovery environment's primaries are in the environment's home region. */
  readonly secretsManagerIn: (region: string) => SecretsManagerClient;
  readonly backup: BackupClient;
  readonly sfn: SFNClient;
  readonly wafv2: WAFV2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly cloudWatch: CloudWatchClient;
  readonly synthetics: SyntheticsClient;
  readonly logs: CloudWatchLogsClient;
  readonly rds: RDSClient;
  readonly elastiCache: ElastiCacheClient;
  readonly lambda: LambdaClient;
}

export interface VerifyOptions {
  readonly now?: () => Date;
  /** Waits between drift detection polls. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Overrides of the public endpoint (tests: local ports and a self-signed CA). */
  readonly endpoint?: Partial<Endpoint>;
}

const ONE_YEAR_SECONDS = 31_536_000;

/** A check that throws (a missing permission, a throttled API) fails its items with the reason, and the others still run. */
async function guarded(ids: readonly string[], name: string, now: () => Date, run: () => Promise<VerifyResult[]>): Promise<VerifyResult[]> {
  try {
    return await run();
  } catch (error) {
    if (isCredentialsError(error)) throw error;
    const denied = isAccessDenied(error);
    const fix = denied ? 'give the verifier role the read permission named above (bootstrap/verifier-policy.json)' : 'retry; if it persists, check the service in the console';
    return ids.map((id) => fail(id, name, `could not check: ${errorName(error)}: ${(error as Error).message ?? String(error)}`, now(), fix));
  }
}

export function endpointOf(config: EnvironmentConfig, overrides: Partial<Endpoint> = {}): Endpoint | undefined {
  const host = overrides.host ?? publicHost(config);
  if (!host) return undefined;
  const prod = config.name === 'prod';
  return { host, path: config.observability.canary.healthPath, requireSecurityHeaders: prod, minHstsMaxAge: prod ? ONE_YEAR_SECONDS : 1, ...overrides };
}

export async function runVerify(config: EnvironmentConfig, clients: VerifyClients, options: VerifyOptions = {}): Promise<VerifyReport> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const startedAt = now();
  const { Account = '', Arn = '' } = await clients.sts.send(new GetCallerIdentityCommand({}));
  const report = (results: VerifyResult[]): VerifyReport => ({
    environment: deploymentName(config),
    account: Account,
    region: config.region,
    caller: Arn,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    results,
  });
  if (Account !== config.account) {
    // Checking another account would report on someone else's resources as if they were this environment's.
    return report([fail('CL-ENV-1', 'account', `credentials (${Arn}) are in account ${Account}, but ${config.name} is configured for ${config.account}`, now(), `use the ${config.name} verifier role, or set ${overrideVariable(config.name, 'ACCOUNT')}`)]);
  }
  const partition = Arn.split(':')[1] || 'aws';
  const inventory = await readInventory(clients.cloudFormation, environmentStacks(config));
  const endpoint = endpointOf(config, options.endpoint);
  const noEndpoint = (id: string, check: string) =>
    notApplicable(id, check, `no public host name is configured (observability.canary.domain or an https service.app.allowedOrigins entry), so there is no endpoint to probe`, now());
  const alarms = config.observability.alarms;
  // A recovery environment's home region is its backup.copyRegion (config/load.ts): its backups are copied back there.
  const home = config.backup.copyRegion;
  const recoverySecrets = config.recovery
    ? [
        guarded(['CL-SEC-2'], 'signing secret replicas', now, () =>
          checkSecretReplicas(
            { replicas: clients.secretsManager, primaries: clients.secretsManagerIn(home) },
            { names: config.appSecrets.names.map((name) => appSecretName(config, name)), home, region: config.region },
            now(),
          ),
        ),
        Promise.resolve([
          notApplicable('CL-SEC-2', 'signing secret rotation', `the signing secrets are replicas: they rotate with their primaries in ${home}, and get a rotation of their own when promoted (docs/disaster-recovery.md)`, now()),
        ]),
      ]
    : [];

  const groups = await Promise.all([
    guarded(['CL-SEC-2'], 'secret rotation', now, () => checkSecretRotation(clients.secretsManager, inventory, now())),
    ...recoverySecrets,
    guarded(['CL-DB-2'], 'backups', now, () =>
      checkBackups(clients.backup, inventory, { account: Account, partition, homeVault: config.recovery ? { name: copyDestinationVaultName(config), region: home } : undefined }, now()),
    ),
    guarded(['CL-DB-3'], 'restore drill', now, () =>
      checkRestoreDrill(clients.sfn, inventory, { schedule: config.observability.restoreDrill.schedule, maxRestoreSeconds: alarms.drillRestoreDurationSeconds.warning, maxDataAgeSeconds: alarms.drillDataAgeSeconds.warning }, now()),
    ),
    guarded(['CL-TLS-1'], 'load balancer listeners', now, () => checkListeners(clients.elbv2, inventory, now())),
    endpoint ? guarded(['CL-TLS-1'], 'HTTP redirect', now, async () => [await checkRedirect(endpoint, now)]) : Promise.resolve([noEndpoint('CL-TLS-1', 'HTTP redirects to HTTPS')]),
    endpoint ? guarded(['CL-TLS-1'], 'TLS versions', now, () => checkTls(endpoint, now)) : Promise.resolve([noEndpoint('CL-TLS-1', 'TLS versions')]),
    endpoint ? guarded(['CL-TLS-2', 'CL-HDR-1'], 'response headers', now, () => checkHeaders(endpoint, now)) : Promise.resolve([noEndpoint('CL-TLS-2', 'HSTS on every response'), noEndpoint('CL-HDR-1', 'security headers on every response')]),
    guarded(['CL-WAF-1', 'CL-WAF-3'], 'WAF', now, () => checkWaf(clients.wafv2, inventory, now())),
    guarded(['CL-TLS-3', 'CL-SEC-1', 'CL-SEC-4'], 'database', now, () => checkDatabase(clients.rds, inventory, now())),
    guarded(['CL-TLS-4', 'CL-RED-1', 'CL-RED-2'], 'Redis', now, () => checkCache(clients.elastiCache, inventory, config.name === 'prod', now())),
    guarded(['CL-OBS-2'], 'alarms', now, () => checkAlarms(clients.cloudWatch, inventory, now())),
    guarded(['CL-OBS-3'], 'uptime canary', now, () => checkCanary(clients.synthetics, inventory, config.observability.canary.domain ? config.observability.canary.intervalMinutes : undefined, now())),
    guarded(['CL-SES-1'], 'session cleanup', now, () =>
      checkSessionCleanup(clients, inventory, { schedule: config.sessionCleanup.schedule, metricsNamespace: config.sessionCleanup.metricsNamespace }, now()),
    ),
    guarded(['CL-DEL-1'], 'drift', now, () => checkDrift(clients.cloudFormation, inventory, now(), { sleep })),
  ]);
  return report(groups.flat());
}
