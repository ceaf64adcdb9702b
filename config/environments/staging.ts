import type { EnvironmentConfigInput } from '../schema';

/** staging: prod's shape at a smaller size; the last stop before prod. */
export const stagingConfig: EnvironmentConfigInput = {
  name: 'staging',
  // Placeholder account: set PLATFORM_STAGING_ACCOUNT (or edit here) before deploying.
  account: '000000000002',
  region: 'eu-west-1',
  removalPolicy: 'snapshot',
  terminationProtection: true,
  network: {
    cidr: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    natGateways: 1,
    flowLogs: { retentionDays: 90 },
  },
  database: {
    multiAz: true,
    deletionProtection: true,
    backupRetentionDays: 14,
    instanceClass: 'db.t4g.medium',
    allocatedStorageGiB: 50,
    maxAllocatedStorageGiB: 200,
    logRetentionDays: 30,
  },
  cache: { nodeType: 'cache.t4g.small', replicas: 1, snapshotRetentionDays: 3, logRetentionDays: 30 },
  backup: {
    copyRegion: 'eu-west-3',
    dailyRetentionDays: 14,
    weeklyRetentionDays: 35,
    vaultLock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 100 },
  },
  sessionCleanup: { logRetentionDays: 90 },
  observability: {
    logRetentionDays: 90,
    // Placeholder addresses: replace with the team's lists before deploying.
    alarmEmails: { critical: ['platform-oncall@example.com'], warning: ['platform-team@example.com'] },
    // Two healthy tasks keep an AZ's loss survivable: fewer warns, none pages.
    alarms: { healthyHostsBelow: { warning: 2, critical: 1 } },
    canary: { domain: 'staging.example.com' },
  },
  appSecrets: { rotationDays: 30 },
  service: {
    cpu: 512,
    memoryMiB: 1024,
    tasks: { min: 2, max: 4 },
    logRetentionDays: 90,
    app: {
      allowedOrigins: ['https://staging.app.example.com'],
      featureFlags: { EXPERIMENTAL_CACHING: true, NEW_DASHBOARD_WIDGETS: false },
    },
    // Placeholder so synth works offline: replace with the staging certificate's ARN (or a domain + hosted zone).
    certificate: { certificateArn: 'arn:aws:acm:eu-west-1:000000000002:certificate/00000000-0000-0000-0000-000000000000' },
    loadBalancer: { deletionProtection: true, accessLogExpiryDays: 90 },
  },
  waf: { mode: 'block', logRetentionDays: 90 },
  tags: { 'platform:environment': 'staging' },
};
