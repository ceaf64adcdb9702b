// Our token must be exactly what the AWS SDK's own signer produces for the same request, credentials and time.
import { Signer } from '@aws-sdk/rds-signer';
import { credentialsFromEnv, generateAuthToken } from '../../../lambdas/shared/iam-auth-token';

const request = { hostname: 'platform-prod-proxy.proxy-abc123.eu-west-1.rds.amazonaws.com', port: 5432, username: 'session_cleanup_clone', region: 'eu-west-1' };
const credentials = { accessKeyId: 'AKIAEXAMPLE123', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjE/+token==' };

function params(token: string): Record<string, string> {
  const [host, query] = token.split('/?');
  return { host, ...Object.fromEntries(new URLSearchParams(query)) };
}

describe('IAM auth token', () => {
  afterEach(() => vi.useRealTimers());

  it.each([
    ['with a session token', credentials],
    ['without a session token', { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }],
  ])('matches @aws-sdk/rds-signer %s', async (_label, creds) => {
    const now = new Date('2026-11-22T10:15:30.123Z');
    vi.useFakeTimers({ now });
    const expected = await new Signer({ ...request, credentials: creds }).getAuthToken();
    const actual = generateAuthToken(request, creds, now);
    expect(params(actual)).toEqual(params(expected));
    expect(params(actual)['X-Amz-Expires']).toBe('900');
  });

  it('differs per user and per minute, so a token is never reused for another user', () => {
    const now = new Date('2026-11-22T10:15:30Z');
    const a = generateAuthToken(request, credentials, now);
    expect(generateAuthToken({ ...request, username: 'session_cleanup' }, credentials, now)).not.toBe(a);
    expect(generateAuthToken(request, credentials, new Date('2026-11-22T10:16:30Z'))).not.toBe(a);
  });

  it('reads the Lambda role credentials from the environment and names what is missing', () => {
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 'c' })).toEqual({ accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c' });
    expect(() => credentialsFromEnv({})).toThrow(/AWS_ACCESS_KEY_ID \/ AWS_SECRET_ACCESS_KEY are not set/);
  });
});
