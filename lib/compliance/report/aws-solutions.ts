/**
 * The AwsSolutions (cdk-nag) rules that enforce part of a checklist item, with the resource types they check.
 * They run at synth (an unacknowledged finding fails it); the report lists them as enforcing rules and takes
 * their findings from cdk.out/validation-report.json.
 */
export const AWS_SOLUTIONS_RULES: Record<string, { readonly checklistIds: readonly string[]; readonly types: readonly string[] }> = {
  'AwsSolutions-RDS2': { checklistIds: ['CL-ENC-1'], types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  'AwsSolutions-RDS3': { checklistIds: ['CL-ENV-2'], types: ['AWS::RDS::DBInstance'] },
  'AwsSolutions-RDS10': { checklistIds: ['CL-ENV-2', 'CL-DEL-1'], types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  'AwsSolutions-RDS13': { checklistIds: ['CL-DB-1'], types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  'AwsSolutions-RDS8': { checklistIds: ['CL-NET-1'], types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  'AwsSolutions-AEC1': { checklistIds: ['CL-NET-1'], types: ['AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup'] },
  'AwsSolutions-AEC3': { checklistIds: ['CL-TLS-4', 'CL-ENC-1'], types: ['AWS::ElastiCache::ReplicationGroup'] },
  'AwsSolutions-AEC4': { checklistIds: ['CL-RED-2'], types: ['AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup'] },
  'AwsSolutions-AEC6': { checklistIds: ['CL-RED-1'], types: ['AWS::ElastiCache::ReplicationGroup'] },
  'AwsSolutions-SMG4': { checklistIds: ['CL-SEC-2'], types: ['AWS::SecretsManager::Secret'] },
  'AwsSolutions-ECS2': { checklistIds: ['CL-SEC-3'], types: ['AWS::ECS::TaskDefinition'] },
  'AwsSolutions-ECS7': { checklistIds: ['CL-OBS-1'], types: ['AWS::ECS::TaskDefinition'] },
  'AwsSolutions-ELB2': { checklistIds: ['CL-OBS-1'], types: ['AWS::ElasticLoadBalancingV2::LoadBalancer'] },
  'AwsSolutions-KMS5': { checklistIds: ['CL-ENC-1'], types: ['AWS::KMS::Key'] },
  'AwsSolutions-SNS3': { checklistIds: ['CL-OBS-2'], types: ['AWS::SNS::Topic'] },
  'AwsSolutions-VPC7': { checklistIds: ['CL-NET-2'], types: ['AWS::EC2::VPC'] },
  'AwsSolutions-EC23': { checklistIds: ['CL-NET-1'], types: ['AWS::EC2::SecurityGroup'] },
};
