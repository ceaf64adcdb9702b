import { z } from 'zod';
import { envVarName } from './app-secrets';
import { logRetentionDays } from './common';

/** Names that look like they carry a secret; such values never go into plain container environment (CL-SEC-3). */
export const SECRET_LOOKING_NAME = /SECRET|PASSWORD|TOKEN|KEY|CREDENTIAL|PRIVATE/i;

/** Variables the platform itself gives the container (plain or as secrets); `extraEnvironment` may not override them. */
export const PLATFORM_ENVIRONMENT_NAMES = [
  'NODE_ENV', 'PORT', 'HOSTNAME', 'HEALTH_CHECK_PATH', 'STOP_TIMEOUT_SECONDS', 'LOG_LEVEL', 'REQUEST_TIMEOUT_MS', 'RATE_LIMIT_MAX', 'RATE_LIMIT_WINDOW_MS',
  'LOGIN_BRUTE_MAX_ATTEMPTS', 'LOGIN_BRUTE_WINDOW_MS', 'LOGIN_BRUTE_LOCK_MS', 'JWT_ACCESS_TTL_MIN',
  'JWT_REFRESH_TTL_DAYS', 'SESSION_TIMEOUT_MINUTES', 'ENFORCE_EMAIL_VERIFICATION', 'ENABLE_METRICS', 'ALLOWED_ORIGINS',
  'DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_NAME', 'DATABASE_SCHEMA', 'DATABASE_SSL', 'DATABASE_AUTH', 'DATABASE_USER',
  'REDIS_HOST', 'REDIS_PORT', 'REDIS_TLS', 'REDIS_USERNAME', 'REDIS_PASSWORD',
] as const;

/**
 * Fargate's allowed task sizes: CPU units -> allowed memory (MiB) as [min, max, step].
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
export const FARGATE_SIZES: Readonly<Record<number, readonly [number, number, number]>> = {
  256: [512, 2048, 512],
  512: [1024, 4096, 1024],
  1024: [2048, 8192, 1024],
  2048: [4096, 16384, 1024],
  4096: [8192, 30720, 1024],
  8192: [16384, 61440, 4096],
  16384: [32768, 122880, 8192],
};

export function fargateMemoryOptions(cpu: number): number[] {
  const size = FARGATE_SIZES[cpu];
  if (!size) return [];
  const [min, max, step] = size;
  const options: number[] = [];
  for (let m = min; m <= max; m += step) options.push(m);
  // 0.25 vCPU allows 512, 1024 and 2048 only: no 1536.
  return cpu === 256 ? options.filter((m) => m !== 1536) : options;
}

/** A CORS origin: scheme and host (and port), no path, no wildcard. */
const origin = z.string().superRefine((value, ctx) => {
  if (value.includes('*')) {
    ctx.addIssue({ code: 'custom', message: `"${value}": wildcards are not allowed in allowedOrigins; list each origin explicitly, such as https://app.example.com` });
    return;
  }
  if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(value)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an origin; give scheme and host only, such as https://app.example.com (no path, no trailing slash)` });
  }
});

/** A name for a plain environment variable: refused if it looks like a secret. */
const plainEnvName = (field: string) =>
  envVarName.refine((name) => !SECRET_LOOKING_NAME.test(name), {
    error: (issue) =>
      `${field} "${String(issue.input)}" looks like a secret (matches ${SECRET_LOOKING_NAME.source}); plain environment values are ` +
      'readable in the task definition, so store it in Secrets Manager and inject it as an ECS secret instead (CL-SEC-3)',
  });

const isPlatformName = (name: string) => (PLATFORM_ENVIRONMENT_NAMES as readonly string[]).includes(name);

