// RDS / RDS Proxy IAM authentication token: a SigV4-presigned `connect` request for one database user, valid
// 15 minutes. Written on node:crypto instead of bundling @aws-sdk/rds-signer, whose credential chain (SSO, STS,
// INI clients) would triple the Lambda bundle; in Lambda the role's credentials are always in the environment.
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AuthTokenRequest {
  readonly hostname: string;
  readonly port: number;
  readonly username: string;
  readonly region: string;
}

const EXPIRES_SECONDS = 900;

/** The Lambda role's credentials as the runtime provides them. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set: the IAM auth token needs the function role credentials');
  }
  return { accessKeyId, secretAccessKey, sessionToken };
}

/** RFC 3986 encoding as SigV4 requires (encodeURIComponent leaves !'()* alone). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export function generateAuthToken(request: AuthTokenRequest, credentials: AwsCredentials, now: Date = new Date()): string {
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${request.region}/rds-db/aws4_request`;
  const host = `${request.hostname}:${request.port}`;
  const params: Record<string, string> = {
    Action: 'connect',
    DBUser: request.username,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(EXPIRES_SECONDS),
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
    'X-Amz-SignedHeaders': 'host',
  };
  const query = Object.keys(params)
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k])}`)
    .join('&');
  const canonicalRequest = ['GET', '/', query, `host:${host}`, '', 'host', sha256Hex('')].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = ['rds-db', 'aws4_request'].reduce(
    (key, part) => hmac(key, part),
    hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), request.region),
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `${host}/?${query}&X-Amz-Signature=${signature}`;
}
