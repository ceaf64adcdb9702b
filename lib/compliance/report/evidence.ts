import type { ResourceView } from '../resource-graph';

/** What to show for one resource type: property paths (`.`-separated, `*` maps over a list, a `[...]` array keeps a dotted key). */
export interface EvidenceSpec {
  /** Resource type; a trailing `*` matches a prefix (`Custom::*`). */
  readonly type: string;
  readonly properties: readonly (string | readonly string[])[];
  /** Only resources whose logical ID or type matches (where a type alone is too broad, e.g. any Lambda). */
  readonly named?: RegExp;
}

/** One line of evidence: a resource and the values read from its synthesized template. */
export interface Evidence {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly values: Record<string, string>;
}

const RETAIN = ['@DeletionPolicy', '@UpdateReplacePolicy'];
const CONTAINERS = 'ContainerDefinitions.*';

/** Per checklist item, the template facts an auditor needs to see. Items absent here have no template evidence. */
export const EVIDENCE: Record<string, readonly EvidenceSpec[]> = {
  'CL-ENV-1': [{ type: 'AWS::EC2::VPC', properties: ['CidrBlock'] }],
  'CL-ENV-2': [{ type: 'AWS::RDS::DBInstance', properties: ['MultiAZ', 'DeletionProtection', 'BackupRetentionPeriod', ...RETAIN] }],
  'CL-NET-1': [
    { type: 'AWS::RDS::DBInstance', properties: ['PubliclyAccessible', 'DBSubnetGroupName'] },
    { type: 'AWS::ElastiCache::ReplicationGroup', properties: ['CacheSubnetGroupName', 'SecurityGroupIds'] },
    { type: 'AWS::EC2::Subnet', properties: ['MapPublicIpOnLaunch', 'CidrBlock'] },
  ],
  'CL-NET-2': [{ type: 'AWS::EC2::FlowLog', properties: ['ResourceId', 'TrafficType', 'LogDestinationType'] }],
  'CL-TLS-1': [{ type: 'AWS::ElasticLoadBalancingV2::Listener', properties: ['Protocol', 'Port', 'SslPolicy', 'Certificates.*.CertificateArn', 'DefaultActions.*.Type', 'DefaultActions.*.RedirectConfig.Protocol'] }],
  'CL-TLS-2': [{ type: 'AWS::ElasticLoadBalancingV2::Listener', properties: ['Protocol', 'ListenerAttributes.*.Key', 'ListenerAttributes.*.Value'] }],
  'CL-HDR-1': [{ type: 'AWS::ElasticLoadBalancingV2::Listener', properties: ['Protocol', 'ListenerAttributes.*.Key', 'ListenerAttributes.*.Value'] }],
  'CL-TLS-3': [
    { type: 'AWS::RDS::DBParameterGroup', properties: [['Parameters', 'rds.force_ssl']] },
    { type: 'AWS::RDS::DBProxy', properties: ['RequireTLS'] },
  ],
  'CL-TLS-4': [{ type: 'AWS::ElastiCache::ReplicationGroup', properties: ['TransitEncryptionEnabled', 'TransitEncryptionMode'] }],
  'CL-ENC-1': [
    { type: 'AWS::KMS::Key', properties: ['EnableKeyRotation'] },
    { type: 'AWS::RDS::DBInstance', properties: ['StorageEncrypted', 'KmsKeyId'] },
    { type: 'AWS::ElastiCache::ReplicationGroup', properties: ['AtRestEncryptionEnabled', 'KmsKeyId'] },
    { type: 'AWS::SecretsManager::Secret', properties: ['KmsKeyId'] },
    { type: 'AWS::Logs::LogGroup', properties: ['KmsKeyId'] },
    { type: 'AWS::SNS::Topic', properties: ['KmsMasterKeyId'] },
    { type: 'AWS::Backup::BackupVault', properties: ['EncryptionKeyArn'] },
    { type: 'AWS::ECR::Repository', properties: ['EncryptionConfiguration.EncryptionType', 'EncryptionConfiguration.KmsKey'] },
  ],
  'CL-SEC-1': [{ type: 'AWS::SecretsManager::Secret', properties: ['GenerateSecretString.PasswordLength', 'SecretString'] }],
  'CL-SEC-2': [{ type: 'AWS::SecretsManager::RotationSchedule', properties: ['SecretId', 'RotationRules.AutomaticallyAfterDays', 'RotationRules.ScheduleExpression'] }],
  'CL-SEC-3': [{ type: 'AWS::ECS::TaskDefinition', properties: [`${CONTAINERS}.Name`, `${CONTAINERS}.Secrets.*.Name`, `${CONTAINERS}.Environment.*.Name`] }],
  'CL-SEC-4': [
    { type: 'Custom::*', properties: [], named: /bootstrap|dbroles|dbusers/i },
    { type: 'AWS::CloudFormation::CustomResource', properties: [], named: /bootstrap|dbroles|dbusers/i },
  ],
  'CL-RED-1': [
    { type: 'AWS::ElastiCache::ReplicationGroup', properties: ['UserGroupIds'] },
    { type: 'AWS::ElastiCache::User', properties: ['UserName', 'AccessString'] },
  ],
  'CL-RED-2': [{ type: 'AWS::ElastiCache::ReplicationGroup', properties: ['AutomaticFailoverEnabled', 'MultiAZEnabled', 'NumCacheClusters', 'SnapshotRetentionLimit'] }],
  'CL-WAF-1': [
    { type: 'AWS::WAFv2::WebACL', properties: ['Rules.*.Statement.ManagedRuleGroupStatement.Name'] },
    { type: 'AWS::WAFv2::WebACLAssociation', properties: ['ResourceArn'] },
  ],
  'CL-WAF-2': [{ type: 'AWS::WAFv2::WebACL', properties: ['Rules.*.Statement.RateBasedStatement.Limit'] }],
  'CL-WAF-3': [{ type: 'AWS::WAFv2::LoggingConfiguration', properties: ['RedactedFields.*.SingleHeader.Name', 'LogDestinationConfigs'] }],
  'CL-APP-1': [{ type: 'AWS::ECS::TaskDefinition', properties: [`${CONTAINERS}.User`, `${CONTAINERS}.ReadonlyRootFilesystem`, `${CONTAINERS}.Privileged`, `${CONTAINERS}.LinuxParameters.Capabilities.Drop`] }],
  'CL-APP-2': [
    { type: 'AWS::ECS::Service', properties: ['DeploymentConfiguration.DeploymentCircuitBreaker.Enable', 'DeploymentConfiguration.DeploymentCircuitBreaker.Rollback', 'HealthCheckGracePeriodSeconds'] },
    { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', properties: ['HealthCheckPath', 'HealthyThresholdCount'] },
  ],
  'CL-APP-3': [
    { type: 'AWS::ECS::TaskDefinition', properties: [`${CONTAINERS}.StopTimeout`] },
    { type: 'AWS::ApplicationAutoScaling::ScalableTarget', properties: ['MinCapacity', 'MaxCapacity'] },
    { type: 'AWS::ApplicationAutoScaling::ScalingPolicy', properties: ['TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType', 'TargetTrackingScalingPolicyConfiguration.TargetValue'] },
  ],
  'CL-APP-4': [{ type: 'AWS::ECS::TaskDefinition', properties: [`${CONTAINERS}.Environment.*.Name`] }],
  'CL-DB-1': [{ type: 'AWS::RDS::DBInstance', properties: ['BackupRetentionPeriod'] }],
  'CL-DB-2': [
    { type: 'AWS::Backup::BackupPlan', properties: ['BackupPlan.BackupPlanRule.*.ScheduleExpression', 'BackupPlan.BackupPlanRule.*.CopyActions.*.DestinationBackupVaultArn'] },
    { type: 'AWS::Backup::BackupVault', properties: ['LockConfiguration.MinRetentionDays', 'LockConfiguration.ChangeableForDays'] },
    { type: 'AWS::Backup::BackupSelection', properties: ['BackupSelection.Resources'] },
  ],
  'CL-DB-3': [
    { type: 'AWS::StepFunctions::StateMachine', properties: ['StateMachineType'], named: /restore|drill/i },
    { type: 'AWS::Scheduler::Schedule', properties: ['ScheduleExpression'], named: /restore|drill/i },
    { type: 'AWS::Events::Rule', properties: ['ScheduleExpression'], named: /restore|drill/i },
  ],
  'CL-DB-4': [
    { type: 'AWS::RDS::DBProxy', properties: ['EngineFamily', 'RequireTLS'] },
    { type: 'AWS::RDS::DBParameterGroup', properties: ['Parameters.shared_preload_libraries', ['Parameters', 'auto_explain.log_min_duration'], 'Parameters.log_min_duration_statement'] },
  ],
  'CL-SES-1': [
    { type: 'AWS::Lambda::Function', properties: ['Timeout'], named: /cleanup|session/i },
    { type: 'AWS::Events::Rule', properties: ['ScheduleExpression'], named: /cleanup|session/i },
    { type: 'AWS::Scheduler::Schedule', properties: ['ScheduleExpression'], named: /cleanup|session/i },
  ],
  'CL-OBS-1': [{ type: 'AWS::Logs::LogGroup', properties: ['RetentionInDays', 'KmsKeyId'] }],
  'CL-OBS-2': [
    { type: 'AWS::CloudWatch::Alarm', properties: ['MetricName', 'Threshold', 'AlarmActions'] },
    { type: 'AWS::CloudWatch::CompositeAlarm', properties: ['AlarmActions'] },
  ],
  'CL-OBS-3': [
    { type: 'AWS::CloudWatch::Dashboard', properties: ['DashboardName'] },
    { type: 'AWS::Synthetics::Canary', properties: ['Schedule.Expression'] },
  ],
  'CL-DEL-1': [
    { type: 'AWS::RDS::DBInstance', properties: RETAIN },
    { type: 'AWS::RDS::DBProxy', properties: RETAIN },
    { type: 'AWS::ElastiCache::ReplicationGroup', properties: RETAIN },
    { type: 'AWS::Backup::BackupVault', properties: RETAIN },
    { type: 'AWS::KMS::Key', properties: RETAIN },
    { type: 'AWS::SecretsManager::Secret', properties: RETAIN },
    { type: 'AWS::ECR::Repository', properties: RETAIN },
  ],
};

/** A template value in one short line: intrinsics as `Ref(X)` / `GetAtt(X.Arn)`, lists joined. */
export function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (typeof value !== 'object' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  const obj = value as Record<string, unknown>;
  if (typeof obj.Ref === 'string') return `Ref(${obj.Ref})`;
  const getAtt = obj['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `GetAtt(${getAtt.join('.')})`;
  const output = obj['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown } | undefined;
  if (output) return `Output(${String(output.StackName)}.${String(output.OutputName)})`;
  if (typeof obj['Fn::ImportValue'] === 'string') return `Import(${obj['Fn::ImportValue']})`;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0].startsWith('Fn::')) return `${keys[0].slice(4)}(…)`;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function read(value: unknown, segments: readonly string[]): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments;
  if (head === '*') return Array.isArray(value) ? value.map((v) => read(v, rest)).flat() : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  return read((value as Record<string, unknown>)[head], rest);
}

export function readProperty(resource: ResourceView, path: string | readonly string[]): unknown {
  if (path === '@DeletionPolicy') return resource.deletionPolicy ?? 'Delete';
  if (path === '@UpdateReplacePolicy') return resource.updateReplacePolicy ?? 'Delete';
  return read(resource.properties, typeof path === 'string' ? path.split('.') : path);
}

function matches(spec: EvidenceSpec, r: ResourceView): boolean {
  const typed = spec.type.endsWith('*') ? r.type.startsWith(spec.type.slice(0, -1)) : r.type === spec.type;
  return typed && (!spec.named || spec.named.test(`${r.logicalId} ${r.type}`));
}

/** The evidence of one checklist item among an environment's resources; `deref` names cross-stack producers. */
export function evidenceFor(
  checklistId: string,
  resources: readonly ResourceView[],
  deref: (value: unknown, stackName: string) => unknown = (v) => v,
): Evidence[] {
  return (EVIDENCE[checklistId] ?? []).flatMap((spec) =>
    resources
      .filter((r) => matches(spec, r))
      .map((r) => ({
        stackName: r.stackName,
        logicalId: r.logicalId,
        type: r.type,
        values: Object.fromEntries(
          spec.properties.map((p) => [typeof p === 'string' ? p.replace(/^@/, '') : p.join('.'), show(deref(readProperty(r, p), r.stackName))]),
        ),
      })),
  );
}
