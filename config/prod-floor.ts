import type { EnvironmentConfig } from './schema';
import { parseRate } from './sections/session-cleanup';

/** A minimum that prod configuration cannot go below (CL-ENV-2); each rule says why. */
export interface FloorRule {
  /** Dotted path of the field in EnvironmentConfig. */
  readonly path: string;
  /** What the floor allows, in words. */
  readonly allowed: string;
  /** Why the floor exists. */
  readonly reason: string;
  readonly holds: (config: EnvironmentConfig) => boolean;
  readonly value: (config: EnvironmentConfig) => unknown;
}

/**
 * Days every prod log group keeps its logs at least (CL-OBS-1): a year of history for incident and audit
 * questions. Platform-LogRetentionFloor checks the same floor on the templates, whatever set the retention.
 */
export const PROD_MIN_LOG_RETENTION_DAYS = 365;

function logRetentionFloor(path: string, logs: string, days: (c: EnvironmentConfig) => number): FloorRule {
  return {
    path,
    allowed: `>= ${PROD_MIN_LOG_RETENTION_DAYS}`,
    reason: `${logs} logs are kept at least a year in prod (CL-OBS-1)`,
    holds: (c) => days(c) >= PROD_MIN_LOG_RETENTION_DAYS,
    value: days,
  };
}

