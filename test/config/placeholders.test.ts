import { isPlaceholderAccount, isReservedDomain, loadConfigs, placeholdersIn } from '../../config';

describe('placeholders in the committed configuration', () => {
  it('recognizes the placeholder accounts and documentation domains, and nothing real', () => {
    expect(['000000000001', '000000000003'].map(isPlaceholderAccount)).toEqual([true, true]);
    expect(['123456789012', '100000000001'].map(isPlaceholderAccount)).toEqual([false, false]);
    expect(['app.example.com', 'oncall@example.org', 'https://staging.app.example.com', 'api.test', 'x.example.net:8443'].map(isReservedDomain)).toEqual([
      true, true, true, true, true,
    ]);
    expect(['app.acme.io', 'ops@example-corp.com', 'https://notexample.com', 'http://localhost:3000'].map(isReservedDomain)).toEqual([false, false, false, true]);
  });

  it.each(['staging', 'prod'] as const)('lists every placeholder of %s with the variable that replaces it', (env) => {
    const [config] = loadConfigs([env]);
    expect(placeholdersIn(config).map((p) => [p.path, p.variable])).toEqual([
      ['service.certificate.certificateArn', 'CERTIFICATE_ARN'],
      ['observability.alarmEmails.critical', 'ALARM_EMAILS_CRITICAL'],
      ['observability.alarmEmails.warning', 'ALARM_EMAILS_WARNING'],
      ['observability.canary.domain', 'CANARY_DOMAIN'],
      // Only prod has disaster recovery on, with its copy-region certificate a placeholder too.
      ...(env === 'prod' ? [['disasterRecovery.certificateArn', 'RECOVERY_CERTIFICATE_ARN']] : []),
      ['service.app.allowedOrigins', 'ALLOWED_ORIGINS'],
    ]);
  });
});