/** Operational settings of seed 004 §1 (and 000 §2), passed to the container as plain environment (CL-APP-4). */
const appSettingsSchema = z.strictObject({
  /** LOG_LEVEL. @default info */
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** REQUEST_TIMEOUT_MS: global API timeout, milliseconds. @default 10000 */
  requestTimeoutMs: z.number().int().min(1000).max(300000).default(10000),
  /** RATE_LIMIT_MAX / RATE_LIMIT_WINDOW_MS: the app's own per-IP/user limit. @default 100 per 60000 ms */
  rateLimit: z
    .strictObject({ max: z.number().int().min(1).default(100), windowMs: z.number().int().min(1000).default(60000) })
    .prefault({}),
  /** LOGIN_BRUTE_*: failed logins before a lock, their window and the lock duration (ms). @default 5 / 900000 / 900000 */
  loginBruteForce: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).default(5),
      windowMs: z.number().int().min(1000).default(900000),
      lockMs: z.number().int().min(1000).default(900000),
    })
    .prefault({}),
  /** JWT_ACCESS_TTL_MIN: access-token lifetime, minutes. @default 15 */
  jwtAccessTtlMinutes: z.number().int().min(1).max(1440).default(15),
  /** JWT_REFRESH_TTL_DAYS: refresh-token lifetime, days. @default 7 */
  jwtRefreshTtlDays: z.number().int().min(1).max(90).default(7),
  /** SESSION_TIMEOUT_MINUTES (seed 000). @default 60 */
  sessionTimeoutMinutes: z.number().int().min(1).max(43200).default(60),
  /** ENFORCE_EMAIL_VERIFICATION (seed 000). @default true */
  enforceEmailVerification: z.boolean().default(true),
  /** ENABLE_METRICS. @default true */
  enableMetrics: z.boolean().default(true),
  /**
   * ALLOWED_ORIGINS (comma-joined): the CORS allowlist, each origin explicit. `*` is always refused; prod
   * refuses non-https origins (prod floor).
   */
  allowedOrigins: z.array(origin).min(1),
  /** Feature flags, each passed as FLAG_<NAME>=true|false. @default {} */
  featureFlags: z.record(plainEnvName('featureFlags name'), z.boolean()).default({}),
});

/** Where the HTTPS listener's certificate comes from: an existing ACM ARN, or a DNS-validated one for a domain. */
const certificateSchema = z
  .strictObject({
    /** An existing ACM certificate in the environment's region. */
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM certificate ARN')
      .optional(),
    /** Domain to issue a DNS-validated certificate for (and point at the ALB with an alias record). */
    domainName: z.string().regex(/^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a DNS name such as app.example.com').optional(),
    /** Route 53 hosted zone ID that holds `domainName` (given, never looked up). */
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone ID such as Z0123456789ABC').optional(),
    /** Name of that hosted zone, such as example.com. */
    zoneName: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a DNS zone name such as example.com').optional(),
  })
  .superRefine((c, ctx) => {
    const dns = [c.domainName, c.hostedZoneId, c.zoneName];
    if (c.certificateArn !== undefined && dns.some((v) => v !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either certificateArn or domainName + hostedZoneId + zoneName, not both' });
    } else if (c.certificateArn === undefined && dns.some((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give certificateArn, or all of domainName, hostedZoneId and zoneName' });
    } else if (c.domainName && c.zoneName && !(c.domainName === c.zoneName || c.domainName.endsWith(`.${c.zoneName}`))) {
      ctx.addIssue({ code: 'custom', path: ['domainName'], message: `"${c.domainName}" is not inside zone "${c.zoneName}"` });
    }
  });

/** X-Frame-Options values the platform accepts; `off` sends none (refused in prod by the prod floor). */
export const FRAME_OPTIONS = ['DENY', 'SAMEORIGIN', 'off'] as const;
export type FrameOption = (typeof FRAME_OPTIONS)[number];

const frameOptions = z
  .string()
  .superRefine((value, ctx) => {
    if (/^ALLOW-FROM/i.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'ALLOW-FROM is ignored by current browsers, so the page could be framed by any site; use "SAMEORIGIN", or name the ' +
          'sites allowed to frame it in a CSP frame-ancestors directive (contentSecurityPolicy)',
      });
    } else if (!(FRAME_OPTIONS as readonly string[]).includes(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be "DENY", "SAMEORIGIN" or "off"' });
    }
  })
  .transform((value) => value as FrameOption);

/** One CSP directive: a lowercase name, then space-separated sources of visible ASCII without `;` or `,`. */
const CSP_DIRECTIVE = /^[a-z][a-z-]*( +[\x21-\x2b\x2d-\x3a\x3c-\x7e]+)*$/;

/** A Content-Security-Policy value the ALB can send unchanged on every response. */
const contentSecurityPolicy = z.string().superRefine((value, ctx) => {
  const directives = value.split(';').map((d) => d.trim()).filter((d) => d !== '');
  if (directives.length === 0) {
    ctx.addIssue({ code: 'custom', message: `must hold at least one directive, such as "default-src 'self'"` });
    return;
  }
  const bad = directives.find((d) => !CSP_DIRECTIVE.test(d));
  if (bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${bad}" is not a CSP directive: give a lowercase name and space-separated sources, such as "script-src 'self'", separated by ";" (no commas, no line breaks)`,
    });
    return;
  }
  const names = directives.map((d) => d.split(' ')[0]);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) {
    ctx.addIssue({ code: 'custom', message: `directive "${repeated}" appears twice; browsers ignore the second, so merge its sources into one` });
  }
  if (/'nonce-/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a nonce must be new on every response, but the ALB sends one fixed value; let the app send a CSP with nonces (docs/service-tier.md)',
    });
  }
});

