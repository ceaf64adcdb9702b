// Rotation function for the app signing secrets (SecretString = the plain random string).
//
// Environment (all optional; GetRandomPassword options, validated to give >= 256 bits of entropy, CL-SEC-1):
//   PASSWORD_LENGTH      length of the generated secret, default 64
//   EXCLUDE_CHARACTERS   characters never to use, default none
//   EXCLUDE_PUNCTUATION  "true" | "false", default "true" (values travel in headers/env files unescaped)
//   EXCLUDE_NUMBERS, EXCLUDE_UPPERCASE, EXCLUDE_LOWERCASE, INCLUDE_SPACE   "true" | "false", default "false"
// Permissions: secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue, UpdateSecretVersionStage on the
// secret, secretsmanager:GetRandomPassword on "*", and kms:Decrypt/GenerateDataKey on the secret's key.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { appSecretPolicyFromEnv, rotateAppSecret } from './app-secret';

const client = new SecretsManagerClient({});

export async function handler(event: SecretsManagerRotationEvent): Promise<void> {
  await rotateAppSecret(client, event, appSecretPolicyFromEnv(process.env));
}
