// The real handler verifies the instance certificate: a server whose certificate is not in Node's trust store
// (here the test server's self-signed one; in AWS, NODE_EXTRA_CA_CERTS adds the RDS CA bundle) is refused.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { pgConfig } from '../../support/postgres';

it('db-bootstrap handler refuses a server certificate it cannot verify', async () => {
  process.env.AWS_REGION = 'eu-west-1';
  const sm = mockClient(SecretsManagerClient);
  const su = pgConfig();
  sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'never_created', password: 'x' }) });
  sm.on(GetSecretValueCommand, { SecretId: 'master' }).resolves({
    SecretString: JSON.stringify({ username: su.user, password: su.password, host: su.host, port: su.port, dbname: 'postgres' }),
  });
  try {
    const { handler } = await import('../../../lambdas/db-bootstrap/index');
    await expect(
      handler({
        RequestType: 'Create',
        ServiceToken: 't',
        ResponseURL: 'https://example.invalid',
        StackId: 's',
        RequestId: 'r',
        LogicalResourceId: 'DbBootstrap',
        ResourceType: 'Custom::DbBootstrap',
        ResourceProperties: { ServiceToken: 't', MasterSecretArn: 'master', MigratorSecretArn: 'm', AppSecretArn: 'a', SessionCleanupSecretArn: 'c' },
      }),
    ).rejects.toThrow(/self[- ]signed certificate/);
  } finally {
    sm.restore();
  }
});
