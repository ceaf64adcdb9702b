// Rotation function for the ElastiCache RBAC app user's password (secret JSON {username, password, userId}).
//
// Environment:
//   REDIS_ENDPOINT         required: the replication group's primary endpoint, where testSecret AUTHenticates
//                          with the pending password over TLS (certificate verified against Node's CA store)
//   REDIS_PORT             default 6379
//   REDIS_TIMEOUT_MS       bound on connecting and on each reply, default 5000
//   PASSWORD_LENGTH        length of the new password, 16-128 (ElastiCache limits), default 64 (~390 bits)
//   USER_POLL_ATTEMPTS     DescribeUsers checks while waiting for the user to be "active", default 30
//   USER_POLL_INTERVAL_MS  pause between those checks, default 2000 (the Lambda timeout must cover
//                          2 x attempts x interval, i.e. > 2 minutes with the defaults)
// Permissions: as the app-secret rotation function, plus elasticache:DescribeUsers and elasticache:ModifyUser
// on the user. Network: in the VPC, admitted by the cache's security group on its port.
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { redisOptionsFromEnv, rotateRedisUser } from './redis-user';

const secrets = new SecretsManagerClient({});
const elasticache = new ElastiCacheClient({});

export async function handler(event: SecretsManagerRotationEvent): Promise<void> {
  await rotateRedisUser(secrets, elasticache, event, redisOptionsFromEnv(process.env));
}
