import { z } from 'zod';
import { logRetentionDays } from './common';

const cidrMask = (fallback: number) => z.number().int().min(16).max(28).default(fallback);

/** Network layout: VPC, subnets, NAT, flow logs and VPC endpoints. */
export const networkSchema = z.strictObject({
    /** IPv4 CIDR of the VPC. @default 10.0.0.0/16 */
    cidr: z
      .string()
      .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/, 'must be an IPv4 CIDR with a /16 to /24 prefix')
      .default('10.0.0.0/16'),
    /**
     * Availability zones the VPC spans, given explicitly so synth never looks them up (no AWS access needed).
     * Prod needs at least 3 (CL-ENV-2).
     */
    availabilityZones: z.array(z.string().regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an AZ name such as eu-west-1a')).min(2),
    /** NAT gateways: 1 is cheap (dev), one per AZ survives an AZ outage (prod). @default 1 */
    natGateways: z.number().int().min(1).default(1),
    /** Subnet prefix lengths per tier (bits). @default public 24, private 20, isolated 24 */
    subnetCidrMasks: z.strictObject({ public: cidrMask(24), private: cidrMask(20), isolated: cidrMask(24) })
      .prefault({}),
    /** VPC flow logs (CL-NET-2): traffic type and CloudWatch retention in days. */
    flowLogs: z.strictObject({
        /** @default ALL */
        trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL'),
        /** Days kept in CloudWatch Logs. @default 365 */
        retentionDays: logRetentionDays.default(365),
      })
      .prefault({}),
    /** VPC endpoints, each switchable; they keep AWS API traffic off the NAT and the internet. @default all true */
    endpoints: z.strictObject({
        s3: z.boolean().default(true),
        secretsManager: z.boolean().default(true),
        ecrApi: z.boolean().default(true),
        ecrDocker: z.boolean().default(true),
        cloudWatchLogs: z.boolean().default(true),
        kms: z.boolean().default(true),
      })
      .prefault({}),
  })
  .refine((n) => n.natGateways <= n.availabilityZones.length, {
    message: 'cannot exceed the number of availability zones',
    path: ['natGateways'],
  });
