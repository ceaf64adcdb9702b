// CL-SEC-1, CL-SEC-2: the app signing secrets rotate through the four-step contract against a faithful model
// of Secrets Manager's versions and staging labels; after every failure AWSCURRENT still holds a valid value.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEventStep } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { appSecretPolicyFromEnv, rotateAppSecret } from '../../../lambdas/secret-rotation/app-secret';
import { getRandomPasswordInput, passwordProblems } from '../../../lambdas/shared/password-policy';
import { ROTATION_STEPS, SecretsManagerModel } from '../../support/secrets-manager-model';

const INITIAL = 'Initial0Secret0Value0'.padEnd(64, 'x');
const policy = appSecretPolicyFromEnv({});
const quiet = () => undefined;

let model: SecretsManagerModel;
let stub: AwsClientStub<SecretsManagerClient>;
const client = new SecretsManagerClient({ region: 'eu-west-1' });

beforeEach(() => {
  model = new SecretsManagerModel('platform/prod/AUTH_SECRET', INITIAL);
  stub = model.serve();
});
afterEach(() => stub.restore());

function step(Step: SecretsManagerRotationEventStep, token: string) {
  return rotateAppSecret(client, { SecretId: model.arn, ClientRequestToken: token, Step }, policy, quiet);
}
async function rotateAll(token: string) {
  for (const s of ROTATION_STEPS) await step(s, token);
}
/** The invariant after any failure: the app can still read a valid AWSCURRENT, the original one. */
function expectCurrentUntouched() {
  expect(model.valueAt('AWSCURRENT')).toBe(INITIAL);
  expect(model.versionAt('AWSCURRENT')).toBe(model.initialVersionId);
}
function expectRotated(token: string) {
  const current = model.valueAt('AWSCURRENT')!;
  expect(model.versionAt('AWSCURRENT')).toBe(token);
  expect(current).not.toBe(INITIAL);
  expect(current).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(passwordProblems(current, policy)).toEqual([]);
  expect(model.valueAt('AWSPREVIOUS')).toBe(INITIAL);
  expect(model.stagesOf(model.initialVersionId)).toEqual(['AWSPREVIOUS']);
}

