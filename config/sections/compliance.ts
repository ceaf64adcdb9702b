import { z } from 'zod';

/**
 * The cdk-nag packs an environment may add to AwsSolutions and the platform pack (both always on). Each is
 * enforced at synth like those two: any unacknowledged finding refuses synth (lib/compliance/nag.ts).
 * - `NIST80053R5`: NIST 800-53 rev 5 operational best practices.
 * - `HIPAASecurity`: HIPAA Security operational best practices.
 * - `PCIDSS321`: PCI DSS 3.2.1 operational best practices.
 * - `Serverless`: AWS serverless recommended practices (Lambda, EventBridge, SNS, SQS, Step Functions).
 */
export const NAG_PACK_NAMES = ['NIST80053R5', 'HIPAASecurity', 'PCIDSS321', 'Serverless'] as const;
export type NagPackName = (typeof NAG_PACK_NAMES)[number];

/** Which regulatory packs synth enforces (CL-AUD-1). */
export const complianceSchema = z.strictObject({
  /**
   * Packs checked at synth besides AwsSolutions and the platform pack, each named once. Prod must keep at least
   * `NIST80053R5` (prod floor). @default all of NIST80053R5, HIPAASecurity, PCIDSS321, Serverless
   */
  packs: z
    .array(z.enum(NAG_PACK_NAMES))
    .refine((packs) => new Set(packs).size === packs.length, { message: 'names a pack more than once: list each pack once' })
    .default([...NAG_PACK_NAMES]),
});

export type ComplianceConfig = z.output<typeof complianceSchema>;
