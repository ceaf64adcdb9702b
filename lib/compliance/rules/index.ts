import type { PlatformRule } from '../rule';
import acknowledgmentCitesChecklist from './acknowledgment-cites-checklist';
import alarmActionTopic from './alarm-action-topic';
import albHttpListenerRedirects from './alb-http-listener-redirects';
import albHttpsListenerCors from './alb-https-listener-cors';
import albHttpsListenerHsts from './alb-https-listener-hsts';
import albHttpsListenerSecurityHeaders from './alb-https-listener-security-headers';
import albHttpsListenerTls from './alb-https-listener-tls';
import albWafAssociated from './alb-waf-associated';
import appContainerNodeEnv from './app-container-node-env';
import backupPlanDailyOffsite from './backup-plan-daily-offsite';
import backupVaultLocked from './backup-vault-locked';
import containerHardened from './container-hardened';
import containerNoPlainSecrets from './container-no-plain-secrets';
import containerStopTimeout from './container-stop-timeout';
import dataStoreIsolated from './data-store-isolated';
import ecsDeploymentRollback from './ecs-deployment-rollback';
import ecsServiceAutoscaling from './ecs-service-autoscaling';
import encryptedWithCmk from './encrypted-with-cmk';
import kmsKeyRotation from './kms-key-rotation';
import logGroupRetentionEncryption from './log-group-retention-encryption';
import logRetentionFloor from './log-retention-floor';
import noPasswordLiteral from './no-password-literal';
import rdsBackupRetention from './rds-backup-retention';
import rdsForceSsl from './rds-force-ssl';
import rdsNoPasswordInLogs from './rds-no-password-in-logs';
import rdsProdFloor from './rds-prod-floor';
import rdsProxyFrontsPostgres from './rds-proxy-fronts-postgres';
import rdsProxyRequireTls from './rds-proxy-require-tls';
import rdsQueryDiagnostics from './rds-query-diagnostics';
import redisRbac from './redis-rbac';
import redisResilience from './redis-resilience';
import redisTransitEncryption from './redis-transit-encryption';
import restoreDrillSchedule from './restore-drill-schedule';
import secretGenerated from './secret-generated';
import secretRotationSchedule from './secret-rotation-schedule';
import sessionCleanupSchedule from './session-cleanup-schedule';
import statefulRetainInProd from './stateful-retain-in-prod';
import vpcFlowLogs from './vpc-flow-logs';
import wafLoggingRedacted from './waf-logging-redacted';
import wafManagedRuleGroups from './waf-managed-rule-groups';
import wafRateLimits from './waf-rate-limits';

/** Every rule of the platform checklist pack, one file each. */
export const PLATFORM_RULES: readonly PlatformRule[] = [
  acknowledgmentCitesChecklist,
  alarmActionTopic,
  albHttpListenerRedirects,
  albHttpsListenerCors,
  albHttpsListenerHsts,
  albHttpsListenerSecurityHeaders,
  albHttpsListenerTls,
  albWafAssociated,
  appContainerNodeEnv,
  backupPlanDailyOffsite,
  backupVaultLocked,
  containerHardened,
  containerNoPlainSecrets,
  containerStopTimeout,
  dataStoreIsolated,
  ecsDeploymentRollback,
  ecsServiceAutoscaling,
  encryptedWithCmk,
  kmsKeyRotation,
  logGroupRetentionEncryption,
  logRetentionFloor,
  noPasswordLiteral,
  rdsBackupRetention,
  rdsForceSsl,
  rdsNoPasswordInLogs,
  rdsProdFloor,
  rdsProxyFrontsPostgres,
  rdsProxyRequireTls,
  rdsQueryDiagnostics,
  redisRbac,
  redisResilience,
  redisTransitEncryption,
  restoreDrillSchedule,
  secretGenerated,
  secretRotationSchedule,
  sessionCleanupSchedule,
  statefulRetainInProd,
  vpcFlowLogs,
  wafLoggingRedacted,
  wafManagedRuleGroups,
  wafRateLimits,
];
