// A local stand-in for the load balancer: an HTTP listener (port 80's role) and an HTTPS one with a self-signed
// certificate for "localhost", generated per test run with openssl (never committed, valid one day).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from '../../../lib/verify/checks/endpoint';

export interface Certificate {
  readonly key: string;
  readonly cert: string;
}

export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'verify-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the edge adds to every HTTPS response when the listener is configured as the platform configures it. */
export const COMPLIANT_HEADERS: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
};

export interface ServerOptions {
  /** Headers of every HTTPS response. @default COMPLIANT_HEADERS */
  readonly headers?: Record<string, string>;
  /** Accept TLS 1.0/1.1 too (a listener on an old security policy). */
  readonly legacyTls?: boolean;
  /** Answer of port 80, given the HTTPS port. @default 301 to https://localhost:<port><path> */
  readonly http?: (httpsPort: number, path: string) => { status: number; headers: Record<string, string> };
}

export interface TestServer {
  readonly endpoint: Partial<Endpoint>;
  close(): Promise<void>;
}

const listen = (server: http.Server) => new Promise<number>((resolve) => server.listen(0, () => resolve((server.address() as AddressInfo).port)));

export async function startServer(certificate: Certificate, options: ServerOptions = {}): Promise<TestServer> {
  const headers = options.headers ?? COMPLIANT_HEADERS;
  const secure = https.createServer(
    { ...certificate, ...(options.legacyTls ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT@SECLEVEL=0' } : { minVersion: 'TLSv1.2' as const }) },
    (req, res) => {
      // Node adds no Server header of its own; tests that want one pass it in `headers`.
      res.writeHead(req.url === '/api/health' ? 200 : 404, headers);
      res.end();
    },
  );
  const httpsPort = await listen(secure);
  const plain = http.createServer((req, res) => {
    const answer = options.http?.(httpsPort, req.url ?? '/') ?? { status: 301, headers: { Location: `https://localhost:${httpsPort}${req.url ?? '/'}` } };
    res.writeHead(answer.status, answer.headers);
    res.end();
  });
  const httpPort = await listen(plain);
  return {
    endpoint: { host: 'localhost', httpPort, httpsPort, ca: certificate.cert, timeoutMs: 5000 },
    close: async () => {
      await Promise.all([secure, plain].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
