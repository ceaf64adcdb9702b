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
    /** NAT gateways (or NAT instances, see natInstance): 1 is cheap, one per AZ survives an AZ outage (prod). @default 1 */
    natGateways: z.number().int().min(1).default(1),
    /**
     * NAT instances instead of NAT gateways, `natGateways` of them. Trade-off: a t4g.nano costs about $8/month
     * with its address against a gateway's $39, but it is one burstable EC2 instance (up to 5 Gbit/s, no
     * failover; it is replaced, with a short egress outage, when a deploy finds a newer Amazon Linux 2023
     * image) and it passes HTTPS (443) only, which is all the platform's private subnets send out. For dev;
     * prod keeps gateways (prod floor). @default none (NAT gateways)
     */
    natInstance: z
      .strictObject({
        /** EC2 instance type (Graviton t4g is the cheapest). @default t4g.nano */
        instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an EC2 instance type such as t4g.nano').default('t4g.nano'),
      })
      .optional(),
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
    /**
     * VPC endpoints, each switchable. The S3 gateway endpoint is free. Each interface endpoint keeps its AWS
     * API's traffic off the NAT and the internet (and its per-GB NAT charge) but costs an ENI-hour per AZ,
     * about $8/month per endpoint per AZ; switched off, that API is reached over the NAT, still TLS and IAM
     * authenticated. @default all true
     */
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