export const PROD_FLOOR: readonly FloorRule[] = [
  {
    path: 'database.multiAz',
    allowed: 'true',
    reason: 'prod must survive the loss of an availability zone',
    holds: (c) => c.database.multiAz,
    value: (c) => c.database.multiAz,
  },
  {
    path: 'database.deletionProtection',
    allowed: 'true',
    reason: 'the prod database must not be deletable by a deploy or a mistaken API call',
    holds: (c) => c.database.deletionProtection,
    value: (c) => c.database.deletionProtection,
  },
  {
    path: 'database.backupRetentionDays',
    allowed: '>= 7',
    reason: 'point-in-time recovery must reach back at least a week',
    holds: (c) => c.database.backupRetentionDays >= 7,
    value: (c) => c.database.backupRetentionDays,
  },
  {
    path: 'cache.replicas',
    allowed: '>= 1',
    reason: 'the prod cache needs a replica in another AZ for automatic failover and Multi-AZ (CL-RED-2)',
    holds: (c) => c.cache.replicas >= 1,
    value: (c) => c.cache.replicas,
  },
  {
    path: 'cache.snapshotRetentionDays',
    allowed: '>= 7',
    reason: 'a week of cache snapshots lets sessions be restored after corruption or a bad deploy (CL-RED-2)',
    holds: (c) => c.cache.snapshotRetentionDays >= 7,
    value: (c) => c.cache.snapshotRetentionDays,
  },
  {
    path: 'backup.dailyRetentionDays',
    allowed: '>= 7',
    reason: 'daily AWS Backup recovery points and their off-region copies must reach back at least a week (CL-DB-2)',
    holds: (c) => c.backup.dailyRetentionDays >= 7,
    value: (c) => c.backup.dailyRetentionDays,
  },
  {
    path: 'network.availabilityZones',
    allowed: 'at least 3 availability zones',
    reason: 'prod spreads tasks, NAT and the database standby over three AZs',
    holds: (c) => c.network.availabilityZones.length >= 3,
    value: (c) => c.network.availabilityZones,
  },
  {
    path: 'network.natInstance',
    allowed: 'unset (NAT gateways)',
    reason: 'prod egress must not hang on a single burstable EC2 instance that is replaced on image updates',
    holds: (c) => c.network.natInstance === undefined,
    value: (c) => c.network.natInstance,
  },
  {
    path: 'disasterRecovery.enabled',
    allowed: 'true',
    reason: 'prod must be recoverable in its copy region when its own region fails: secret replicas and a drilled restore (docs/disaster-recovery.md)',
    holds: (c) => c.disasterRecovery.enabled,
    value: (c) => c.disasterRecovery.enabled,
  },
  {
    path: 'removalPolicy',
    allowed: '"retain"',
    reason: 'stateful prod resources must outlive their stack',
    holds: (c) => c.removalPolicy === 'retain',
    value: (c) => c.removalPolicy,
  },
  {
    path: 'terminationProtection',
    allowed: 'true',
    reason: 'stateful prod stacks must not be deletable by a stray `cdk destroy`',
    holds: (c) => c.terminationProtection,
    value: (c) => c.terminationProtection,
  },
  {
    path: 'sessionCleanup.schedule',
    allowed: 'a rate of at most 15 minutes',
    reason: 'expired and revoked sessions must be cleaned every 15 minutes (CL-SES-1)',
    holds: (c) => (parseRate(c.sessionCleanup.schedule) ?? Infinity) <= 15,
    value: (c) => c.sessionCleanup.schedule,
  },
  {
    path: 'sessionCleanup.maxSessionsPerUser',
    allowed: '<= 100',
    reason: 'at most 100 sessions are retained per user (CL-SES-1)',
    holds: (c) => c.sessionCleanup.maxSessionsPerUser <= 100,
    value: (c) => c.sessionCleanup.maxSessionsPerUser,
  },
  logRetentionFloor('sessionCleanup.logRetentionDays', 'session-cleanup Lambda', (c) => c.sessionCleanup.logRetentionDays),
  logRetentionFloor('observability.logRetentionDays', 'drill, canary and monitoring', (c) => c.observability.logRetentionDays),
  logRetentionFloor('service.logRetentionDays', 'web container', (c) => c.service.logRetentionDays),
  logRetentionFloor('database.logRetentionDays', 'PostgreSQL and db-bootstrap', (c) => c.database.logRetentionDays),
  logRetentionFloor('cache.logRetentionDays', 'Redis engine, slow and rotation', (c) => c.cache.logRetentionDays),
  logRetentionFloor('network.flowLogs.retentionDays', 'VPC flow', (c) => c.network.flowLogs.retentionDays),
  logRetentionFloor('waf.logRetentionDays', 'WAF', (c) => c.waf.logRetentionDays),
  logRetentionFloor('appSecrets.rotationLogRetentionDays', 'app-secret rotation', (c) => c.appSecrets.rotationLogRetentionDays),
  {
    path: 'compliance.packs',
    allowed: 'a list that includes "NIST80053R5"',
    reason: 'prod is held to NIST 800-53 rev 5 at synth, so no deploy can drop the framework auditors assess it against (CL-AUD-1)',
    holds: (c) => c.compliance.packs.includes('NIST80053R5'),
    value: (c) => c.compliance.packs,
  },
  {
    path: 'waf.mode',
    allowed: '"block"',
    reason: 'prod WAF rules must stop attacks, not only count them (CL-WAF-1, CL-WAF-2)',
    holds: (c) => c.waf.mode === 'block',
    value: (c) => c.waf.mode,
  },
  {
    path: 'service.app.allowedOrigins',
    allowed: 'https:// origins only',
    reason: 'a plain-http origin lets a network attacker make credentialed cross-origin requests',
    holds: (c) => c.service.app.allowedOrigins.every((o) => o.toLowerCase().startsWith('https://')),
    value: (c) => c.service.app.allowedOrigins,
  },
  {
    path: 'service.loadBalancer.deletionProtection',
    allowed: 'true',
    reason: 'the prod load balancer (and its DNS name) must not be deletable by a deploy or a mistaken API call',
    holds: (c) => c.service.loadBalancer.deletionProtection,
    value: (c) => c.service.loadBalancer.deletionProtection,
  },
  {
    path: 'service.loadBalancer.responseHeaders.frameOptions',
    allowed: '"DENY" or "SAMEORIGIN"',
    reason: 'other sites must not frame prod pages to trick users into clicks (clickjacking, CL-HDR-1)',
    holds: (c) => c.service.loadBalancer.responseHeaders.frameOptions !== 'off',
    value: (c) => c.service.loadBalancer.responseHeaders.frameOptions,
  },
  {
    path: 'service.loadBalancer.responseHeaders.contentTypeNosniff',
    allowed: 'true',
    reason: 'browsers must not guess a content type, which can turn an uploaded file into a script (CL-HDR-1)',
    holds: (c) => c.service.loadBalancer.responseHeaders.contentTypeNosniff,
    value: (c) => c.service.loadBalancer.responseHeaders.contentTypeNosniff,
  },
  {
    path: 'service.tasks.min',
    allowed: '>= 2',
    reason: 'prod keeps a task in a second AZ so one task or AZ failure does not take the app down',
    holds: (c) => c.service.tasks.min >= 2,
    value: (c) => c.service.tasks.min,
  },
];
