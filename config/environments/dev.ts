import type { EnvironmentConfigInput } from '../schema';

/** dev: cheap and disposable; deployed on every merge to main. */
export const devConfig: EnvironmentConfigInput = {
  name: 'dev',
  // Placeholder account: set PLATFORM_DEV_ACCOUNT (or edit here) before deploying.
  account: '000000000001',
  region: 'eu-west-1',
  removalPolicy: 'destroy',
  terminationProtection: false,
  network: {
    cidr: '10.10.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 1,
    flowLogs: { retentionDays: 30 },
  },
  database: {
    multiAz: false,
    deletionProtection: false,
    backupRetentionDays: 7,
    instanceClass: 'db.t4g.micro',
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 50,
    logRetentionDays: 14,
  },
  // Cheapest cache: one node, no replica, one day of snapshots.
  cache: { nodeType: 'cache.t4g.micro', replicas: 0, snapshotRetentionDays: 1, logRetentionDays: 14 },
  backup: {
    copyRegion: 'eu-west-3',
    dailyRetentionDays: 7,
    vaultLock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 35 },
  },
  sessionCleanup: { logRetentionDays: 30 },
  // No domain in dev: the uptime canary is skipped; alarms still go to the topics (no subscribers by default).
  observability: { logRetentionDays: 30, restoreDrill: { instanceClass: 'db.t4g.micro' } },
  tags: { 'platform:environment': 'dev' },
};
