// In-memory model of one Secrets Manager secret's versions and staging labels, served behind
// aws-sdk-client-mock. It reproduces the behaviour the rotation functions depend on:
// - RotateSecret (startRotation) creates an empty version labelled AWSPENDING for the token, and refuses while
//   another rotation's AWSPENDING sits on a version that is not AWSCURRENT;
// - GetSecretValue by VersionId and/or VersionStage, ResourceNotFoundException when absent or empty;
// - PutSecretValue: fills a rotation's empty version, is idempotent for the same token and value, refuses a
//   different value for an existing version, moves the given labels off other versions;
// - UpdateSecretVersionStage: RemoveFromVersionId must name the version holding the label, and moving
//   AWSCURRENT labels the old current version AWSPREVIOUS;
// - versions left without labels disappear from DescribeSecret's VersionIdsToStages (deprecated);
// - GetRandomPassword with its character-class options.
// failNext(command) makes the next call of that command throw, to inject failures between steps.
import {
  DescribeSecretCommand,
  type DescribeSecretCommandInput,
  GetRandomPasswordCommand,
  type GetRandomPasswordCommandInput,
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
  InvalidParameterException,
  InvalidRequestException,
  PutSecretValueCommand,
  type PutSecretValueCommandInput,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
  type UpdateSecretVersionStageCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { FailureInjector } from './failure-injection';
import { randomInt, randomUUID } from 'node:crypto';

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
const PREVIOUS = 'AWSPREVIOUS';

interface Version {
  value?: string;
  stages: Set<string>;
}

export class SecretsManagerModel extends FailureInjector {
  readonly arn: string;
  rotationEnabled = true;
  private readonly versions = new Map<string, Version>();

  constructor(
    readonly name: string,
    initialValue: string,
    readonly initialVersionId: string = randomUUID(),
  ) {
    super();
    this.arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
    this.versions.set(initialVersionId, { value: initialValue, stages: new Set([CURRENT]) });
  }

  // ---- inspection helpers for tests ----
  versionAt(stage: string): string | undefined {
    return [...this.versions].find(([, v]) => v.stages.has(stage))?.[0];
  }
  valueAt(stage: string): string | undefined {
    const id = this.versionAt(stage);
    return id === undefined ? undefined : this.versions.get(id)!.value;
  }
  stagesOf(versionId: string): string[] {
    return [...(this.versions.get(versionId)?.stages ?? [])].sort();
  }
  valueOfVersion(versionId: string): string | undefined {
    return this.versions.get(versionId)?.value;
  }

  /** What RotateSecret does before invoking the function: an empty version labelled AWSPENDING. */
  startRotation(token: string = randomUUID()): string {
    if (!this.rotationEnabled) throw invalidRequest('rotation is not enabled for this secret');
    const pendingHolder = this.versionAt(PENDING);
    if (pendingHolder !== undefined && pendingHolder !== this.versionAt(CURRENT)) {
      throw invalidRequest('A previous rotation isn\'t complete. That rotation will be reattempted.');
    }
    if (this.versions.has(token)) throw new ResourceExistsException({ message: 'version exists', $metadata: {} });
    this.versions.set(token, { stages: new Set() });
    this.attach(PENDING, token);
    return token;
  }

  // ---- service operations ----
  describeSecret(input: DescribeSecretCommandInput) {
    this.checkId(input.SecretId);
    const versionIdsToStages: Record<string, string[]> = {};
    for (const [id, v] of this.versions) if (v.stages.size > 0) versionIdsToStages[id] = [...v.stages];
    return { ARN: this.arn, Name: this.name, RotationEnabled: this.rotationEnabled, VersionIdsToStages: versionIdsToStages };
  }

  getSecretValue(input: GetSecretValueCommandInput) {
    this.checkId(input.SecretId);
    const stage = input.VersionStage ?? (input.VersionId === undefined ? CURRENT : undefined);
    const id = input.VersionId ?? (stage === undefined ? undefined : this.versionAt(stage));
    const version = id === undefined ? undefined : this.versions.get(id);
    if (!version || version.value === undefined || (stage !== undefined && !version.stages.has(stage))) {
      throw new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret value for the requested VersionId/VersionStage",
        $metadata: {},
      });
    }
    return { ARN: this.arn, Name: this.name, VersionId: id, SecretString: version.value, VersionStages: [...version.stages] };
  }

  putSecretValue(input: PutSecretValueCommandInput) {
    this.checkId(input.SecretId);
    if (input.SecretString === undefined) throw invalidParameter('SecretString is required in this model');
    const token = input.ClientRequestToken ?? randomUUID();
    const stages = input.VersionStages ?? [CURRENT];
    const existing = this.versions.get(token);
    if (existing?.value !== undefined) {
      if (existing.value !== input.SecretString) {
        throw new ResourceExistsException({ message: `version ${token} already exists with a different value`, $metadata: {} });
      }
    } else {
      this.versions.set(token, { value: input.SecretString, stages: existing?.stages ?? new Set() });
    }
    for (const stage of stages) this.attach(stage, token);
    return { ARN: this.arn, Name: this.name, VersionId: token, VersionStages: [...this.versions.get(token)!.stages] };
  }

  updateSecretVersionStage(input: UpdateSecretVersionStageCommandInput) {
    this.checkId(input.SecretId);
    const stage = input.VersionStage!;
    const holder = this.versionAt(stage);
    if (input.RemoveFromVersionId !== undefined && input.RemoveFromVersionId !== holder) {
      throw invalidParameter(`${stage} is attached to ${holder}, not to ${input.RemoveFromVersionId}`);
    }
    if (input.MoveToVersionId !== undefined) {
      if (!this.versions.has(input.MoveToVersionId)) throw invalidParameter(`no version ${input.MoveToVersionId}`);
      if (holder !== undefined && holder !== input.MoveToVersionId && input.RemoveFromVersionId === undefined) {
        throw invalidParameter(`${stage} is attached to ${holder}: give RemoveFromVersionId to move it`);
      }
      this.attach(stage, input.MoveToVersionId);
    } else if (input.RemoveFromVersionId !== undefined) {
      if (stage === CURRENT) throw invalidParameter('AWSCURRENT can only be moved, not removed');
      this.versions.get(input.RemoveFromVersionId)!.stages.delete(stage);
    }
    return { ARN: this.arn, Name: this.name };
  }

  getRandomPassword(input: GetRandomPasswordCommandInput) {
    const length = input.PasswordLength ?? 32;
    if (length < 1 || length > 4096) throw invalidParameter('PasswordLength must be 1-4096');
    const exclude = input.ExcludeCharacters ?? '';
    const classes = [
      input.ExcludeLowercase ? '' : 'abcdefghijklmnopqrstuvwxyz',
      input.ExcludeUppercase ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      input.ExcludeNumbers ? '' : '0123456789',
      input.ExcludePunctuation ? '' : '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
      input.IncludeSpace ? ' ' : '',
    ]
      .map((c) => [...c].filter((ch) => !exclude.includes(ch)).join(''))
      .filter((c) => c.length > 0);
    const all = classes.join('');
    if (all.length === 0) throw invalidParameter('no characters left to generate from');
    for (;;) {
      const password = Array.from({ length }, () => all[randomInt(all.length)]).join('');
      if (input.RequireEachIncludedType === false || classes.every((c) => [...password].some((ch) => c.includes(ch)))) {
        return { RandomPassword: password };
      }
    }
  }

  /** Serves this model behind a SecretsManagerClient stub (all clients, as aws-sdk-client-mock does). */
  serve(stub: AwsClientStub<SecretsManagerClient> = mockClient(SecretsManagerClient)): AwsClientStub<SecretsManagerClient> {
    stub.on(DescribeSecretCommand).callsFake(this.fake('DescribeSecret', (i: DescribeSecretCommandInput) => this.describeSecret(i)));
    stub.on(GetSecretValueCommand).callsFake(this.fake('GetSecretValue', (i: GetSecretValueCommandInput) => this.getSecretValue(i)));
    stub.on(PutSecretValueCommand).callsFake(this.fake('PutSecretValue', (i: PutSecretValueCommandInput) => this.putSecretValue(i)));
    stub
      .on(UpdateSecretVersionStageCommand)
      .callsFake(this.fake('UpdateSecretVersionStage', (i: UpdateSecretVersionStageCommandInput) => this.updateSecretVersionStage(i)));
    stub.on(GetRandomPasswordCommand).callsFake(this.fake('GetRandomPassword', (i: GetRandomPasswordCommandInput) => this.getRandomPassword(i)));
    return stub;
  }

  private attach(stage: string, versionId: string): void {
    const previousHolder = this.versionAt(stage);
    for (const v of this.versions.values()) v.stages.delete(stage);
    this.versions.get(versionId)!.stages.add(stage);
    // The service keeps the last known good value: the old AWSCURRENT becomes AWSPREVIOUS.
    if (stage === CURRENT && previousHolder !== undefined && previousHolder !== versionId) this.attach(PREVIOUS, previousHolder);
  }

  private checkId(secretId: string | undefined): void {
    if (secretId !== this.arn && secretId !== this.name) {
      throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} });
    }
  }
}

function invalidParameter(message: string) {
  return new InvalidParameterException({ message, $metadata: {} });
}
function invalidRequest(message: string) {
  return new InvalidRequestException({ message, $metadata: {} });
}

/** The step order Secrets Manager invokes the rotation function in. */
export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
