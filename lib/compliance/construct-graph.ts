import { CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EnvironmentName, ResourceGraph, ResourceView } from './resource-graph';

const ENVIRONMENTS: readonly EnvironmentName[] = ['dev', 'staging', 'prod'];

interface Renderable {
  _toCloudFormation(): { Resources: Record<string, Record<string, unknown>> };
}

/**
 * Renders a resource as it will appear in the template, resolved in the context of `context`'s stack.
 * Rendering (instead of reading L1 properties) sees escape-hatch overrides and gives the template's
 * PascalCase shape; resolving in ANOTHER stack turns a cross-stack reference back into the `Ref`/`GetAtt` of the
 * producing stack, which is how references are matched across stacks. `_toCloudFormation` is what Stack
 * synthesis itself calls on every resource.
 */
function render(node: CfnResource, context: Stack): Record<string, unknown> {
  const rendered = context.resolve((node as unknown as Renderable)._toCloudFormation()) as {
    Resources: Record<string, Record<string, unknown>>;
  };
  return Object.values(rendered.Resources)[0] ?? {};
}

/** The environment of a stack: its `platform:environment` tag, else the `platform-<env>-` stack-name prefix. */
export function environmentOf(stack: Stack): EnvironmentName | undefined {
  const tagged = stack.tags.tagValues()['platform:environment'];
  if ((ENVIRONMENTS as readonly string[]).includes(tagged)) return tagged as EnvironmentName;
  const match = /^platform-(dev|staging|prod)-/.exec(stack.stackName);
  return match ? (match[1] as EnvironmentName) : undefined;
}

function viewOf(node: CfnResource, cfn: Record<string, unknown>): ResourceView {
  const stack = Stack.of(node);
  return {
    logicalId: stack.resolve(node.logicalId) as string,
    type: node.cfnResourceType,
    properties: (cfn.Properties as Record<string, unknown> | undefined) ?? {},
    deletionPolicy: cfn.DeletionPolicy as string | undefined,
    updateReplacePolicy: cfn.UpdateReplacePolicy as string | undefined,
    metadata: cfn.Metadata as Record<string, unknown> | undefined,
    stackName: stack.stackName,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    environment: environmentOf(stack),
  };
}

/**
 * Lookups shared by every rule during ONE validation pass, when the construct tree no longer changes: each scope's
 * resources are listed once and each resource is rendered once per stack it is resolved in (its own, or the stack
 * of a resource it may refer to), however many rules and candidate targets look at it.
 */
export class GraphCache {
  readonly resources = new Map<IConstruct, CfnResource[]>();
  readonly views = new Map<CfnResource, ResourceView>();
  private readonly rendered = new Map<CfnResource, Map<Stack, Record<string, unknown>>>();

  render(node: CfnResource, context: Stack): Record<string, unknown> {
    let byStack = this.rendered.get(node);
    if (!byStack) this.rendered.set(node, (byStack = new Map()));
    let cfn = byStack.get(context);
    if (!cfn) byStack.set(context, (cfn = render(node, context)));
    return cfn;
  }
}

/** The resource graph of the environment (Stage) a construct lives in, read from the construct tree at synth. */
export class ConstructGraph implements ResourceGraph {
  private readonly nodes = new Map<ResourceView, CfnResource>();
  private readonly scope: IConstruct;

  /** Without a `cache` (outside a validation pass) every lookup reads the tree as it is now. */
  constructor(
    node: IConstruct,
    private readonly cache = new GraphCache(),
  ) {
    this.scope = Stage.of(node) ?? node.node.root;
  }

  /** Registers the node a view was made from, so references from or to it can be resolved. */
  view(node: CfnResource): ResourceView {
    let view = this.cache.views.get(node);
    if (!view) {
      view = viewOf(node, this.cache.render(node, Stack.of(node)));
      this.cache.views.set(node, view);
    }
    this.nodes.set(view, node);
    return view;
  }

  ofType(type: string): ResourceView[] {
    let all = this.cache.resources.get(this.scope);
    if (!all) {
      all = this.scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
      this.cache.resources.set(this.scope, all);
    }
    return all.filter((c) => c.cfnResourceType === type).map((c) => this.view(c));
  }

  refersTo(from: ResourceView, to: ResourceView, select: (properties: Record<string, unknown>) => unknown): boolean {
    const fromNode = this.nodes.get(from);
    const toNode = this.nodes.get(to);
    if (!fromNode || !toNode) throw new Error('ConstructGraph.refersTo: resource views must come from this graph');
    // A template can only refer to resources of its own account and region (a stage spans the copy region too).
    if (Stack.of(fromNode).environment !== Stack.of(toNode).environment) return false;
    const properties = (this.cache.render(fromNode, Stack.of(toNode)).Properties as Record<string, unknown> | undefined) ?? {};
    const target = to.logicalId;
    const json = JSON.stringify(select(properties) ?? null);
    return json.includes(`{"Ref":"${target}"}`) || json.includes(`{"Fn::GetAtt":["${target}",`);
  }
}
