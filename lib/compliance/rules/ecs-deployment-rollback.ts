import { at, isTrue } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-APP-2'],
  info: 'The ECS service has no deployment circuit breaker with rollback.',
  explanation: 'A deployment whose tasks fail their health checks is stopped and rolled back automatically, so a bad image never takes the service down.',
  resourceTypes: ['AWS::ECS::Service'],
  evaluate: (service) => {
    const breaker = at(service.properties, 'DeploymentConfiguration.DeploymentCircuitBreaker');
    return isTrue(at(breaker, 'Enable')) && isTrue(at(breaker, 'Rollback')) ? [] : ['DeploymentCircuitBreaker Enable and Rollback are not both true'];
  },
});
