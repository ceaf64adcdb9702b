import { BUILT_IN_CONFIGS, ConfigError, loadConfigs, overridesFromVariables, selectEnvironments, validateEnvironmentConfig } from '../../config';
import { withField } from '../support/config-fields';
import { problemsOf } from './support/config-problems';

describe('environment configuration validation', () => {
  it.each(['dev', 'staging', 'prod'] as const)('accepts the committed %s configuration', (env) => {
    expect(validateEnvironmentConfig(env, BUILT_IN_CONFIGS[env])).toMatchObject({ ok: true });
  });

  // Each malformed input must be refused with a message that names the field path and what is allowed.
  const malformed: [string, 'dev' | 'staging' | 'prod', string, unknown, RegExp][] = [
    ['account too short', 'dev', 'account', '1234', /12-digit AWS account ID; got "1234"/],
    ['account not a string', 'dev', 'account', 123456789012, /must be a string; got 123456789012/],
    ['region malformed', 'staging', 'region', 'Europe', /AWS region code such as eu-west-1; got "Europe"/],
    ['unknown removal policy', 'dev', 'removalPolicy', 'keep', /must be one of "retain", "snapshot", "destroy"; got "keep"/],
    ['bad CIDR', 'dev', 'network.cidr', '10.0.0.0/8', /IPv4 CIDR with a \/16 to \/24 prefix; got "10.0.0.0\/8"/],
    ['AZ name malformed', 'dev', 'network.availabilityZones', ['eu-west-1'], /AZ name such as eu-west-1a; got "eu-west-1"/],
    ['one AZ only', 'dev', 'network.availabilityZones', ['eu-west-1a'], /at least 2 entries/],
    ['more NATs than AZs', 'dev', 'network.natGateways', 3, /cannot exceed the number of availability zones/],
    ['zero NATs', 'dev', 'network.natGateways', 0, /at least 1; got 0/],
    ['flow log retention not allowed by CloudWatch', 'dev', 'network.flowLogs.retentionDays', 45, /CloudWatch Logs retention values.*got 45/],
    ['unknown traffic type', 'dev', 'network.flowLogs.trafficType', 'SOME', /"ALL", "ACCEPT", "REJECT"; got "SOME"/],
    ['typo in a field name', 'dev', 'network.natGateway', 1, /unknown field\(s\) "natGateway"/],
    ['endpoint switch not boolean', 'dev', 'network.endpoints.kms', 'yes', /must be a boolean; got "yes"/],
    ['NAT instance type malformed', 'dev', 'network.natInstance.instanceType', 'nano', /EC2 instance type such as t4g.nano; got "nano"/],
    ['backup retention above RDS maximum', 'dev', 'database.backupRetentionDays', 36, /at most 35; got 36/],
    ['missing network section', 'dev', 'network', undefined, /must be an object; got nothing/],
    ['wrong name for the file', 'staging', 'name', 'prod', /must be "staging"/],
  ];

  it.each(malformed)('refuses %s, naming the field', (_label, env, path, value, message) => {
    const problems = problemsOf(env, withField(env, path, value));
    const expectedPath = path === 'network.natGateway' ? 'network' : path;
    const problem = problems.find((p) => p.path === expectedPath || p.path.startsWith(`${expectedPath}.`));
    expect(problem).toBeDefined();
    expect(problem!.environment).toBe(env);
    expect(problem!.message).toMatch(message);
  });

  it('refuses a cleanup schema or table the bootstrap does not grant', () => {
    const raw = withField('dev', 'sessionCleanup.names.schema', 'public');
    expect(problemsOf('dev', raw)).toEqual([
      expect.objectContaining({ path: 'sessionCleanup.names.schema', message: expect.stringMatching(/must equal database.bootstrap.schema \("app"\)/) }),
    ]);
    const renamed = withField('dev', 'sessionCleanup.names.sessionsTable', 'user_sessions');
    expect(problemsOf('dev', renamed)).toEqual([
      expect.objectContaining({ path: 'database.bootstrap.sessionTables', message: expect.stringMatching(/must include \["user_sessions"\]/) }),
    ]);
  });

  it('reports every problem at once, one per field', () => {
    const raw = withField('dev', 'account', 'x');
    (raw as { region: string }).region = 'nowhere';
    const paths = problemsOf('dev', raw).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['account', 'region']));
  });

  describe('prod floor (CL-ENV-2)', () => {
    it.each([
      ['database.multiAz', false, /prod requires true because prod must survive the loss of an availability zone/],
      ['database.deletionProtection', false, /prod requires true/],
      ['database.backupRetentionDays', 3, /got 3; prod requires >= 7/],
      ['network.availabilityZones', ['eu-west-1a', 'eu-west-1b'], /prod requires at least 3 availability zones/],
      ['removalPolicy', 'destroy', /got "destroy"; prod requires "retain"/],
      ['terminationProtection', false, /prod requires true/],
      ['network.natInstance', { instanceType: 't4g.nano' }, /prod requires unset \(NAT gateways\) because prod egress must not hang on a single/],
    ])('refuses lowering %s', (path, value, message) => {
      const raw = withField('prod', path, value);
      if (path === 'network.availabilityZones') (raw as { network: { natGateways: number } }).network.natGateways = 2;
      const problem = problemsOf('prod', raw).find((p) => p.path === path);
      expect(problem?.message).toMatch(message);
      expect(problem?.message).toMatch(/CL-ENV-2/);
    });

    it('does not apply the floor to dev', () => {
      expect(validateEnvironmentConfig('dev', withField('dev', 'database.multiAz', false))).toMatchObject({ ok: true });
    });
  });

  describe('overrides and selection', () => {
    it('lays account and region overrides over the committed file', () => {
      const [dev] = loadConfigs(['dev'], { dev: { account: '123456789012', region: 'eu-west-1' } });
      expect(dev).toMatchObject({ account: '123456789012', region: 'eu-west-1' });
      // A region override is validated like the rest: the committed certificate is in eu-west-1.
      expect(() => loadConfigs(['prod'], { prod: { region: 'eu-central-1' } })).toThrow(/service\.certificate\.certificateArn: the certificate is in eu-west-1/);
    });

    it('validates overridden values like committed ones', () => {
      expect(() => loadConfigs(['prod'], { prod: { account: 'abc' } })).toThrow(/config error \[prod\] account: must be a 12-digit/);
    });

    it('reads certificate, alarm e-mails, canary domain and origins from PLATFORM_<ENV>_* variables; empty means unset', () => {
      const variables = {
        PLATFORM_PROD_ACCOUNT: '123456789012',
        PLATFORM_PROD_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:123456789012:certificate/1f2e3d4c-0000-4000-8000-123456789abc',
        PLATFORM_PROD_ALARM_EMAILS_CRITICAL: 'pager@acme.io, oncall@acme.io',
        PLATFORM_PROD_ALARM_EMAILS_WARNING: '',
        PLATFORM_PROD_CANARY_DOMAIN: 'app.acme.io',
        PLATFORM_PROD_ALLOWED_ORIGINS: 'https://app.acme.io',
        PLATFORM_PROD_RECOVERY_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-3:123456789012:certificate/2f2e3d4c-0000-4000-8000-123456789abc',
        PLATFORM_STAGING_CANARY_DOMAIN: 'staging.acme.io',
      };
      expect(overridesFromVariables('prod', variables)).toEqual({
        account: '123456789012',
        certificateArn: variables.PLATFORM_PROD_CERTIFICATE_ARN,
        alarmEmails: { critical: ['pager@acme.io', 'oncall@acme.io'] },
        canaryDomain: 'app.acme.io',
        allowedOrigins: ['https://app.acme.io'],
        recoveryCertificateArn: variables.PLATFORM_PROD_RECOVERY_CERTIFICATE_ARN,
      });
      expect(overridesFromVariables('dev', variables)).toEqual({});
      const [prod] = loadConfigs(['prod'], { prod: { ...overridesFromVariables('prod', variables), alarmEmails: { critical: ['pager@acme.io'], warning: ['team@acme.io'] } } });
      expect(prod.service.certificate).toEqual({ certificateArn: variables.PLATFORM_PROD_CERTIFICATE_ARN });
      expect(prod.observability.alarmEmails).toEqual({ critical: ['pager@acme.io'], warning: ['team@acme.io'] });
      expect(prod.observability.canary.domain).toBe('app.acme.io');
      expect(prod.service.app.allowedOrigins).toEqual(['https://app.acme.io']);
      expect(prod.disasterRecovery.certificateArn).toBe(variables.PLATFORM_PROD_RECOVERY_CERTIFICATE_ARN);
    });

    it('replaces the certificate with a DNS-validated one from domain + hosted zone variables, validated like the file', () => {
      const domain = { PLATFORM_DEV_DOMAIN_NAME: 'dev.acme.io', PLATFORM_DEV_HOSTED_ZONE_ID: 'Z0123456789ABC', PLATFORM_DEV_ZONE_NAME: 'acme.io' };
      const [dev] = loadConfigs(['dev'], { dev: overridesFromVariables('dev', domain) });
      expect(dev.service.certificate).toEqual({ domainName: 'dev.acme.io', hostedZoneId: 'Z0123456789ABC', zoneName: 'acme.io' });
      expect(() => loadConfigs(['dev'], { dev: overridesFromVariables('dev', { PLATFORM_DEV_DOMAIN_NAME: 'dev.acme.io' }) })).toThrow(
        /service\.certificate: give certificateArn, or all of domainName, hostedZoneId and zoneName/,
      );
      expect(() => loadConfigs(['dev'], { dev: overridesFromVariables('dev', { PLATFORM_DEV_ALARM_EMAILS_CRITICAL: 'not-an-address' }) })).toThrow(
        /observability\.alarmEmails\.critical\.0: must be an e-mail address/,
      );
    });

    it('refuses placeholders in staging and prod once the account is real, naming the variable that fixes each', () => {
      for (const env of ['staging', 'prod'] as const) {
        const error = (() => {
          try {
            loadConfigs([env], { [env]: { account: '123456789012' } });
          } catch (e) {
            return e as ConfigError;
          }
          throw new Error('expected a ConfigError');
        })();
        const upper = env.toUpperCase();
        expect(error.problems.map((p) => [p.path, p.message.replace(/^.* is a placeholder/, '… is a placeholder')])).toEqual(
          [
            ['service.certificate.certificateArn', `PLATFORM_${upper}_CERTIFICATE_ARN`],
            ['observability.alarmEmails.critical', `PLATFORM_${upper}_ALARM_EMAILS_CRITICAL`],
            ['observability.alarmEmails.warning', `PLATFORM_${upper}_ALARM_EMAILS_WARNING`],
            ['observability.canary.domain', `PLATFORM_${upper}_CANARY_DOMAIN`],
            ...(env === 'prod' ? [['disasterRecovery.certificateArn', 'PLATFORM_PROD_RECOVERY_CERTIFICATE_ARN']] : []),
            ['service.app.allowedOrigins', `PLATFORM_${upper}_ALLOWED_ORIGINS`],
          ].map(([path, variable]) => [
            path,
            `… is a placeholder, and account 123456789012 is real, so this would be deployed: set ${variable} (or edit config/environments/${env}.ts)`,
          ]),
        );
      }
      // Offline synth of the committed files (placeholder accounts) and dev stay possible.
      expect(() => loadConfigs(['dev', 'staging', 'prod'])).not.toThrow();
      expect(() => loadConfigs(['dev'], { dev: { account: '123456789012' } })).not.toThrow();
      const real = {
        account: '123456789012',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/1f2e3d4c-0000-4000-8000-123456789abc',
        alarmEmails: { critical: ['pager@acme.io'], warning: ['team@acme.io'] },
        canaryDomain: 'app.acme.io',
        allowedOrigins: ['https://app.acme.io'],
        recoveryCertificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/2f2e3d4c-0000-4000-8000-123456789abc',
      };
      expect(() => loadConfigs(['prod'], { prod: real })).not.toThrow();
    });

    it('selects all environments by default and refuses unknown names with the valid list', () => {
      expect(selectEnvironments(undefined)).toEqual(['dev', 'staging', 'prod']);
      expect(selectEnvironments('prod,dev')).toEqual(['prod', 'dev']);
      expect(() => selectEnvironments('nope')).toThrow(ConfigError);
      expect(() => selectEnvironments('nope')).toThrow('unknown environment "nope"; valid environments are dev, staging, prod');
    });
  });
});
