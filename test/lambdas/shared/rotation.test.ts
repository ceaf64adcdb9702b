// The shared four-step skeleton calls each secret type's hooks at the right step with the right values.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEventStep } from 'aws-lambda';
import { type RotationHooks, runRotationStep, type SecretValues } from '../../../lambdas/shared/rotation';
import { ROTATION_STEPS, SecretsManagerModel } from '../../support/secrets-manager-model';

const client = new SecretsManagerClient({ region: 'eu-west-1' });

describe('runRotationStep', () => {
  it('builds the pending value from the current one and hands both to setSecret and testSecret', async () => {
    const model = new SecretsManagerModel('s', 'current-value');
    const stub = model.serve();
    const seen: [string, SecretValues][] = [];
    const logs: string[] = [];
    const hooks: RotationHooks = {
      randomPassword: { PasswordLength: 40, ExcludePunctuation: true },
      buildPending: (current, pw) => `${current}+${pw.length}`,
      pendingProblems: () => [],
      setSecret: async (v) => void seen.push(['set', v]),
      testSecret: async (v) => void seen.push(['test', v]),
    };
    try {
      const token = model.startRotation();
      for (const Step of ROTATION_STEPS as readonly SecretsManagerRotationEventStep[]) {
        await runRotationStep(client, { SecretId: 's', ClientRequestToken: token, Step }, hooks, (m) => logs.push(m));
      }
      const values = { current: 'current-value', pending: 'current-value+40' };
      expect(seen).toEqual([
        ['set', values],
        ['test', values],
      ]);
      expect(model.valueAt('AWSCURRENT')).toBe('current-value+40');
      expect(logs).toEqual(['created pending value', 'set pending value on the service', 'pending value passed its test', 'moved AWSCURRENT to the new version']);
    } finally {
      stub.restore();
    }
  });

  it('setSecret and testSecret refuse to run before createSecret stored a value', async () => {
    const model = new SecretsManagerModel('s', 'current-value');
    const stub = model.serve();
    const hooks: RotationHooks = {
      randomPassword: {},
      buildPending: () => 'x',
      pendingProblems: () => [],
      setSecret: async () => {
        throw new Error('must not be called');
      },
      testSecret: async () => {
        throw new Error('must not be called');
      },
    };
    try {
      const token = model.startRotation();
      for (const Step of ['setSecret', 'testSecret'] as const) {
        await expect(runRotationStep(client, { SecretId: 's', ClientRequestToken: token, Step }, hooks, () => undefined)).rejects.toThrow(
          `version ${token} has no AWSPENDING value: createSecret must run first`,
        );
      }
    } finally {
      stub.restore();
    }
  });
});
