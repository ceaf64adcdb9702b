import { validateEnvironmentConfig } from '../../../config';
import { NAG_PACK_NAMES } from '../../../config/sections/compliance';
import { problemAt, rawConfig } from '../support/config-problems';

describe('compliance config', () => {
  const packsOf = (env: 'dev' | 'staging' | 'prod', raw = rawConfig(env)) => {
    const result = validateEnvironmentConfig(env, raw);
    if (!result.ok) throw new Error(`${env} config invalid: ${JSON.stringify(result.problems)}`);
    return result.config.compliance.packs;
  };

  test('staging and prod enforce every regulatory pack by default; dev enforces none', () => {
    expect(packsOf('prod')).toEqual([...NAG_PACK_NAMES]);
    expect(packsOf('staging')).toEqual([...NAG_PACK_NAMES]);
    expect(packsOf('dev')).toEqual([]);
  });

  test('an unknown pack is refused, naming the ones allowed', () => {
    const raw = rawConfig('staging');
    raw.compliance = { packs: ['NIST80053R4'] };
    expect(problemAt('staging', raw, 'compliance.packs.0').message).toMatch(/"NIST80053R5", "HIPAASecurity", "PCIDSS321", "Serverless"; got "NIST80053R4"/);
  });

  test('a pack named twice is refused', () => {
    const raw = rawConfig('staging');
    raw.compliance = { packs: ['Serverless', 'Serverless'] };
    expect(problemAt('staging', raw, 'compliance.packs').message).toMatch(/more than once/);
  });

  test('prod may drop packs but must keep NIST 800-53 rev 5 (prod floor)', () => {
    const raw = rawConfig('prod');
    raw.compliance = { packs: ['NIST80053R5'] };
    expect(packsOf('prod', raw)).toEqual(['NIST80053R5']);
    raw.compliance = { packs: ['HIPAASecurity', 'PCIDSS321'] };
    expect(problemAt('prod', raw, 'compliance.packs').message).toMatch(/prod requires a list that includes "NIST80053R5".*CL-ENV-2/);
  });

  test.each([
    ['service.logRetentionDays'],
    ['database.logRetentionDays'],
    ['cache.logRetentionDays'],
    ['network.flowLogs.retentionDays'],
    ['waf.logRetentionDays'],
    ['appSecrets.rotationLogRetentionDays'],
  ])('prod refuses %s below a year (the web log group set to 1 day in config/environments/prod.ts)', (path) => {
    const raw = rawConfig('prod');
    const keys = path.split('.');
    let section = raw;
    for (const key of keys.slice(0, -1)) section = section[key] = { ...section[key] };
    section[keys[keys.length - 1]] = 1;
    expect(problemAt('prod', raw, path).message).toMatch(/got 1; prod requires >= 365 because .* logs are kept at least a year in prod/);
  });
});
