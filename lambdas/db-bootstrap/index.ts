// onEvent handler of the database bootstrap custom resource (CDK provider framework). Configuration comes
// from the resource's properties (documented in on-event.ts) so that changing them re-runs the bootstrap.
//
// Environment:
//   NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem   set by the CDK side: Node then trusts the RDS CA bundle, and
//                                                  the connection verifies the instance certificate
// Permissions: secretsmanager:GetSecretValue (and kms:Decrypt) on the four secrets; network access to the
// instance's port from the Lambda's security group.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { Client, type ClientConfig } from 'pg';
import { onEvent } from './on-event';

const secrets = new SecretsManagerClient({});

async function connect(config: ClientConfig): Promise<Client> {
  const client = new Client(config);
  await client.connect();
  return client;
}

export function handler(event: CdkCustomResourceEvent): Promise<CdkCustomResourceResponse> {
  return onEvent(event, { secrets, connect });
}
