// The public endpoint as a browser meets it: port 80 only redirects to HTTPS (CL-TLS-1), TLS 1.0/1.1 are refused
// and 1.2+ accepted with a valid certificate (CL-TLS-1), every response carries HSTS (CL-TLS-2) and the security
// headers, no Server banner and no CORS grant to a stranger's origin (CL-HDR-1).
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { VerifyResult, fail, pass } from '../result';

export interface Endpoint {
  /** Public host name (the certificate's). */
  readonly host: string;
  /** Path of a page every user can load (the health endpoint). */
  readonly path: string;
  /** @default 80 */
  readonly httpPort?: number;
  /** @default 443 */
  readonly httpsPort?: number;
  /** Extra trusted CA certificate (tests: the self-signed one); the system CAs otherwise. */
  readonly ca?: string;
  /** Require X-Frame-Options and nosniff (prod); elsewhere a header that is set must still be valid. */
  readonly requireSecurityHeaders: boolean;
  /** Lowest HSTS max-age accepted, seconds (prod: one year). */
  readonly minHstsMaxAge: number;
  /** Per request and handshake. @default 10000 */
  readonly timeoutMs?: number;
}

interface Response {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
}

function get(url: string, endpoint: Endpoint, headers: Record<string, string> = {}): Promise<Response> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { headers, ca: endpoint.ca, timeout: endpoint.timeoutMs ?? 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${endpoint.timeoutMs ?? 10_000} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

/** Network failures: nothing answered, so nothing was shown either way. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const errorText = (error: unknown) => `${(error as { code?: string }).code ?? (error as Error).name}: ${(error as Error).message}`;

interface Handshake {
  readonly protocol?: string;
  readonly cipher?: string;
  readonly error?: { code?: string; message: string };
}

function handshake(endpoint: Endpoint, options: tls.ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: endpoint.host, servername: endpoint.host, port: endpoint.httpsPort ?? 443, ca: endpoint.ca, ...options });
    socket.setTimeout(endpoint.timeoutMs ?? 10_000, () => socket.destroy(Object.assign(new Error('handshake timed out'), { code: 'ETIMEDOUT' })));
    socket.once('secureConnect', () => {
      const result = { protocol: socket.getProtocol() ?? undefined, cipher: socket.getCipher()?.name };
      socket.end();
      resolve(result);
    });
    socket.once('error', (error: Error & { code?: string }) => resolve({ error: { code: error.code, message: error.message } }));
  });
}

export async function checkTls(endpoint: Endpoint, now: () => Date): Promise<VerifyResult[]> {
  const id = 'CL-TLS-1';
  const where = `${endpoint.host}:${endpoint.httpsPort ?? 443}`;
  const modern = await handshake(endpoint, { minVersion: 'TLSv1.2' });
  const results: VerifyResult[] = [];
  if (modern.error) {
    results.push(fail(id, `TLS 1.2+ accepted on ${where}`, `handshake failed (${modern.error.code ?? ''} ${modern.error.message})`, now(), 'check the HTTPS listener, its certificate (valid for this host, issued by ACM) and that the host resolves to the load balancer'));
  } else {
    results.push(pass(id, `TLS 1.2+ accepted on ${where}`, `${modern.protocol} with ${modern.cipher}, certificate valid for ${endpoint.host}`, now()));
  }
  // Offer TLS 1.0 and 1.1 only; OpenSSL 3 refuses them at its default security level, hence level 0 for the offer.
  const legacy = await handshake(endpoint, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false });
  const check = `TLS 1.0/1.1 refused on ${where}`;
  if (!legacy.error) {
    results.push(fail(id, check, `the server accepted ${legacy.protocol} (${legacy.cipher})`, now(), 'set the HTTPS listener\'s SslPolicy back to the template\'s (a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06): redeploy the service stack'));
  } else if (UNREACHABLE.has(legacy.error.code ?? '') || modern.error) {
    // Unreachable is not refused: a handshake nobody answered proves nothing.
    results.push(fail(id, check, `could not reach the server (${legacy.error.code ?? ''} ${legacy.error.message})`, now(), 'make the endpoint reachable from where verify runs, then re-run'));
  } else {
    results.push(pass(id, check, `handshake refused (${legacy.error.code ?? legacy.error.message})`, now()));
  }
  return results;
}

export async function checkRedirect(endpoint: Endpoint, now: () => Date): Promise<VerifyResult> {
  const id = 'CL-TLS-1';
  const url = `http://${endpoint.host}${endpoint.httpPort ? `:${endpoint.httpPort}` : ''}${endpoint.path}`;
  const check = `HTTP redirects to HTTPS (${url})`;
  const fix = 'the HTTP listener must only redirect (301) to HTTPS: redeploy the service stack';
  let res: Response;
  try {
    res = await get(url, endpoint);
  } catch (error) {
    return fail(id, check, `no answer (${errorText(error)})`, now(), `${fix}; if port 80 is meant to be closed, that is a change of CL-TLS-1`);
  }
  const location = String(res.headers.location ?? '');
  let target: URL | undefined;
  try {
    target = new URL(location);
  } catch {
    target = undefined;
  }
  if ((res.status === 301 || res.status === 308) && target?.protocol === 'https:' && target.hostname === endpoint.host) {
    return pass(id, check, `${res.status} to ${location}`, now());
  }
  return fail(id, check, `answered ${res.status}${location ? ` to ${location}` : ' without a Location'}, not a permanent redirect to https://${endpoint.host}`, now(), fix);
}

function headerProblems(headers: http.IncomingHttpHeaders, endpoint: Endpoint, origin: string): { hsts: string[]; browser: string[]; hstsValue: string } {
  const hstsValue = String(headers['strict-transport-security'] ?? '');
  const hsts: string[] = [];
  const maxAge = Number(/max-age=(\d+)/i.exec(hstsValue)?.[1] ?? 0);
  if (!hstsValue) hsts.push('no Strict-Transport-Security header');
  else if (maxAge < endpoint.minHstsMaxAge) hsts.push(`Strict-Transport-Security max-age ${maxAge} is below ${endpoint.minHstsMaxAge}`);

  const browser: string[] = [];
  const required: [string, readonly string[]][] = [
    ['x-frame-options', ['DENY', 'SAMEORIGIN']],
    ['x-content-type-options', ['nosniff']],
  ];
  for (const [name, allowed] of required) {
    const value = headers[name] === undefined ? undefined : String(headers[name]);
    if (value === undefined) {
      if (endpoint.requireSecurityHeaders) browser.push(`no ${name}`);
    } else if (!allowed.includes(value.toUpperCase()) && !allowed.includes(value.toLowerCase())) {
      browser.push(`${name} is "${value}", not ${allowed.join(' or ')}`);
    }
  }
  if (headers.server !== undefined) browser.push(`Server header "${String(headers.server)}" reveals what answers`);
  const allowOrigin = headers['access-control-allow-origin'];
  if (allowOrigin === '*' || allowOrigin === origin) browser.push(`Access-Control-Allow-Origin "${String(allowOrigin)}" granted to a foreign origin`);
  return { hsts, browser, hstsValue };
}

/** HSTS (CL-TLS-2) and browser headers (CL-HDR-1) on a page and on a not-found answer: the edge must add them to every response. */
export async function checkHeaders(endpoint: Endpoint, now: () => Date): Promise<VerifyResult[]> {
  const base = `https://${endpoint.host}${endpoint.httpsPort ? `:${endpoint.httpsPort}` : ''}`;
  const urls = [`${base}${endpoint.path}`, `${base}/platform-verify-not-found`];
  // A stranger's origin: CORS must never grant it (CL-HDR-1: one explicit origin, never *).
  const origin = 'https://platform-verify.invalid';
  const hsts: string[] = [];
  const browser: string[] = [];
  const seen: string[] = [];
  for (const url of urls) {
    let res: Response;
    try {
      res = await get(url, endpoint, { Origin: origin });
    } catch (error) {
      const problem = `${url}: no answer (${errorText(error)})`;
      hsts.push(problem);
      browser.push(problem);
      continue;
    }
    const found = headerProblems(res.headers, endpoint, origin);
    hsts.push(...found.hsts.map((p) => `${url} (${res.status}): ${p}`));
    browser.push(...found.browser.map((p) => `${url} (${res.status}): ${p}`));
    seen.push(`${url} ${res.status} [${found.hstsValue || 'no HSTS'}; X-Frame-Options ${String(res.headers['x-frame-options'] ?? '-')}; X-Content-Type-Options ${String(res.headers['x-content-type-options'] ?? '-')}]`);
  }
  const fix = 'the HTTPS listener\'s response-header attributes set these (lib/constructs/https-load-balancer.ts): redeploy the service stack; a header the app sets must not override them';
  return [
    hsts.length ? fail('CL-TLS-2', 'HSTS on every response', hsts.join('; '), now(), fix) : pass('CL-TLS-2', 'HSTS on every response', seen.join('; '), now()),
    browser.length ? fail('CL-HDR-1', 'security headers on every response', browser.join('; '), now(), fix) : pass('CL-HDR-1', 'security headers on every response', `${seen.join('; ')}; no Server header; no CORS grant to ${origin}`, now()),
  ];
}
