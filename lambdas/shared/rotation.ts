// The Secrets Manager four-step rotation contract (createSecret, setSecret, testSecret, finishSecret),
// shared by every rotation Lambda (CL-SEC-2). Each secret type only supplies hooks: how to build the pending
// value, how to make the service accept it, and how to prove it works. Step logic here never moves
// AWSCURRENT before testSecret passed, so after any failure AWSCURRENT still holds a working value.
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  type GetRandomPasswordCommandInput,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

/** The current (AWSCURRENT) and pending (AWSPENDING, this rotation's token) SecretStrings. */
export interface SecretValues {
  current: string;
  pending: string;
}

export interface RotationHooks {
  /** GetRandomPassword request for the new password. */
  randomPassword: GetRandomPasswordCommandInput;
  /** Builds the pending SecretString from the current one and a freshly generated password. */
  buildPending(current: string, newPassword: string): string;
  /**
   * Why the pending value can never be installed (policy, format); empty when it can. Must not depend on the
   * service, must not echo values, and throws when the current value itself is unusable.
   */
  pendingProblems(values: SecretValues): string[];
  /** Makes the service accept the pending value (keeping the current one working); must be idempotent. */
  setSecret(values: SecretValues): Promise<void>;
  /** Throws unless the pending value is valid (the skeleton already checked it differs from the current one). */
  testSecret(values: SecretValues): Promise<void>;
}

export type Logger = (message: string, fields?: Record<string, unknown>) => void;

export const jsonLogger: Logger = (message, fields = {}) => console.log(JSON.stringify({ message, ...fields }));

function validateEvent(event: SecretsManagerRotationEvent): void {
  for (const field of ['SecretId', 'ClientRequestToken', 'Step'] as const) {
    if (typeof event?.[field] !== 'string' || event[field] === '') {
      throw new Error(`rotation event field ${field} is missing: the function must be invoked by Secrets Manager rotation`);
    }
  }
  if (!(STEPS as readonly string[]).includes(event.Step)) {
    throw new Error(`rotation event field Step is "${event.Step}": expected one of ${STEPS.join(', ')}`);
  }
}

async function findValue(
  client: SecretsManagerClient,
  secretId: string,
  selector: { VersionId?: string; VersionStage: string },
): Promise<string | undefined> {
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId, ...selector }));
    if (out.SecretString === undefined) throw new Error(`secret ${secretId} holds binary data: rotation handles SecretString only`);
    return out.SecretString;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

async function currentValue(client: SecretsManagerClient, secretId: string): Promise<string> {
  const value = await findValue(client, secretId, { VersionStage: AWSCURRENT });
  if (value === undefined) throw new Error(`secret ${secretId} has no ${AWSCURRENT} value: set an initial value before rotating`);
  return value;
}

async function values(client: SecretsManagerClient, secretId: string, token: string): Promise<SecretValues> {
  const pending = await findValue(client, secretId, { VersionId: token, VersionStage: AWSPENDING });
  if (pending === undefined) {
    throw new Error(`secret ${secretId} version ${token} has no ${AWSPENDING} value: createSecret must run first`);
  }
  return { current: await currentValue(client, secretId), pending };
}

/** Runs one rotation step. Safe to re-run: every step is idempotent for a given token. */
export async function runRotationStep(
  client: SecretsManagerClient,
  event: SecretsManagerRotationEvent,
  hooks: RotationHooks,
  log: Logger = jsonLogger,
): Promise<void> {
  validateEvent(event);
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const fields = { step, secretId, token };

  const meta = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!meta.RotationEnabled) {
    throw new Error(`secret ${secretId} does not have rotation enabled: turn rotation on for it before invoking this function`);
  }
  const versions = meta.VersionIdsToStages ?? {};
  const tokenStages = versions[token];
  if (!tokenStages) throw new Error(`ClientRequestToken ${token} is not a version of secret ${secretId}`);
  if (tokenStages.includes(AWSCURRENT)) {
    log('version is already AWSCURRENT: nothing to do', fields);
    return;
  }
  // A version that lost AWSPENDING was superseded by a newer rotation: it must never become current.
  if (!tokenStages.includes(AWSPENDING)) {
    throw new Error(`version ${token} of secret ${secretId} is not ${AWSPENDING} (superseded or mismatched token): not rotating it`);
  }

  switch (step) {
    case 'createSecret': {
      const current = await currentValue(client, secretId);
      const existing = await findValue(client, secretId, { VersionId: token, VersionStage: AWSPENDING });
      if (existing !== undefined) {
        const problems = existing === current ? ['it equals the current value'] : hooks.pendingProblems({ current, pending: existing });
        // A retried createSecret keeps the value the first attempt stored (PutSecretValue would refuse another).
        if (problems.length === 0) {
          log('pending value already exists: reusing it', fields);
          return;
        }
        // Nor can an unusable one be replaced, and RotateSecret re-attempts the pending token forever: dropping
        // the label lets the next rotation start over with a new token and a new value.
        await client.send(
          new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: AWSPENDING, RemoveFromVersionId: token }),
        );
        log('discarded an unusable pending value', { ...fields, problems });
        throw new Error(
          `secret ${secretId} version ${token}: the pending value cannot be used (${problems.join('; ')}): removed its ` +
            'AWSPENDING label so that the next rotation generates a new value; to rotate now run ' +
            `"aws secretsmanager rotate-secret --secret-id ${secretId}"`,
        );
      }
      const { RandomPassword } = await client.send(new GetRandomPasswordCommand(hooks.randomPassword));
      if (!RandomPassword) throw new Error('GetRandomPassword returned no password');
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: token,
          SecretString: hooks.buildPending(current, RandomPassword),
          VersionStages: [AWSPENDING],
        }),
      );
      log('created pending value', fields);
      return;
    }
    case 'setSecret':
      await hooks.setSecret(await values(client, secretId, token));
      log('set pending value on the service', fields);
      return;
    case 'testSecret': {
      const v = await values(client, secretId, token);
      if (v.pending === v.current) throw new Error(`secret ${secretId} version ${token}: pending value equals the current one`);
      await hooks.testSecret(v);
      log('pending value passed its test', fields);
      return;
    }
    case 'finishSecret': {
      const currentVersion = Object.keys(versions).find((id) => versions[id]!.includes(AWSCURRENT));
      if (!currentVersion) throw new Error(`secret ${secretId} has no ${AWSCURRENT} version to move from`);
      // Secrets Manager labels the old current version AWSPREVIOUS: readers accept it during the overlap.
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: AWSCURRENT,
          MoveToVersionId: token,
          RemoveFromVersionId: currentVersion,
        }),
      );
      log('moved AWSCURRENT to the new version', { ...fields, previousVersion: currentVersion });
      return;
    }
  }
}
