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
  database: { multiAz: true, deletionProtection: true, backupRetentionDays: 35 },
  tags: { 'platform:environment': 'prod' },
};
