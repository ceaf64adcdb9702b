import { at } from '../resource-graph';
import { defineRule } from '../rule';

const REQUIRED_METRICS = ['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization'];

export default defineRule(__filename, {
  checklistIds: ['CL-APP-3'],
  info: 'The ECS service does not scale its task count on both CPU and memory (target tracking).',
  explanation: 'The service adds tasks before CPU or memory saturation degrades latency, and removes them when load falls.',
  resourceTypes: ['AWS::ECS::Service'],
  evaluate: (service, graph) => {
    const targets = graph
      .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
      .filter((t) => t.properties.ScalableDimension === 'ecs:service:DesiredCount' && graph.refersTo(t, service, (p) => p.ResourceId));
    if (targets.length === 0) return ['no ApplicationAutoScaling::ScalableTarget for this service'];
    const metrics = new Set(
      graph
        .ofType('AWS::ApplicationAutoScaling::ScalingPolicy')
        .filter((p) => targets.some((t) => graph.refersTo(p, t, (props) => props.ScalingTargetId)))
        .map((p) => at(p.properties, 'TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType')),
    );
    return REQUIRED_METRICS.filter((m) => !metrics.has(m)).map((m) => `no target-tracking policy on ${m}`);
  },
});
