import { BUILT_IN_CONFIGS, validateEnvironmentConfig } from '../../../config';
import { cleanupOptionsFromConfig, parseRate, scheduleExpression, sessionCleanupSchema } from '../../../config/sections/session-cleanup';
import { DEFAULT_CLEANUP_OPTIONS } from '../../../lambdas/session-cleanup/options';

describe('parseRate', () => {
  it.each([
    ['rate(15 minutes)', 15],
    ['rate(1 minute)', 1],
    ['rate(2 hours)', 120],
    ['rate(1 day)', 1440],
  ])('%s is %i minutes', (expression, minutes) => {
    expect(parseRate(expression)).toBe(minutes);
  });

  it.each(['rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'cron(0/15 * * * ? *)', 'every 15 minutes'])('%s is not a rate', (expression) => {
    expect(parseRate(expression)).toBeUndefined();
  });
});

describe('scheduleExpression', () => {
  it('accepts rates and six-field crons', () => {
    expect(scheduleExpression.safeParse('rate(15 minutes)').success).toBe(true);
    expect(scheduleExpression.safeParse('cron(0 3 1 * ? *)').success).toBe(true);
  });

  it('refuses a five-field (Unix) cron with a message naming the format', () => {
    const result = scheduleExpression.safeParse('cron(0 3 1 * *)');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain('rate(15 minutes)');
  });
});

describe('sessionCleanupSchema', () => {
  it('defaults to the checklist values (CL-SES-1): every 15 minutes, 100 sessions per user, 90 days of audit log', () => {
    const config = sessionCleanupSchema.parse({});
    expect(config).toMatchObject({ schedule: 'rate(15 minutes)', maxSessionsPerUser: 100, auditLogRetentionDays: 90, revokedRetentionDays: 7 });
    expect(config.names.sessionsTable).toBe('sessions');
  });

  it('refuses a table name that is not a plain identifier, naming the field', () => {
    const result = sessionCleanupSchema.safeParse({ names: { sessionsTable: 'sessions; drop table users' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['names', 'sessionsTable']);
  });

  it('refuses values the job itself would refuse at cold start (validated with its own validator)', () => {
    const result = sessionCleanupSchema.safeParse({ expiredGraceSeconds: 10 ** 12 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/CLEANUP_OPTIONS are invalid:[\s\S]*expiredGraceSeconds/);
  });

  it('takes its defaults from the job\'s own defaults, except the schema: the one the db-bootstrap creates', () => {
    const { schema, ...options } = cleanupOptionsFromConfig(sessionCleanupSchema.parse({}));
    expect(schema).toBe('app');
    for (const [key, value] of Object.entries(options)) expect([key, value]).toEqual([key, DEFAULT_CLEANUP_OPTIONS[key as keyof typeof DEFAULT_CLEANUP_OPTIONS]]);
  });

  it('refuses unknown names (typos do not fall back to defaults)', () => {
    expect(sessionCleanupSchema.safeParse({ names: { sessionTable: 'x' } }).success).toBe(false);
  });
});

describe('prod floor for the session cleanup and log retention', () => {
  const prod = BUILT_IN_CONFIGS.prod;
  const problemsOf = (overrides: object) => {
    const result = validateEnvironmentConfig('prod', { ...prod, ...overrides });
    return result.ok ? [] : result.problems.map((p) => p.path);
  };

  it('the committed prod config passes', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it('refuses a cleanup schedule slower than every 15 minutes or a cron (CL-SES-1)', () => {
    expect(problemsOf({ sessionCleanup: { ...prod.sessionCleanup, schedule: 'rate(1 hour)' } })).toEqual(['sessionCleanup.schedule']);
    expect(problemsOf({ sessionCleanup: { ...prod.sessionCleanup, schedule: 'cron(0 * * * ? *)' } })).toEqual(['sessionCleanup.schedule']);
    expect(problemsOf({ sessionCleanup: { ...prod.sessionCleanup, schedule: 'rate(5 minutes)' } })).toEqual([]);
  });

  it('refuses more than 100 retained sessions per user (CL-SES-1)', () => {
    expect(problemsOf({ sessionCleanup: { ...prod.sessionCleanup, maxSessionsPerUser: 101 } })).toEqual(['sessionCleanup.maxSessionsPerUser']);
  });

  it('refuses log retention under 365 days (CL-OBS-1)', () => {
    expect(problemsOf({ sessionCleanup: { ...prod.sessionCleanup, logRetentionDays: 180 } })).toEqual(['sessionCleanup.logRetentionDays']);
    expect(problemsOf({ observability: { ...prod.observability, logRetentionDays: 90 } })).toEqual(['observability.logRetentionDays']);
  });

  it('dev may keep logs briefly', () => {
    expect(validateEnvironmentConfig('dev', { ...BUILT_IN_CONFIGS.dev, sessionCleanup: { logRetentionDays: 7 } }).ok).toBe(true);
  });
});
