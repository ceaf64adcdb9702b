import { z } from 'zod';
import { logRetentionDays } from './common';

/** AWS managed rule groups that are always on (CL-WAF-1). */
export const CORE_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Further AWS managed rule groups an environment may switch on (no extra subscription needed). */
export const OPTIONAL_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesLinuxRuleSet',
  'AWSManagedRulesUnixRuleSet',
  'AWSManagedRulesAdminProtectionRuleSet',
] as const;

/** Rate-based rule evaluation windows WAF accepts, seconds. */
export const WAF_EVALUATION_WINDOWS = [60, 120, 300, 600] as const;
/** Limits WAF accepts for a rate-based rule, requests per evaluation window. */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;
/** AWS WAF inspects at most the first 8 KB of a request body behind an ALB; a larger limit could never apply. */
export const WAF_ALB_BODY_INSPECTION_BYTES = 8192;

const rateLimit = (limit: number, windowSeconds: number) =>
  z
    .strictObject({
      /** Requests per IP per window before the rule acts. */
      limit: z
        .number()
        .int()
        .min(WAF_RATE_LIMIT_MIN, `must be at least ${WAF_RATE_LIMIT_MIN} (the smallest limit AWS WAF accepts)`)
        .max(WAF_RATE_LIMIT_MAX, `must be at most ${WAF_RATE_LIMIT_MAX} (the largest limit AWS WAF accepts)`)
        .default(limit),
      /** Evaluation window, seconds: one of 60, 120, 300, 600. */
      windowSeconds: z
        .number()
        .int()
        .refine((w) => (WAF_EVALUATION_WINDOWS as readonly number[]).includes(w), {
          message: `must be one of the AWS WAF evaluation windows ${WAF_EVALUATION_WINDOWS.join(', ')} (seconds)`,
        })
        .default(windowSeconds),
    })
    .prefault({});

/** The regional WebACL in front of the ALB (CL-WAF-1..3). */
export const wafSchema = z.strictObject({
  /** `block` enforces every rule; `count` only counts (dev, or tuning a new rule). Prod must block (prod floor). @default block */
  mode: z.enum(['count', 'block']).default('block'),
  /** Optional managed rule groups to add to the four core ones. @default [] */
  additionalManagedRuleGroups: z.array(z.enum(OPTIONAL_MANAGED_RULE_GROUPS)).default([]),
  /**
   * General per-IP limit over all paths. Default ~200 requests/min: the seeds' app limit of 100 requests/min
   * (004 §1) plus the page assets WAF also counts, so the app's own limiter (429 with headers) acts first and
   * WAF stops floods. @default 1000 per 300 s
   */
  generalRateLimit: rateLimit(1000, 300),
  /**
   * Strict per-IP limit on credential submissions only: POST requests to `authPaths` (what brute force needs).
   * The seeds' brute-force threshold (5 attempts per 15 min, 004 §1) as close as WAF allows: its smallest limit
   * (10) over its longest window (600 s). Page loads and prefetches of the sign-in pages are not counted, so
   * users sharing one NAT are not blocked for looking at the form. The app's own lock still applies.
   * Must not allow more per second than `authRateLimit`. @default 10 per 600 s
   */
  credentialRateLimit: rateLimit(WAF_RATE_LIMIT_MIN, 600),
  /**
   * Looser per-IP limit on every request to `authPaths` (any method: page loads, prefetches, OAuth redirects),
   * against scraping and floods of the auth pages. About 1 request per second per IP, for offices behind one
   * NAT; below the general limit. @default 300 per 300 s
   */
  authRateLimit: rateLimit(300, 300),
  /**
   * URI path prefixes of the authentication endpoints (prefix match, URL-decoded, case-insensitive), used by both
   * `credentialRateLimit` (POST only) and `authRateLimit` (all methods). Auth.js's /api/auth/session and
   * /api/auth/csrf are deliberately not listed: clients poll them on every page focus.
   * @default ['/api/auth/signin', '/api/auth/callback', '/login', '/register']
   */
  authPaths: z
    .array(z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, 'must be a URL path prefix starting with /').max(200))
    .min(1)
    .max(10, 'must be at most 10 entries (kept in one OR statement)')
    .default(['/api/auth/signin', '/api/auth/callback', '/login', '/register']),
  /**
   * Requests whose body exceeds this many bytes are blocked. Behind an ALB WAF inspects only the first 8 KB,
   * so a larger limit cannot be enforced; oversize bodies match. @default 8192
   */
  maxBodyBytes: z
    .number()
    .int()
    .min(1)
    .max(WAF_ALB_BODY_INSPECTION_BYTES, `must be at most ${WAF_ALB_BODY_INSPECTION_BYTES}: behind an ALB AWS WAF inspects only the first 8 KB of a body`)
    .default(WAF_ALB_BODY_INSPECTION_BYTES),
  /** Days the WAF log group keeps logs (CL-WAF-3). @default 365 */
  logRetentionDays: logRetentionDays.default(365),
}).superRefine((waf, ctx) => {
  const perSecond = (l: { limit: number; windowSeconds: number }) => l.limit / l.windowSeconds;
  if (perSecond(waf.credentialRateLimit) > perSecond(waf.authRateLimit)) {
    const show = (l: { limit: number; windowSeconds: number }) => `${l.limit} per ${l.windowSeconds} s`;
    ctx.addIssue({
      code: 'custom',
      path: ['credentialRateLimit'],
      message:
        `allows ${show(waf.credentialRateLimit)}, more than authRateLimit (${show(waf.authRateLimit)}): credential submissions ` +
        'must be limited at least as strictly as the auth pages; lower credentialRateLimit.limit or raise authRateLimit',
    });
  }
});

export type WafConfig = z.output<typeof wafSchema>;
