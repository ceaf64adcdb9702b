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
    // Cost (npm run cost): a NAT instance instead of a gateway, and AWS APIs reached through it instead of
    // interface endpoints (5 endpoints x 2 AZs); trade-offs at network.natInstance and network.endpoints.
    natInstance: { instanceType: 't4g.nano' },
    endpoints: { secretsManager: false, ecrApi: false, ecrDocker: false, cloudWatchLogs: false, kms: false },
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
  // Cost: only the critical alarm of signals that have both, since nobody is subscribed to dev's warnings.
  observability: { logRetentionDays: 30, warningAlongsideCritical: false, restoreDrill: { instanceClass: 'db.t4g.micro' } },
  appSecrets: { rotationDays: 30, rotationLogRetentionDays: 30 },
  service: {
    // Cost: Graviton, 20% cheaper; the image is built multi-arch (see service.cpuArchitecture).
    cpuArchitecture: 'ARM64',
    cpu: 256,
    memoryMiB: 512,
    tasks: { min: 1, max: 2 },
    logRetentionDays: 30,
    app: {
      logLevel: 'debug',
      allowedOrigins: ['https://dev.app.example.com', 'http://localhost:3000'],
      featureFlags: { EXPERIMENTAL_CACHING: true, NEW_DASHBOARD_WIDGETS: true },
    },
    // Placeholder so synth works offline: replace with the dev certificate's ARN (or a domain + hosted zone).
    certificate: { certificateArn: 'arn:aws:acm:eu-west-1:000000000001:certificate/00000000-0000-0000-0000-000000000000' },
    loadBalancer: {
      deletionProtection: false,
      accessLogExpiryDays: 30,
      // Two origins (one is localhost): the ALB can send only one, so the app answers CORS itself.
      responseHeaders: { cors: { enabled: false } },
    },
  },
  // dev counts so rule tuning never blocks developers; prod must block (prod floor).
  waf: { mode: 'count', logRetentionDays: 30 },
  // No regulatory packs in dev: it deviates from them on purpose to stay cheap and disposable (NAT instance,
  // single-AZ, no deletion protection); staging and prod enforce all of them (compliance.packs defaults).
  compliance: { packs: [] },
  tags: { 'platform:environment': 'dev' },
};