describe('app secret rotation', () => {
  it('rotates through the four steps: new 64-character value current, old value AWSPREVIOUS', async () => {
    const token = model.startRotation();
    await step('createSecret', token);
    expect(model.valueOfVersion(token)).toMatch(/^[A-Za-z0-9]{64}$/);
    expectCurrentUntouched();
    await step('setSecret', token);
    await step('testSecret', token);
    expectCurrentUntouched();
    await step('finishSecret', token);
    expectRotated(token);
    expect(model.calls.filter((c) => c === 'GetRandomPassword')).toHaveLength(1);
    expect(model.calls.filter((c) => c === 'UpdateSecretVersionStage')).toHaveLength(1);
  });

  it('a second rotation moves AWSPREVIOUS to the first rotated value', async () => {
    const first = model.startRotation();
    await rotateAll(first);
    const firstValue = model.valueAt('AWSCURRENT');
    const second = model.startRotation();
    await rotateAll(second);
    expect(model.valueAt('AWSPREVIOUS')).toBe(firstValue);
    expect(model.valueAt('AWSCURRENT')).not.toBe(firstValue);
    expect(model.stagesOf(model.initialVersionId)).toEqual([]);
  });

  const failures: [SecretsManagerRotationEventStep, string][] = [
    ['createSecret', 'DescribeSecret'],
    ['createSecret', 'GetRandomPassword'],
    ['createSecret', 'PutSecretValue'],
    ['setSecret', 'GetSecretValue'],
    ['testSecret', 'GetSecretValue'],
    ['finishSecret', 'DescribeSecret'],
    ['finishSecret', 'UpdateSecretVersionStage'],
  ];
  it.each(failures)('a %s failure (%s throws) keeps AWSCURRENT valid and a re-run completes', async (failingStep, command) => {
    const token = model.startRotation();
    for (const s of ROTATION_STEPS) {
      if (s === failingStep) {
        model.failNext(command);
        await expect(step(s, token)).rejects.toThrow(`injected ${command} failure`);
        break;
      }
      await step(s, token);
    }
    expectCurrentUntouched();
    // Secrets Manager retries the rotation with the same token, from createSecret.
    await rotateAll(token);
    expectRotated(token);
  });

  it('a retried createSecret reuses the existing AWSPENDING value', async () => {
    const token = model.startRotation();
    await step('createSecret', token);
    const pending = model.valueOfVersion(token);
    await step('createSecret', token);
    expect(model.valueOfVersion(token)).toBe(pending);
    expect(model.calls.filter((c) => c === 'GetRandomPassword')).toHaveLength(1);
    expect(model.calls.filter((c) => c === 'PutSecretValue')).toHaveLength(1);
    await rotateAll(token);
    expect(model.valueAt('AWSCURRENT')).toBe(pending);
  });

  it('refuses a token that is not a version of the secret', async () => {
    model.startRotation();
    for (const s of ROTATION_STEPS) {
      await expect(step(s, 'not-a-version')).rejects.toThrow('ClientRequestToken not-a-version is not a version of secret');
    }
    expectCurrentUntouched();
  });

  it('refuses a token whose version is not AWSPENDING', async () => {
    const first = model.startRotation();
    await rotateAll(first);
    const second = model.startRotation();
    await step('createSecret', second);
    // The initial version is now only AWSPREVIOUS: a mismatched token for this rotation.
    const before = model.valueAt('AWSCURRENT');
    await expect(step('finishSecret', model.initialVersionId)).rejects.toThrow('is not AWSPENDING');
    expect(model.valueAt('AWSCURRENT')).toBe(before);
    expect(model.versionAt('AWSCURRENT')).toBe(first);
  });

  it('does nothing when the token is already AWSCURRENT', async () => {
    const token = model.startRotation();
    await rotateAll(token);
    const current = model.valueAt('AWSCURRENT');
    const callsBefore = model.calls.length;
    await rotateAll(token);
    expect(model.calls.slice(callsBefore)).toEqual(['DescribeSecret', 'DescribeSecret', 'DescribeSecret', 'DescribeSecret']);
    expect(model.valueAt('AWSCURRENT')).toBe(current);
    expect(model.valueAt('AWSPREVIOUS')).toBe(INITIAL);
  });

  it('refuses to run when rotation is not enabled on the secret', async () => {
    const token = model.startRotation();
    model.rotationEnabled = false;
    await expect(step('createSecret', token)).rejects.toThrow('does not have rotation enabled');
    expect(model.calls).not.toContain('PutSecretValue');
    expectCurrentUntouched();
  });

  describe('concurrent rotations', () => {
    it('the service refuses a second rotation while the first is pending; the first completes', async () => {
      const first = model.startRotation();
      await step('createSecret', first);
      expect(() => model.startRotation()).toThrow("A previous rotation isn't complete");
      await rotateAll(first);
      expectRotated(first);
    });

    it('a superseded token (its AWSPENDING taken by a newer rotation) is refused and never becomes current', async () => {
      const first = model.startRotation();
      await step('createSecret', first);
      await step('setSecret', first);
      await step('testSecret', first);
      const firstValue = model.valueOfVersion(first);
      // An operator cancels the stuck rotation (removes its AWSPENDING) and starts a new one.
      model.updateSecretVersionStage({ SecretId: model.arn, VersionStage: 'AWSPENDING', RemoveFromVersionId: first });
      const second = model.startRotation();
      await step('createSecret', second);
      await expect(step('finishSecret', first)).rejects.toThrow('is not a version of secret');
      expectCurrentUntouched();
      await rotateAll(second);
      expectRotated(second);
      expect(model.valueAt('AWSCURRENT')).not.toBe(firstValue);
      expect(model.stagesOf(first)).toEqual([]);
    });

    it('a token that lost AWSPENDING to another pending version is refused at every step', async () => {
      const first = model.startRotation();
      await step('createSecret', first);
      // Another writer labels a different version AWSPENDING: the label moves off `first`, which is left
      // without labels (deprecated, no longer listed).
      model.putSecretValue({ SecretId: model.arn, ClientRequestToken: 'other', SecretString: 'y'.repeat(64), VersionStages: ['AWSPENDING'] });
      expect(model.stagesOf(first)).toEqual([]);
      for (const s of ROTATION_STEPS) await expect(step(s, first)).rejects.toThrow('is not a version of secret');
      expectCurrentUntouched();
    });
  });

  describe('a pending value that can never be installed', () => {
    const weakValues = [
      ['too short', 'Short0value'],
      ['outside the alphabet', `${'a'.repeat(63)}"`],
      ['one character 64 times', 'a'.repeat(64)],
    ];
    function putPending(token: string, value: string) {
      model.putSecretValue({ SecretId: model.arn, ClientRequestToken: token, SecretString: value, VersionStages: ['AWSPENDING'] });
    }

    it.each(weakValues)('%s: setSecret and testSecret refuse it', async (_label, weak) => {
      const token = model.startRotation();
      putPending(token, weak);
      await expect(step('setSecret', token)).rejects.toThrow('does not meet the password policy');
      await expect(step('testSecret', token)).rejects.toThrow('does not meet the password policy');
      expectCurrentUntouched();
    });

    it('equal to the current value: testSecret refuses it', async () => {
      const token = model.startRotation();
      putPending(token, INITIAL);
      await expect(step('testSecret', token)).rejects.toThrow('pending value equals the current one');
      expectCurrentUntouched();
    });

    // A version's value cannot change (PutSecretValue refuses), and RotateSecret re-attempts the pending token
    // forever: createSecret must drop the label so that the next rotation starts over with a new token and value.
    it.each([...weakValues, ['equal to the current value', INITIAL]])(
      '%s: createSecret discards it, so it cannot block rotation and the next one completes',
      async (_label, weak) => {
        const stuck = model.startRotation();
        putPending(stuck, weak);
        await expect(step('createSecret', stuck)).rejects.toThrow(
          /pending value cannot be used \(.+\): removed its AWSPENDING label so that the next rotation generates a new value/,
        );
        expect(model.stagesOf(stuck)).toEqual([]);
        expectCurrentUntouched();
        // Secrets Manager's re-attempts of the discarded token are refused and never make it current.
        for (const s of ROTATION_STEPS) await expect(step(s, stuck)).rejects.toThrow('is not a version of secret');
        const next = model.startRotation();
        await rotateAll(next);
        expectRotated(next);
      },
    );

    it('generated before PASSWORD_LENGTH was raised: the next rotation generates a new one', async () => {
      const stuck = model.startRotation();
      putPending(stuck, model.getRandomPassword(getRandomPasswordInput(appSecretPolicyFromEnv({ PASSWORD_LENGTH: '48' }))).RandomPassword);
      await expect(step('createSecret', stuck)).rejects.toThrow('length 48 is below the policy\'s 64');
      const next = model.startRotation();
      await rotateAll(next);
      expectRotated(next);
    });

    it('a compliant pending value is reused, not discarded', async () => {
      const token = model.startRotation();
      const value = model.getRandomPassword(getRandomPasswordInput(policy)).RandomPassword;
      putPending(token, value);
      await rotateAll(token);
      expect(model.valueAt('AWSCURRENT')).toBe(value);
    });
  });

  it('names the missing field of a malformed event', async () => {
    await expect(rotateAppSecret(client, { SecretId: model.arn, ClientRequestToken: 't' } as never, policy, quiet)).rejects.toThrow(
      'rotation event field Step is missing',
    );
    await expect(
      rotateAppSecret(client, { SecretId: model.arn, ClientRequestToken: 't', Step: 'dropSecret' } as never, policy, quiet),
    ).rejects.toThrow('Step is "dropSecret"');
  });
});

