// The thin handler wires the module-scope client and the env policy to the core.
import type { SecretsManagerRotationEventStep } from 'aws-lambda';
import { ROTATION_STEPS, SecretsManagerModel } from '../../support/secrets-manager-model';

const INITIAL = 'a'.repeat(64);

describe('secret-rotation handler', () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
  });

  it('rotates with the length and alphabet from the environment', async () => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.PASSWORD_LENGTH = '96';
    process.env.EXCLUDE_PUNCTUATION = 'false';
    process.env.EXCLUDE_CHARACTERS = '"\'\\`';
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const model = new SecretsManagerModel('platform/dev/JWT_SECRET', INITIAL);
    const stub = model.serve();
    try {
      const { handler } = await import('../../../lambdas/secret-rotation/index');
      const token = model.startRotation();
      for (const Step of ROTATION_STEPS as readonly SecretsManagerRotationEventStep[]) {
        await handler({ SecretId: model.arn, ClientRequestToken: token, Step });
      }
      const current = model.valueAt('AWSCURRENT')!;
      expect(current).toHaveLength(96);
      expect(current).not.toMatch(/["'\\`]/);
      expect(model.valueAt('AWSPREVIOUS')).toBe(INITIAL);
    } finally {
      stub.restore();
    }
  });

  it('fails with a clear message on a weak configuration', async () => {
    process.env.PASSWORD_LENGTH = '16';
    const { handler } = await import('../../../lambdas/secret-rotation/index');
    await expect(handler({ SecretId: 's', ClientRequestToken: 't', Step: 'createSecret' })).rejects.toThrow(
      'PASSWORD_LENGTH=16 over a 62-character alphabet',
    );
  });
});
