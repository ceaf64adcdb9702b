import { loadConfigs } from '../../../config';
import { observabilitySchema } from '../../../config/sections/observability';

describe('observabilitySchema', () => {
  const defaults = observabilitySchema.parse({});

  it('takes its alarm defaults from the seeds targets: 200 ms p99, 0.1% errors, 99.9% uptime', () => {
    expect(defaults.alarms.targetP99LatencyMs.warning).toBe(200);
    expect(defaults.alarms.http5xxRatePercent.warning).toBe(0.1);
    expect(defaults.alarms.canarySuccessPercent.critical).toBe(99.9);
  });

  it('giving an alarm object replaces the default severities (a left-out severity means no alarm)', () => {
    const config = observabilitySchema.parse({ alarms: { ecsCpuPercent: { critical: 90 } } });
    expect(config.alarms.ecsCpuPercent).toEqual({ critical: 90 });
  });

  it('refuses a percentage above 100 and names the field', () => {
    const result = observabilitySchema.safeParse({ alarms: { rdsCpuPercent: { warning: 120 } } });
    expect(result.error?.issues[0].path).toEqual(['alarms', 'rdsCpuPercent', 'warning']);
  });

  it('refuses a canary domain with a scheme', () => {
    const result = observabilitySchema.safeParse({ canary: { domain: 'https://app.example.com' } });
    expect(result.error?.issues[0].path).toEqual(['canary', 'domain']);
  });

  it('refuses an initial drill wait above the cap', () => {
    const result = observabilitySchema.safeParse({ restoreDrill: { initialWaitSeconds: 900, maxWaitSeconds: 600 } });
    expect(result.error?.issues[0].path).toEqual(['restoreDrill', 'initialWaitSeconds']);
  });

  it('refuses a malformed alarm e-mail', () => {
    expect(observabilitySchema.safeParse({ alarmEmails: { critical: ['oncall'] } }).success).toBe(false);
  });

  it('dev has no canary domain, prod has one, and the drill runs monthly by default', () => {
    const [dev, prod] = loadConfigs(['dev', 'prod']);
    expect(dev.observability.canary.domain).toBeUndefined();
    expect(prod.observability.canary.domain).toBeDefined();
    expect(prod.observability.restoreDrill.schedule).toBe('cron(0 3 1 * ? *)');
  });
});
