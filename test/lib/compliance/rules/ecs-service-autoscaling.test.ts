import { Stack } from 'aws-cdk-lib';
import rule from '../../../../lib/compliance/rules/ecs-service-autoscaling';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-APP-3
function scaledService(stack: Stack, id: string, metrics: string[]) {
  const service = resource(stack, id, 'AWS::ECS::Service', {});
  const target = resource(stack, `${id}Target`, 'AWS::ApplicationAutoScaling::ScalableTarget', {
    ScalableDimension: 'ecs:service:DesiredCount',
    ServiceNamespace: 'ecs',
    MinCapacity: 2,
    MaxCapacity: 10,
    ResourceId: { 'Fn::Join': ['', ['service/', 'cluster', '/', service.getAtt('Name')]] },
  });
  for (const metric of metrics) {
    resource(stack, `${id}${metric}`, 'AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: target.ref,
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: metric } },
    });
  }
}

describe('EcsServiceAutoscaling', () => {
  test('a service scaling on CPU and memory complies', () => {
    const stack = ruleTestStack();
    scaledService(stack, 'Web', ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization']);
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a service scaling on CPU only, or not scaling, is flagged', () => {
    const stack = ruleTestStack();
    scaledService(stack, 'CpuOnly', ['ECSServiceAverageCPUUtilization']);
    resource(stack, 'Fixed', 'AWS::ECS::Service', {});
    expect(violations(rule, stack).sort()).toEqual(['CpuOnly', 'Fixed']);
  });
});
