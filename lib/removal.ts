import { RemovalPolicy } from 'aws-cdk-lib';
import type { EnvironmentConfig } from '../config';

/**
 * Removal policy for a stateful resource; `snapshot` falls back to retain where the resource has no snapshots.
 * "Retain" is RetainExceptOnCreate: kept on deletion and replacement, but deleted when the create that made it rolls
 * back, so a failed first deploy leaves no named resource (secret, log group, DB identifier, vault) that blocks the
 * retry. A resource that once existed is never touched by that exception.
 */
export function statefulRemovalPolicy(config: EnvironmentConfig, supportsSnapshot = false): RemovalPolicy {
  switch (config.removalPolicy) {
    case 'destroy':
      return RemovalPolicy.DESTROY;
    case 'snapshot':
      return supportsSnapshot ? RemovalPolicy.SNAPSHOT : RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    default:
      return RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
  }
}
