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
  database: { multiAz: true, deletionProtection: true, backupRetentionDays: 14 },
  sessionCleanup: { logRetentionDays: 90 },
  observability: {
    logRetentionDays: 90,
    // Placeholder addresses: replace with the team's lists before deploying.
    alarmEmails: { critical: ['platform-oncall@example.com'], warning: ['platform-team@example.com'] },
    // Two healthy tasks keep an AZ's loss survivable: fewer warns, none pages.
    alarms: { healthyHostsBelow: { warning: 2, critical: 1 } },
    canary: { domain: 'staging.example.com' },
  },
  tags: { 'platform:environment': 'staging' },
};
