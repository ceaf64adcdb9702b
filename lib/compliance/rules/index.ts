import type { PlatformRule } from '../rule';
import kmsKeyRotation from './kms-key-rotation';
import logGroupRetentionEncryption from './log-group-retention-encryption';
import vpcFlowLogs from './vpc-flow-logs';

/** Every rule of the platform checklist pack, one file each. */
export const PLATFORM_RULES: readonly PlatformRule[] = [kmsKeyRotation, logGroupRetentionEncryption, vpcFlowLogs];
