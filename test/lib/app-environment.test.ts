import { BUILT_IN_CONFIGS, loadConfigs } from '../../config';
import { SECRET_LOOKING_NAME } from '../../config/sections/service';
import { appEnvironment } from '../../lib/app-environment';
import { rawConfig } from '../config/support/config-problems';

describe('appEnvironment', () => {
  test('maps the seed 004 §1 settings, flags and extra variables to strings', () => {
    const raw = rawConfig('dev');
    raw.service.extraEnvironment = { SUPPORT_EMAIL: 'help@example.com' };
    raw.service.app.rateLimit = { max: 50, windowMs: 30000 };
    const [config] = loadConfigs(['dev'], {}, { ...BUILT_IN_CONFIGS, dev: raw });
    expect(appEnvironment(config.service)).toEqual({
      LOG_LEVEL: 'debug',
      REQUEST_TIMEOUT_MS: '10000',
      RATE_LIMIT_MAX: '50',
      RATE_LIMIT_WINDOW_MS: '30000',
      LOGIN_BRUTE_MAX_ATTEMPTS: '5',
      LOGIN_BRUTE_WINDOW_MS: '900000',
      LOGIN_BRUTE_LOCK_MS: '900000',
      JWT_ACCESS_TTL_MIN: '15',
      JWT_REFRESH_TTL_DAYS: '7',
      SESSION_TIMEOUT_MINUTES: '60',
      ENFORCE_EMAIL_VERIFICATION: 'true',
      ENABLE_METRICS: '1',
      ALLOWED_ORIGINS: 'https://dev.app.example.com,http://localhost:3000',
      FLAG_EXPERIMENTAL_CACHING: 'true',
      FLAG_NEW_DASHBOARD_WIDGETS: 'true',
      SUPPORT_EMAIL: 'help@example.com',
    });
  });

  test('no name the platform sets looks secret', () => {
    const [config] = loadConfigs(['prod']);
    expect(Object.keys(appEnvironment(config.service)).filter((n) => SECRET_LOOKING_NAME.test(n))).toEqual([]);
  });
});
