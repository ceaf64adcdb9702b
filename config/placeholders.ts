import type { EnvironmentConfig } from './schema';

/**
 * The committed files carry placeholder values so `npm run synth` works offline in a fresh clone: accounts
 * 0000000000NN, certificate ARNs in those accounts, addresses and host names under domains reserved for
 * documentation (RFC 2606 / RFC 6761). Deployed as they are, the HTTPS listener fails (no such certificate) and the
 * critical alarms page nobody.
 */
export const PLACEHOLDER_ACCOUNT = /^0{10}\d{2}$/;

const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

export function isPlaceholderAccount(account: string): boolean {
  return PLACEHOLDER_ACCOUNT.test(account);
}

/** True for a host name, e-mail address or origin under a domain reserved for examples. */
export function isReservedDomain(value: string): boolean {
  const host = value.replace(/^[a-z]+:\/\//i, '').replace(/^.*@/, '').replace(/[:/].*$/, '');
  return RESERVED_DOMAIN.test(host);
}

/** A setting still holding a placeholder, and the PLATFORM_<ENV>_<variable> that replaces it. */
export interface Placeholder {
  readonly path: string;
  readonly value: unknown;
  readonly variable: string;
}

/** Every placeholder left in a configuration (accounts excepted: see isPlaceholderAccount). */
export function placeholdersIn(config: EnvironmentConfig): Placeholder[] {
  const found: Placeholder[] = [];
  const certificate = config.service.certificate;
  const arnAccount = certificate.certificateArn?.split(':')[4];
  if (arnAccount !== undefined && isPlaceholderAccount(arnAccount)) {
    found.push({ path: 'service.certificate.certificateArn', value: certificate.certificateArn, variable: 'CERTIFICATE_ARN' });
  }
  if (certificate.domainName !== undefined && isReservedDomain(certificate.domainName)) {
    found.push({ path: 'service.certificate.domainName', value: certificate.domainName, variable: 'DOMAIN_NAME' });
  }
  for (const severity of ['critical', 'warning'] as const) {
    const emails = config.observability.alarmEmails[severity];
    if (emails.some(isReservedDomain)) {
      found.push({ path: `observability.alarmEmails.${severity}`, value: emails, variable: `ALARM_EMAILS_${severity.toUpperCase()}` });
    }
  }
  const canary = config.observability.canary.domain;
  if (canary !== undefined && isReservedDomain(canary)) {
    found.push({ path: 'observability.canary.domain', value: canary, variable: 'CANARY_DOMAIN' });
  }
  const recoveryCertificate = config.disasterRecovery.certificateArn;
  const recoveryAccount = recoveryCertificate?.split(':')[4];
  if (config.disasterRecovery.enabled && recoveryAccount !== undefined && isPlaceholderAccount(recoveryAccount)) {
    found.push({ path: 'disasterRecovery.certificateArn', value: recoveryCertificate, variable: 'RECOVERY_CERTIFICATE_ARN' });
  }
  const origins = config.service.app.allowedOrigins;
  if (origins.some(isReservedDomain)) found.push({ path: 'service.app.allowedOrigins', value: origins, variable: 'ALLOWED_ORIGINS' });
  return found;
}