describe('appSecretPolicyFromEnv', () => {
  it('defaults to 64 alphanumeric characters', () => {
    expect(policy).toMatchObject({ length: 64, excludePunctuation: true, includeSpace: false, excludeCharacters: '' });
  });
  it('refuses a length below 32 bytes of entropy and says the minimum', () => {
    expect(() => appSecretPolicyFromEnv({ PASSWORD_LENGTH: '40' })).toThrow('set PASSWORD_LENGTH to at least 43');
    expect(appSecretPolicyFromEnv({ PASSWORD_LENGTH: '43' }).length).toBe(43);
    // Digits only: log2(10) bits per character, so 78 characters are needed.
    expect(() => appSecretPolicyFromEnv({ PASSWORD_LENGTH: '64', EXCLUDE_LOWERCASE: 'true', EXCLUDE_UPPERCASE: 'true' })).toThrow(
      'at least 78',
    );
  });
  it('names the setting that is malformed', () => {
    expect(() => appSecretPolicyFromEnv({ EXCLUDE_PUNCTUATION: 'yes' })).toThrow('EXCLUDE_PUNCTUATION must be "true" or "false"');
    expect(() => appSecretPolicyFromEnv({ PASSWORD_LENGTH: '64chars' })).toThrow('PASSWORD_LENGTH must be a whole number');
  });
});
