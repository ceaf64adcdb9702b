// The task role's credentials for signing RDS IAM tokens, without the AWS SDK's credential chain: on Fargate
// from the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, a link-local address only
// the task reaches), elsewhere from the usual environment variables. Cached until 5 minutes before expiry.
import { AwsCredentials, credentialsFromEnv } from '../../lambdas/shared/iam-auth-token';

const ECS_CREDENTIALS_HOST = 'http://169.254.170.2';
const REFRESH_BEFORE_MS = 5 * 60_000;

interface EndpointCredentials {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  Token?: string;
  Expiration?: string;
}

export type CredentialsProvider = () => Promise<AwsCredentials>;

/** `endpoint` is the ECS agent's address; tests point it at a local server. */
export function taskCredentials(env: NodeJS.ProcessEnv = process.env, endpoint = ECS_CREDENTIALS_HOST): CredentialsProvider {
  const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  if (!relative) return async () => credentialsFromEnv(env);
  const url = `${endpoint}${relative}`;
  let cached: { credentials: AwsCredentials; refreshAt: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.refreshAt) return cached.credentials;
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) throw new Error(`container credentials endpoint returned HTTP ${response.status}`);
    const body = (await response.json()) as EndpointCredentials;
    if (!body.AccessKeyId || !body.SecretAccessKey) throw new Error('container credentials endpoint returned no access key');
    const credentials = { accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: body.Token };
    const expires = body.Expiration ? Date.parse(body.Expiration) : Date.now() + REFRESH_BEFORE_MS;
    cached = { credentials, refreshAt: expires - REFRESH_BEFORE_MS };
    return credentials;
  };
}
