import type { EnvironmentConfigInput } from '../schema';

/** prod: the prod floor (config/prod-floor.ts) applies on top of these values. */
export const prodConfig: EnvironmentConfigInput = {
  name: 'prod',
  // Placeholder account: set PLATFORM_PROD_ACCOUNT (or edit here) before deploying.
  account: '000000000003',
  region: 'eu-west-1',
  removalPolicy: 'retain',
  terminationProtection: true,
  network: {
    cidr: '10.30.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    natGateways: 3,
    flowLogs: { retentionDays: 365 },
  },
  database: {
    multiAz: true,
    deletionProtection: true,
    backupRetentionDays: 35,
    instanceClass: 'db.m7g.large',
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 1000,
    logRetentionDays: 365,
    performanceInsightsRetentionDays: 31,
    proxy: { maxConnectionsPercent: 90, maxIdleConnectionsPercent: 50, borrowTimeoutSeconds: 120 },
  },
  cache: { nodeType: 'cache.r7g.large', replicas: 2, snapshotRetentionDays: 7, logRetentionDays: 365 },
  backup: {
    copyRegion: 'eu-west-3',
    dailyRetentionDays: 35,
    weeklyRetentionDays: 91,
    monthlyRetentionDays: 365,
    // Compliance mode: after 3 days nobody, not even the account root, can shorten or lift the lock.
    vaultLock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: 3 },
  },
  // Recovery in the copy region (docs/disaster-recovery.md): signing-secret replicas and the quarterly drill there.
  disasterRecovery: {
    enabled: true,
    availabilityZones: ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'],
    cidr: '10.130.0.0/16',
    // Placeholder so synth works offline: replace with a certificate in eu-west-3 (PLATFORM_PROD_RECOVERY_CERTIFICATE_ARN).
    certificateArn: 'arn:aws:acm:eu-west-3:000000000003:certificate/00000000-0000-0000-0000-000000000000',
  },
  sessionCleanup: { logRetentionDays: 365, timeoutSeconds: 600, memoryMiB: 512 },
  observability: {
    logRetentionDays: 365,
    // Placeholder addresses: replace with the team's lists (critical: the pager's e-mail integration).
    alarmEmails: { critical: ['platform-oncall@example.com'], warning: ['platform-team@example.com'] },
    // Two healthy tasks keep an AZ's loss survivable: fewer warns, none pages.
    alarms: { healthyHostsBelow: { warning: 2, critical: 1 } },
    canary: { domain: 'app.example.com' },
    rdsMaxConnections: 400,
    restoreDrill: { instanceClass: 'db.t4g.large' },
  },
  appSecrets: { rotationDays: 30 },
  service: {
    cpu: 1024,
    memoryMiB: 2048,
    tasks: { min: 2, max: 10 },
    autoscaling: { cpuTargetPercent: 70, memoryTargetPercent: 80 },
    logRetentionDays: 365,
    app: {
      logLevel: 'info',
      allowedOrigins: ['https://app.example.com'],
      featureFlags: { EXPERIMENTAL_CACHING: false, NEW_DASHBOARD_WIDGETS: false },
    },
    // Placeholder so synth works offline: replace with the prod certificate's ARN (or a domain + hosted zone).
    certificate: { certificateArn: 'arn:aws:acm:eu-west-1:000000000003:certificate/00000000-0000-0000-0000-000000000000' },
    loadBalancer: { deletionProtection: true, desyncMitigationMode: 'defensive', accessLogExpiryDays: 365 },
  },
  waf: { mode: 'block', logRetentionDays: 365 },
  tags: { 'platform:environment': 'prod' },
};
