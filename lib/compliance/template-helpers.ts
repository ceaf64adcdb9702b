import { ResourceGraph, ResourceView, asArray, at, literalString } from './resource-graph';

/** A container definition of an ECS task definition, as in the template. */
export type ContainerDefinition = Record<string, unknown>;

export function containersOf(taskDefinition: ResourceView): ContainerDefinition[] {
  return asArray(taskDefinition.properties.ContainerDefinitions) as ContainerDefinition[];
}

/** The containers that serve traffic (they map a port): the app, as opposed to sidecars and one-off jobs. */
export function servingContainersOf(taskDefinition: ResourceView): ContainerDefinition[] {
  return containersOf(taskDefinition).filter((c) => asArray(c.PortMappings).length > 0);
}

export function containerName(container: ContainerDefinition): string {
  return literalString(container.Name) ?? '(unnamed container)';
}

/** Plain environment variables of a container as name -> template value. */
export function plainEnvironment(container: ContainerDefinition): Map<string, unknown> {
  const env = new Map<string, unknown>();
  for (const entry of asArray(container.Environment)) {
    const name = literalString(at(entry, 'Name'));
    if (name !== undefined) env.set(name, at(entry, 'Value'));
  }
  return env;
}

export function isPostgresInstance(instance: ResourceView): boolean {
  const engine = literalString(instance.properties.Engine);
  return engine !== undefined && /postgres/i.test(engine) && instance.properties.SourceDBInstanceIdentifier === undefined;
}

/**
 * The parameters of the DB parameter group (in the same environment) an RDS instance uses; undefined when it
 * uses the engine default or a group that is not in the templates (neither can be verified).
 */
export function instanceParameters(instance: ResourceView, graph: ResourceGraph): Record<string, unknown> | undefined {
  if (instance.properties.DBParameterGroupName === undefined) return undefined;
  const group = graph
    .ofType('AWS::RDS::DBParameterGroup')
    .find((g) => graph.refersTo(instance, g, (p) => p.DBParameterGroupName));
  return group ? ((group.properties.Parameters as Record<string, unknown> | undefined) ?? {}) : undefined;
}

/** A listener's ListenerAttributes as key -> template value (literal keys only). */
export function listenerAttributes(listener: ResourceView): Map<string, unknown> {
  const attributes = new Map<string, unknown>();
  for (const entry of asArray(listener.properties.ListenerAttributes)) {
    const key = literalString(at(entry, 'Key'));
    if (key !== undefined) attributes.set(key, at(entry, 'Value'));
  }
  return attributes;
}

/** The EventBridge rules (in the same environment) whose targets include `target`. */
export function rulesTargeting(target: ResourceView, graph: ResourceGraph): ResourceView[] {
  return graph.ofType('AWS::Events::Rule').filter((rule) => graph.refersTo(rule, target, (p) => p.Targets));
}

/** A Lambda function's plain environment variables as name -> template value. */
export function functionEnvironment(fn: ResourceView): Record<string, unknown> {
  return (at(fn.properties, 'Environment.Variables') as Record<string, unknown> | undefined) ?? {};
}

/** Why an EventBridge rule does not run on a schedule (empty: it does): no literal schedule expression, or not ENABLED. */
export function scheduleProblems(rule: ResourceView): string[] {
  const problems: string[] = [];
  if (literalString(rule.properties.ScheduleExpression) === undefined) problems.push(`rule ${rule.logicalId} has no literal ScheduleExpression`);
  if (rule.properties.State !== 'ENABLED') problems.push(`rule ${rule.logicalId} is not ENABLED (State ${JSON.stringify(rule.properties.State ?? null)})`);
  return problems;
}
