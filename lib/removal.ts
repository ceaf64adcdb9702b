import { RemovalPolicy } from 'aws-cdk-lib';
import type { EnvironmentConfig } from '../config';

/** Removal policy for a stateful resource; `snapshot` falls back to retain where the resource has no snapshots. */
export function statefulRemovalPolicy(config: EnvironmentConfig, supportsSnapshot = false): RemovalPolicy {
  switch (config.removalPolicy) {
    case 'destroy':
      return RemovalPolicy.DESTROY;
    case 'snapshot':
      return supportsSnapshot ? RemovalPolicy.SNAPSHOT : RemovalPolicy.RETAIN;
    default:
      return RemovalPolicy.RETAIN;
  }
}