/** An HTTP header name for the CORS lists; a wildcard is refused (with credentials, browsers take `*` literally). */
const corsHeaderName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as Content-Type (letters, digits and -; no wildcard)');

/** CORS headers the ALB adds for the app's ONE allowed origin (CL-HDR-1). */
const corsSchema = z.strictObject({
  /**
   * Whether the ALB adds the CORS headers. It sends one fixed Access-Control-Allow-Origin (the single entry of
   * `service.app.allowedOrigins`), so with several origins this must be false and the app answers CORS itself.
   * @default true
   */
  enabled: z.boolean().default(true),
  /** Access-Control-Allow-Methods. @default GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS */
  allowMethods: z
    .array(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']))
    .min(1)
    .default(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
  /** Access-Control-Allow-Headers: request headers the browser may send cross-origin. @default Content-Type, Authorization */
  allowHeaders: z.array(corsHeaderName).min(1).default(['Content-Type', 'Authorization']),
  /** Access-Control-Expose-Headers: response headers scripts of the origin may read; empty sends none. @default [] */
  exposeHeaders: z.array(corsHeaderName).default([]),
  /** Access-Control-Allow-Credentials: true lets the origin send cookies; only ever with an explicit origin. @default true */
  allowCredentials: z.boolean().default(true),
  /** Access-Control-Max-Age: seconds a browser may cache a preflight answer (browsers cap it lower). @default 600 */
  maxAgeSeconds: z.number().int().min(0).max(86400).default(600),
});

/**
 * Security headers the HTTPS listener adds to every response, its own fixed responses included, and the `Server`
 * header it always removes (CL-HDR-1). Where the app sends the same header, the ALB's value replaces it.
 */
const responseHeadersSchema = z.strictObject({
  /** X-Frame-Options: `DENY`, `SAMEORIGIN`, or `off` (prod floor: not off). @default DENY */
  frameOptions: frameOptions.default('DENY'),
  /** X-Content-Type-Options: nosniff when true; false sends none (prod floor: true). @default true */
  contentTypeNosniff: z.boolean().default(true),
  /**
   * Content-Security-Policy sent on every response. Off by default: a wrong policy breaks the app, so roll one
   * out as Content-Security-Policy-Report-Only from the app first (docs/service-tier.md). No nonces. @default none
   */
  contentSecurityPolicy: contentSecurityPolicy.optional(),
  /** CORS for the app's single allowed origin. */
  cors: corsSchema.prefault({}),
});

/** ECS Fargate service, its load balancer and the app's runtime settings. */
export const serviceSchema = z
  .strictObject({
    /**
     * Container image. With a tag, the service and the migrator run that image from the environment's ECR
     * repository (registry stack); without one, CDK builds the reference app (`app/`) as a container asset at
     * deploy time, so a new environment works before the team's first image exists.
     */
    image: z
      .strictObject({
        /**
         * Image tag in the environment's repository, overridden per deploy with `cdk deploy -c imageTag=<tag>`.
         * Tags are immutable there, so a tag always names the same image. @default none (the reference app)
         */
        tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, 'must be an image tag (letters, digits, . _ -; at most 128)').optional(),
        /** Days an untagged image (a pushed-over or failed build layer set) stays in the repository. @default 14 */
        untaggedExpiryDays: z.number().int().min(1).max(365).default(14),
      })
      .prefault({}),
    /** The one-off migration task run before every deploy shifts traffic (scripts/run-migrations.sh). */
    migrator: z
      .strictObject({
        /**
         * Command the migrator container runs in the service's image, as exec-form arguments. It must exit 0
         * when the schema is current and non-zero on failure (the deploy then stops). @default the reference app's
         */
        command: z.array(z.string().min(1)).min(1).default(['node', 'migrate.js']),
      })
      .prefault({}),
    /**
     * CPU architecture the tasks run on; the image must be built for it. ARM64 (Graviton) costs 20% less per
     * vCPU- and GB-hour; an environment on ARM64 while another is on X86_64 needs a multi-arch image
     * (linux/amd64 + linux/arm64), since every environment deploys the same image tag. @default X86_64
     */
    cpuArchitecture: z.enum(['X86_64', 'ARM64']).default('X86_64'),
    /** Task CPU units (256 = 0.25 vCPU). @default 512 */
    cpu: z.number().int().default(512),
    /** Task memory, MiB; must be a Fargate combination with `cpu`. @default 1024 */
    memoryMiB: z.number().int().default(1024),
    /** Port the app listens on inside the container (PORT). @default 3000 */
    containerPort: z.number().int().min(1024).max(65535).default(3000),
    /** Task counts: autoscaling keeps the service between min and max; desired is the initial count. */
    tasks: z
      .strictObject({
        /** @default 1 */
        min: z.number().int().min(1).default(1),
        /** @default 2 */
        max: z.number().int().min(1).default(2),
        /** @default min */
        desired: z.number().int().min(1).optional(),
      })
      .prefault({})
      .refine((t) => t.min <= t.max, { message: 'tasks.min must be at most tasks.max', path: ['min'] })
      .refine((t) => t.desired === undefined || (t.desired >= t.min && t.desired <= t.max), {
        message: 'tasks.desired must lie between tasks.min and tasks.max',
        path: ['desired'],
      }),
    /** Target tracking on average CPU / memory utilization, percent (CL-APP-3). @default 70 / 80 */
    autoscaling: z
      .strictObject({
        cpuTargetPercent: z.number().int().min(10).max(95).default(70),
        memoryTargetPercent: z.number().int().min(10).max(95).default(80),
        /** Seconds after a scale-in / scale-out before the next one. @default 300 / 60 */
        scaleInCooldownSeconds: z.number().int().min(0).default(300),
        scaleOutCooldownSeconds: z.number().int().min(0).default(60),
      })
      .prefault({}),
    /** Health check: container (node fetch), ALB target group, and the deployment grace period (CL-APP-2). */
    healthCheck: z
      .strictObject({
        /** @default /api/health */
        path: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, 'must be a URL path starting with /').default('/api/health'),
        /** Seconds between checks. @default 30 */
        intervalSeconds: z.number().int().min(5).max(300).default(30),
        /** Seconds before a check counts as failed. @default 5 */
        timeoutSeconds: z.number().int().min(2).max(120).default(5),
        /** Consecutive successes before healthy. @default 2 */
        healthyThreshold: z.number().int().min(2).max(10).default(2),
        /** Consecutive failures before unhealthy. @default 3 */
        unhealthyThreshold: z.number().int().min(2).max(10).default(3),
        /** Seconds a new task may fail checks while starting. @default 60 */
        gracePeriodSeconds: z.number().int().min(0).max(2147483647).default(60),
      })
      .prefault({})
      .refine((h) => h.timeoutSeconds < h.intervalSeconds, { message: 'must be less than intervalSeconds', path: ['timeoutSeconds'] }),
    /** Seconds the ALB keeps sending in-flight requests to a deregistering task. @default 30 */
    deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(30),
    /**
     * Seconds between SIGTERM and SIGKILL, for graceful shutdown (CL-APP-3); Fargate allows at most 120.
     * @default 30
     */
    stopTimeoutSeconds: z.number().int().min(2).max(120, 'must be at most 120 seconds (the Fargate maximum)').default(30),
    /** Writable directories on the otherwise read-only root filesystem (task-local, empty at start). @default ['/tmp'] */
    writablePaths: z.array(z.string().regex(/^\/[A-Za-z0-9/_.-]+$/, 'must be an absolute path')).min(1).default(['/tmp']),
    /** Days the container log group keeps logs (CL-OBS-1). @default 365 */
    logRetentionDays: logRetentionDays.default(365),
    /** Operational app settings (seed 004 §1). */
    app: appSettingsSchema,
    /**
     * Further plain environment variables. Names that look secret are refused (use a secret). @default {}
     */
    extraEnvironment: z
      .record(
        plainEnvName('extraEnvironment name').refine((name) => !isPlatformName(name), {
          error: (issue) => `extraEnvironment name ${String(issue.input)} is set by the platform and cannot be overridden`,
        }),
        z.string().max(4096),
      )
      .default({}),
    /** The HTTPS listener's certificate. */
    certificate: certificateSchema,
    /** Strict-Transport-Security header the ALB adds to every response (CL-TLS-2). @default one year, includeSubDomains */
    hstsHeader: z
      .string()
      .regex(/^max-age=\d+(; ?includeSubDomains)?(; ?preload)?$/, 'must be a Strict-Transport-Security value such as "max-age=31536000; includeSubDomains"')
      .default('max-age=31536000; includeSubDomains'),
    /** Application Load Balancer. */
    loadBalancer: z
      .strictObject({
        /** Refuse deletion of the ALB; prod must keep it on (prod floor). @default true */
        deletionProtection: z.boolean().default(true),
        /** HTTP desync mitigation. @default defensive */
        desyncMitigationMode: z.enum(['defensive', 'strictest']).default('defensive'),
        /** Idle connection timeout, seconds. @default 60 */
        idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60),
        /** Days ALB access logs are kept in S3 before expiry. @default 365 */
        accessLogExpiryDays: z.number().int().min(1).default(365),
        /** Response headers the HTTPS listener adds (CL-HDR-1). */
        responseHeaders: responseHeadersSchema.prefault({}),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    const memory = fargateMemoryOptions(s.cpu);
    if (!memory.length) {
      ctx.addIssue({ code: 'custom', path: ['cpu'], input: s.cpu, message: `${s.cpu} is not a Fargate CPU size; use one of ${Object.keys(FARGATE_SIZES).join(', ')}` });
    } else if (!memory.includes(s.memoryMiB)) {
      const allowed = memory.length <= 8 ? memory.join(', ') : `${memory[0]} to ${memory[memory.length - 1]} in steps of ${memory[1] - memory[0]}`;
      ctx.addIssue({
        code: 'custom',
        path: ['memoryMiB'],
        input: s.memoryMiB,
        message: `${s.memoryMiB} MiB is not allowed with cpu ${s.cpu}; Fargate allows ${allowed} MiB`,
      });
    }
    const origins = s.app.allowedOrigins.length;
    if (s.loadBalancer.responseHeaders.cors.enabled && origins !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['loadBalancer', 'responseHeaders', 'cors', 'enabled'],
        input: true,
        message:
          `the ALB sends one fixed Access-Control-Allow-Origin, but service.app.allowedOrigins lists ${origins} origins; set it to ` +
          'false so the app answers CORS itself (it echoes the matching origin of ALLOWED_ORIGINS), or list one origin',
      });
    }
    if (s.healthCheck.gracePeriodSeconds < s.healthCheck.intervalSeconds) {
      ctx.addIssue({ code: 'custom', path: ['healthCheck', 'gracePeriodSeconds'], input: s.healthCheck.gracePeriodSeconds, message: 'must be at least intervalSeconds' });
    }
  });

export type ServiceConfig = z.output<typeof serviceSchema>;
