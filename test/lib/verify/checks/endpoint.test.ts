// The endpoint checks against a local HTTP + HTTPS server (self-signed certificate): each passes a compliant
// listener and fails each way a listener can go wrong; an unreachable server never counts as "refused".
import { Endpoint, checkHeaders, checkRedirect, checkTls } from '../../../../lib/verify/checks/endpoint';
import { COMPLIANT_HEADERS, Certificate, TestServer, selfSignedCertificate, startServer } from '../https-server';

const now = () => new Date('2026-11-30T06:00:00.000Z');
const base = { path: '/api/health', requireSecurityHeaders: true, minHstsMaxAge: 31_536_000 };

describe('endpoint checks', () => {
  let certificate: Certificate;
  const servers: TestServer[] = [];
  const serve = async (options: Parameters<typeof startServer>[1] = {}): Promise<Endpoint> => {
    const server = await startServer(certificate, options);
    servers.push(server);
    return { host: 'localhost', ...base, ...server.endpoint };
  };
  beforeAll(() => {
    certificate = selfSignedCertificate();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('passes a listener that redirects, speaks TLS 1.2+ only and adds every header to every response', async () => {
    const endpoint = await serve();
    const results = [await checkRedirect(endpoint, now), ...(await checkTls(endpoint, now)), ...(await checkHeaders(endpoint, now))];
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['CL-TLS-1', 'PASS'],
      ['CL-TLS-1', 'PASS'],
      ['CL-TLS-1', 'PASS'],
      ['CL-TLS-2', 'PASS'],
      ['CL-HDR-1', 'PASS'],
    ]);
    expect(results[0].evidence).toBe(`301 to https://localhost:${endpoint.httpsPort}/api/health`);
    expect(results[1].evidence).toMatch(/^TLSv1\.[23] with \S+, certificate valid for localhost$/);
    expect(results[2].evidence).toMatch(/^handshake refused/);
    expect(results[3].evidence).toContain('/platform-verify-not-found 404 [max-age=31536000; includeSubDomains');
  });

  it('fails a listener that still accepts TLS 1.1', async () => {
    const [modern, legacy] = await checkTls(await serve({ legacyTls: true }), now);
    expect(modern.status).toBe('PASS');
    expect(legacy).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/^the server accepted TLSv1\.1 \(\S+\)$/), fix: expect.stringMatching(/SslPolicy/) });
  });

  it('fails both TLS checks when nothing answers, instead of counting the refusal as a pass', async () => {
    const endpoint = await serve();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    const results = await checkTls(endpoint, now);
    expect(results.map((r) => r.status)).toEqual(['FAIL', 'FAIL']);
    expect(results[1].evidence).toMatch(/^could not reach the server \(ECONNREFUSED/);
  });

  it('fails a certificate the client cannot trust', async () => {
    const endpoint = { ...(await serve()), ca: undefined };
    const [modern] = await checkTls(endpoint, now);
    expect(modern).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/self-signed|self signed/) });
  });

  it.each([
    ['serves the page over HTTP', () => ({ status: 200, headers: {} }), /answered 200 without a Location/],
    ['redirects to HTTP', (port: number, path: string) => ({ status: 301, headers: { Location: `http://localhost:${port}${path}` } }), /answered 301 to http:\/\/localhost/],
    ['redirects temporarily', (port: number, path: string) => ({ status: 302, headers: { Location: `https://localhost:${port}${path}` } }), /answered 302 to https/],
    ['redirects to another host', (port: number, path: string) => ({ status: 301, headers: { Location: `https://evil.example:${port}${path}` } }), /answered 301 to https:\/\/evil\.example/],
  ])('fails port 80 when it %s', async (_label, answer, evidence) => {
    const result = await checkRedirect(await serve({ http: answer }), now);
    expect(result).toMatchObject({ id: 'CL-TLS-1', status: 'FAIL', evidence: expect.stringMatching(evidence), fix: expect.stringMatching(/redirect \(301\) to HTTPS/) });
  });

  it.each([
    ['no HSTS header', { 'Strict-Transport-Security': undefined }, 'CL-TLS-2', /no Strict-Transport-Security header/],
    ['an HSTS max-age under a year in prod', { 'Strict-Transport-Security': 'max-age=300' }, 'CL-TLS-2', /max-age 300 is below 31536000/],
    ['no X-Frame-Options in prod', { 'X-Frame-Options': undefined }, 'CL-HDR-1', /no x-frame-options/],
    ['X-Frame-Options ALLOW-FROM', { 'X-Frame-Options': 'ALLOW-FROM https://x.example' }, 'CL-HDR-1', /x-frame-options is "ALLOW-FROM https:\/\/x\.example"/],
    ['no nosniff in prod', { 'X-Content-Type-Options': undefined }, 'CL-HDR-1', /no x-content-type-options/],
    ['a Server banner', { Server: 'awselb/2.0' }, 'CL-HDR-1', /Server header "awselb\/2\.0"/],
    ['CORS for any origin', { 'Access-Control-Allow-Origin': '*' }, 'CL-HDR-1', /Access-Control-Allow-Origin "\*" granted to a foreign origin/],
  ])('fails responses with %s', async (_label, change, id, evidence) => {
    const headers = Object.fromEntries(Object.entries({ ...COMPLIANT_HEADERS, ...change }).filter((e): e is [string, string] => e[1] !== undefined));
    const results = await checkHeaders(await serve({ headers }), now);
    const failed = results.filter((r) => r.status === 'FAIL');
    expect(failed.map((r) => r.id)).toEqual([id]);
    // Both responses are checked: the page and a not-found answer.
    expect(failed[0].evidence).toMatch(evidence);
    expect(failed[0].evidence).toContain('/platform-verify-not-found (404)');
  });

  it('outside prod accepts missing browser headers and a short HSTS, but not a wrong value', async () => {
    const endpoint = { ...(await serve({ headers: { 'Strict-Transport-Security': 'max-age=300' } })), requireSecurityHeaders: false, minHstsMaxAge: 1 };
    expect((await checkHeaders(endpoint, now)).map((r) => r.status)).toEqual(['PASS', 'PASS']);
    const wrong = { ...(await serve({ headers: { 'Strict-Transport-Security': 'max-age=300', 'X-Content-Type-Options': 'sniff' } })), requireSecurityHeaders: false, minHstsMaxAge: 1 };
    expect((await checkHeaders(wrong, now)).map((r) => r.status)).toEqual(['PASS', 'FAIL']);
  });
});
