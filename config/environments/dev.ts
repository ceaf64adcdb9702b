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
  database: { multiAz: false, deletionProtection: false, backupRetentionDays: 7 },
  sessionCleanup: { logRetentionDays: 30 },
  // No domain in dev: the uptime canary is skipped; alarms still go to the topics (no subscribers by default).
  observability: { logRetentionDays: 30, restoreDrill: { instanceClass: 'db.t4g.micro' } },
  tags: { 'platform:environment': 'dev' },
};
