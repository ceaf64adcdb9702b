import type { EnvironmentName, ResourceGraph, ResourceView } from '../resource-graph';

export type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name?: unknown } }>;
};

/** One synthesized stack of an environment, as read from cdk.out. */
export interface StackTemplate {
  readonly stackName: string;
  readonly region?: string;
  readonly account?: string;
  readonly terminationProtection?: boolean;
  readonly template: Template;
}

interface Target {
  readonly stack: string;
  readonly logicalId: string;
}

/**
 * The resource graph of one environment read from its synthesized templates. Cross-stack references are
 * followed through `Fn::GetStackOutput` (weak references) and `Fn::ImportValue` (exports) to the producing
 * stack's output, so rules see the same references they see on the construct tree.
 */
export class TemplateGraph implements ResourceGraph {
  private readonly views: ResourceView[];

  constructor(
    private readonly stacks: readonly StackTemplate[],
    private readonly environment: EnvironmentName | undefined,
  ) {
    this.views = stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {}).map(([logicalId, r]) => ({
        logicalId,
        type: r.Type,
        properties: r.Properties ?? {},
        deletionPolicy: r.DeletionPolicy,
        updateReplacePolicy: r.UpdateReplacePolicy,
        metadata: r.Metadata,
        stackName: stack.stackName,
        region: stack.region,
        environment: this.environment,
      })),
    );
  }

  all(): ResourceView[] {
    return this.views;
  }

  ofType(type: string): ResourceView[] {
    return this.views.filter((v) => v.type === type);
  }

  refersTo(from: ResourceView, to: ResourceView, select: (properties: Record<string, unknown>) => unknown): boolean {
    return this.targets(select(from.properties), from.stackName, 0).some((t) => t.stack === to.stackName && t.logicalId === to.logicalId);
  }

  /**
   * `value` with every cross-stack reference replaced by the producing stack's output value, its `Ref`/`GetAtt`
   * qualified with that stack (`platform-prod-keys/LogsKey`), so evidence names the resource, not an output.
   */
  dereference(value: unknown, stack: string, depth = 0): unknown {
    if (depth > 5 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.dereference(v, stack, depth));
    const obj = value as Record<string, unknown>;
    const qualify = (v: unknown, producer: string): unknown => {
      if (v === null || typeof v !== 'object') return v;
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string') return { Ref: `${producer}/${o.Ref}` };
      const getAtt = o['Fn::GetAtt'];
      if (Array.isArray(getAtt)) return { 'Fn::GetAtt': [`${producer}/${getAtt[0]}`, ...getAtt.slice(1)] };
      return this.dereference(v, producer, depth + 1);
    };
    const stackOutput = obj['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown } | undefined;
    if (stackOutput && typeof stackOutput.StackName === 'string' && typeof stackOutput.OutputName === 'string') {
      const output = this.stacks.find((s) => s.stackName === stackOutput.StackName)?.template.Outputs?.[stackOutput.OutputName];
      if (output) return qualify(output.Value, stackOutput.StackName);
    }
    if (typeof obj['Fn::ImportValue'] === 'string') {
      for (const producer of this.stacks) {
        const output = Object.values(producer.template.Outputs ?? {}).find((o) => o.Export?.Name === obj['Fn::ImportValue']);
        if (output) return qualify(output.Value, producer.stackName);
      }
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, this.dereference(v, stack, depth)]));
  }

  private targets(value: unknown, stack: string, depth: number): Target[] {
    if (depth > 5 || value === null || typeof value !== 'object') return [];
    if (Array.isArray(value)) return value.flatMap((v) => this.targets(v, stack, depth));
    const obj = value as Record<string, unknown>;
    const found: Target[] = [];
    if (typeof obj.Ref === 'string') found.push({ stack, logicalId: obj.Ref });
    const getAtt = obj['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') found.push({ stack, logicalId: getAtt[0] });
    const stackOutput = obj['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown } | undefined;
    if (stackOutput && typeof stackOutput.StackName === 'string' && typeof stackOutput.OutputName === 'string') {
      const producer = this.stacks.find((s) => s.stackName === stackOutput.StackName);
      const output = producer?.template.Outputs?.[stackOutput.OutputName];
      if (producer && output) found.push(...this.targets(output.Value, producer.stackName, depth + 1));
    }
    const imported = obj['Fn::ImportValue'];
    if (typeof imported === 'string') {
      for (const producer of this.stacks) {
        for (const output of Object.values(producer.template.Outputs ?? {})) {
          if (output.Export?.Name === imported) found.push(...this.targets(output.Value, producer.stackName, depth + 1));
        }
      }
    }
    for (const [key, v] of Object.entries(obj)) {
      if (key !== 'Fn::GetStackOutput' && key !== 'Fn::ImportValue') found.push(...this.targets(v, stack, depth));
    }
    return found;
  }
}
