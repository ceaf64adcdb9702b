import { BUILT_IN_CONFIGS, ConfigError, loadConfigs, validateEnvironmentConfig } from '../../../config';
import { fargateMemoryOptions } from '../../../config/sections/service';
import { problemAt, rawConfig } from '../support/config-problems';

describe('service config', () => {
  test('the committed configurations are valid', () => {
    for (const env of ['dev', 'staging', 'prod'] as const) expect(validateEnvironmentConfig(env, rawConfig(env)).ok).toBe(true);
  });

  describe('plain environment never carries secrets (CL-SEC-3)', () => {
    test.each(['STRIPE_API_KEY', 'DB_PASSWORD', 'GITHUB_TOKEN', 'AWS_CREDENTIALS', 'PRIVATE_CERT', 'NEXTAUTH_SECRET'])(
      'extraEnvironment %s is refused with a message pointing to secrets',
      (name) => {
        const raw = rawConfig('prod');
        raw.service.extraEnvironment = { [name]: 'value' };
        const problem = problemAt('prod', raw, `service.extraEnvironment.${name}`);
        expect(problem.message).toContain(`"${name}" looks like a secret`);
        expect(problem.message).toContain('Secrets Manager');
      },
    );

    test('a harmless extra variable is accepted', () => {
      const raw = rawConfig('prod');
      raw.service.extraEnvironment = { SUPPORT_EMAIL: 'help@example.com' };
      expect(validateEnvironmentConfig('prod', raw).ok).toBe(true);
    });

    test('a secret-looking feature flag name is refused', () => {
      const raw = rawConfig('dev');
      raw.service.app.featureFlags = { API_KEY_AUTH: true };
      expect(problemAt('dev', raw, 'service.app.featureFlags.API_KEY_AUTH').message).toContain('looks like a secret');
    });

    test('extra variables cannot override what the platform sets', () => {
      const raw = rawConfig('dev');
      raw.service.extraEnvironment = { NODE_ENV: 'development' };
      expect(problemAt('dev', raw, 'service.extraEnvironment.NODE_ENV').message).toContain('set by the platform');
    });
  });

  describe('allowed origins are explicit', () => {
    test.each(['*', 'https://*.example.com'])('%s is refused in every environment', (origin) => {
      for (const env of ['dev', 'prod'] as const) {
        const raw = rawConfig(env);
        raw.service.app.allowedOrigins = ['https://app.example.com', origin];
        expect(problemAt(env, raw, 'service.app.allowedOrigins.1').message).toContain('wildcards are not allowed');
      }
    });

    test('an origin with a path is refused', () => {
      const raw = rawConfig('dev');
      raw.service.app.allowedOrigins = ['https://app.example.com/login'];
      expect(problemAt('dev', raw, 'service.app.allowedOrigins.0').message).toContain('is not an origin');
    });

    test('http origins are allowed in dev but refused in prod (prod floor)', () => {
      const dev = rawConfig('dev');
      dev.service.app.allowedOrigins = ['http://localhost:3000'];
      expect(validateEnvironmentConfig('dev', dev).ok).toBe(true);
      const prod = rawConfig('prod');
      prod.service.app.allowedOrigins = ['http://app.example.com'];
      expect(problemAt('prod', prod, 'service.app.allowedOrigins').message).toContain('https:// origins only');
    });
  });

  describe('task size', () => {
    test('memory must be a Fargate combination with cpu', () => {
      const raw = rawConfig('prod');
      raw.service.memoryMiB = 1024; // cpu 1024 needs 2048..8192
      expect(problemAt('prod', raw, 'service.memoryMiB').message).toBe(
        '1024 MiB is not allowed with cpu 1024; Fargate allows 2048, 3072, 4096, 5120, 6144, 7168, 8192 MiB; got 1024',
      );
    });

    test('cpu must be a Fargate size', () => {
      const raw = rawConfig('prod');
      raw.service.cpu = 768;
      expect(problemAt('prod', raw, 'service.cpu').message).toContain('768 is not a Fargate CPU size');
    });

    test('Fargate combinations', () => {
      expect(fargateMemoryOptions(256)).toEqual([512, 1024, 2048]);
      expect(fargateMemoryOptions(4096)).toHaveLength(23);
      expect(fargateMemoryOptions(16384)[0]).toBe(32768);
      expect(fargateMemoryOptions(300)).toEqual([]);
    });
  });

  test('stop timeout is at most 120 seconds', () => {
    const raw = rawConfig('prod');
    raw.service.stopTimeoutSeconds = 121;
    expect(problemAt('prod', raw, 'service.stopTimeoutSeconds').message).toContain('at most 120');
  });

  test('tasks.min must not exceed tasks.max', () => {
    const raw = rawConfig('dev');
    raw.service.tasks = { min: 3, max: 2 };
    expect(problemAt('dev', raw, 'service.tasks.min').message).toContain('at most tasks.max');
  });

  test('prod keeps at least two tasks and ALB deletion protection (prod floor)', () => {
    const raw = rawConfig('prod');
    raw.service.tasks = { min: 1, max: 10 };
    raw.service.loadBalancer = { deletionProtection: false };
    expect(problemAt('prod', raw, 'service.tasks.min').message).toContain('prod requires >= 2');
    expect(problemAt('prod', raw, 'service.loadBalancer.deletionProtection').message).toContain('prod requires true');
  });

  test('the certificate is an ARN or a complete domain + hosted zone', () => {
    const raw = rawConfig('dev');
    raw.service.certificate = { domainName: 'app.example.com', hostedZoneId: 'Z0123456789ABC' };
    expect(problemAt('dev', raw, 'service.certificate').message).toContain('all of domainName, hostedZoneId and zoneName');
    raw.service.certificate = { domainName: 'app.other.com', hostedZoneId: 'Z0123456789ABC', zoneName: 'example.com' };
    expect(problemAt('dev', raw, 'service.certificate.domainName').message).toContain('is not inside zone');
  });

  test('the migrator command is exec-form arguments; untagged images expire within a year', () => {
    expect(loadConfigs(['dev'])[0].service).toMatchObject({ migrator: { command: ['node', 'migrate.js'] }, image: { untaggedExpiryDays: 14 } });
    const raw = rawConfig('dev');
    raw.service.migrator = { command: [] };
    expect(problemAt('dev', raw, 'service.migrator.command').message).toContain('must be at least 1 entries');
    raw.service.migrator = { command: ['npx', 'prisma', 'migrate', 'deploy'] };
    raw.service.image = { untaggedExpiryDays: 0 };
    expect(problemAt('dev', raw, 'service.image.untaggedExpiryDays').message).toContain('must be at least 1');
  });

  test('-c imageTag=<sha> replaces the configured tag; a malformed tag is refused', () => {
    const [prod] = loadConfigs(['prod'], { prod: { imageTag: '3f9c2ab' } });
    expect(prod.service.image.tag).toBe('3f9c2ab');
    // Without one, no tag: the reference app is built (lib/constructs/app-image.ts).
    expect(loadConfigs(['prod'])[0].service.image.tag).toBeUndefined();
    expect(() => loadConfigs(['prod'], { prod: { imageTag: 'bad tag' } })).toThrow(/service\.image\.tag: must be an image tag/);
  });

  describe('response headers at the edge (CL-HDR-1)', () => {
    const withHeaders = (env: 'dev' | 'staging' | 'prod', headers: Record<string, unknown>) => {
      const raw = rawConfig(env);
      raw.service.loadBalancer.responseHeaders = { ...raw.service.loadBalancer.responseHeaders, ...headers };
      return raw;
    };
    const at = 'service.loadBalancer.responseHeaders';

    test('a wrong value fails synth with one line naming the field', () => {
      const raw = withHeaders('staging', { frameOptions: 'deny' });
      let error: unknown;
      try {
        loadConfigs(['staging'], {}, { ...BUILT_IN_CONFIGS, staging: raw });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(`config error [staging] ${at}.frameOptions: must be "DENY", "SAMEORIGIN" or "off"; got "deny"`);
    });

    test('ALLOW-FROM is refused with the alternative', () => {
      const raw = withHeaders('dev', { frameOptions: 'ALLOW-FROM https://partner.example.com' });
      expect(problemAt('dev', raw, `${at}.frameOptions`).message).toContain('CSP frame-ancestors');
    });

    test('a well-formed CSP is accepted', () => {
      const raw = withHeaders('prod', { contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'" });
      expect(validateEnvironmentConfig('prod', raw).ok).toBe(true);
    });

    test.each([
      ['', 'at least one directive'],
      ["default-src 'self', script-src 'self'", 'is not a CSP directive'],
      ["script-src 'self'; script-src https://cdn.example.com", 'directive "script-src" appears twice'],
      ["script-src 'nonce-abc123'", 'let the app send a CSP with nonces'],
    ])('CSP %j is refused: %s', (policy, message) => {
      expect(problemAt('dev', withHeaders('dev', { contentSecurityPolicy: policy }), `${at}.contentSecurityPolicy`).message).toContain(message);
    });

    test('edge CORS needs exactly one allowed origin', () => {
      const raw = rawConfig('staging');
      raw.service.app.allowedOrigins = ['https://staging.app.example.com', 'https://admin.staging.app.example.com'];
      expect(problemAt('staging', raw, `${at}.cors.enabled`).message).toContain('lists 2 origins; set it to false');
      raw.service.loadBalancer.responseHeaders = { cors: { enabled: false } };
      expect(validateEnvironmentConfig('staging', raw).ok).toBe(true);
    });

    test('CORS header lists take explicit names, and preflight caching is bounded', () => {
      const raw = withHeaders('prod', { cors: { allowHeaders: ['*'], maxAgeSeconds: 86401 } });
      expect(problemAt('prod', raw, `${at}.cors.allowHeaders.0`).message).toContain('no wildcard');
      expect(problemAt('prod', raw, `${at}.cors.maxAgeSeconds`).message).toContain('at most 86400');
    });

    test('prod cannot turn X-Frame-Options or nosniff off (prod floor); dev can', () => {
      const off = { frameOptions: 'off', contentTypeNosniff: false };
      const prod = withHeaders('prod', off);
      expect(problemAt('prod', prod, `${at}.frameOptions`).message).toContain('prod requires "DENY" or "SAMEORIGIN"');
      expect(problemAt('prod', prod, `${at}.contentTypeNosniff`).message).toContain('prod requires true');
      expect(validateEnvironmentConfig('dev', withHeaders('dev', off)).ok).toBe(true);
    });
  });
});
