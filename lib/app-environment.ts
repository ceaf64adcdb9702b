import type { ServiceConfig } from '../config/sections/service';

/**
 * The app's operational settings (seed 004 §1, seed 000 §2) as plain environment variables (CL-APP-4), plus the
 * configured extra variables. Nothing here is secret: names were checked by config validation (CL-SEC-3).
 */
export function appEnvironment(service: ServiceConfig): Record<string, string> {
  const app = service.app;
  const flags = Object.fromEntries(Object.entries(app.featureFlags).map(([name, on]) => [`FLAG_${name}`, String(on)]));
  return {
    LOG_LEVEL: app.logLevel,
    REQUEST_TIMEOUT_MS: String(app.requestTimeoutMs),
    RATE_LIMIT_MAX: String(app.rateLimit.max),
    RATE_LIMIT_WINDOW_MS: String(app.rateLimit.windowMs),
    LOGIN_BRUTE_MAX_ATTEMPTS: String(app.loginBruteForce.maxAttempts),
    LOGIN_BRUTE_WINDOW_MS: String(app.loginBruteForce.windowMs),
    LOGIN_BRUTE_LOCK_MS: String(app.loginBruteForce.lockMs),
    JWT_ACCESS_TTL_MIN: String(app.jwtAccessTtlMinutes),
    JWT_REFRESH_TTL_DAYS: String(app.jwtRefreshTtlDays),
    SESSION_TIMEOUT_MINUTES: String(app.sessionTimeoutMinutes),
    ENFORCE_EMAIL_VERIFICATION: String(app.enforceEmailVerification),
    ENABLE_METRICS: app.enableMetrics ? '1' : '0',
    ALLOWED_ORIGINS: app.allowedOrigins.join(','),
    ...flags,
    ...service.extraEnvironment,
  };
}
