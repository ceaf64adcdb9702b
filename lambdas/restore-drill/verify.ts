/**
 * Restore drill, task "verify" (CL-DB-3): connect directly to the restored instance over verified TLS with its
 * own RDS-managed master secret and prove the data came back, in a read-only transaction.
 * Input: output of check-status with available: true. Output: input + verified, userTables, verifyRow, dataAgeSeconds.
 *
 * Environment:
 *   DRILL_INSTANCE_PREFIX         guard, as in check-status
 *   NODE_EXTRA_CA_CERTS           set by the CDK side to /var/runtime/ca-cert.pem so Node trusts the RDS CA bundle
 *                                 (the server certificate is verified against it; there is no unverified fallback)
 *   VERIFY_DATABASE_NAME          optional; default: the instance's DBName, else "postgres"
 *   VERIFY_SQL                    optional read-only query that must return exactly one row; a numeric column
 *                                 data_age_seconds is reported as dataAgeSeconds
 *   VERIFY_MIN_USER_TABLES        optional, default 1: fewer user tables means the restore holds no data
 *   VERIFY_STATEMENT_TIMEOUT_MS   optional, default 30000
 *   VERIFY_CONNECT_TIMEOUT_MS     optional, default 10000
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { verifyConfig } from './config';
import { asState } from './input';
import { verify } from './verification';

const rds = new RDSClient({});
const secrets = new SecretsManagerClient({});

export async function handler(event: unknown) {
  // No ca: Node's default store plus NODE_EXTRA_CA_CERTS holds the RDS CAs.
  return verify({ rds, secrets }, verifyConfig(process.env), asState(event));
}
