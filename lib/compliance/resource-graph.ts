/**
 * The view the platform rules evaluate: CloudFormation resources exactly as they appear in a synthesized
 * template (PascalCase properties, DeletionPolicy), plus lookups across the environment's stacks. It has two
 * implementations, so the SAME rule code runs at synth on the construct tree (`construct-graph.ts`, for cdk-nag)
 * and on the templates in cdk.out (`report/template-graph.ts`, for the auditors' report).
 */

export type EnvironmentName = 'dev' | 'staging' | 'prod';

export interface ResourceView {
  readonly logicalId: string;
  readonly type: string;
  /** Properties as rendered into the template; intrinsics stay as `{ Ref: ... }` / `{ 'Fn::...': ... }`. */
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** The resource's template Metadata (e.g. `cdk_nag.rules_to_suppress`, the acknowledgments written into it). */
  readonly metadata?: Record<string, unknown>;
  /** CloudFormation stack name. */
  readonly stackName: string;
  /** Stack region when known literally; undefined for an environment-agnostic stack. */
  readonly region?: string;
  /**
   * The environment the resource belongs to: the stack's `platform:environment` tag, else the `platform-<env>-`
   * stack name prefix; undefined when neither says (rules then apply the strictest, prod, requirements).
   */
  readonly environment?: EnvironmentName;
}

export interface ResourceGraph {
  /** Every resource of `type` in the same environment (all its stacks). */
  ofType(type: string): ResourceView[];
  /** Whether the value `select` picks from `from`'s properties references `to` (Ref / GetAtt, across stacks too). */
  refersTo(from: ResourceView, to: ResourceView, select: (properties: Record<string, unknown>) => unknown): boolean;
}

/** One rule's verdict on one resource: an empty list means compliant. */
export type Problems = string[];

/** Prod requirements apply to prod and to resources whose environment cannot be told (conservative). */
export function isProdLike(resource: ResourceView): boolean {
  return resource.environment === undefined || resource.environment === 'prod';
}

/** Reads a dotted path (`A.B.0.C`) from a template value; undefined when any step is missing. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A literal number (numbers and numeric strings, as CloudFormation accepts both); undefined for intrinsics. */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A literal true (CloudFormation accepts the string too); an intrinsic is not provably true. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function literalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Logical IDs a template value references directly in its own stack (`Ref`, `Fn::GetAtt`, `Fn::Sub` `${X}`). */
export function localReferences(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const obj = v as Record<string, unknown>;
    if (typeof obj.Ref === 'string') found.push(obj.Ref);
    const getAtt = obj['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') found.push(getAtt[0]);
    if (typeof getAtt === 'string') found.push(getAtt.split('.')[0]);
    Object.values(obj).forEach(walk);
  };
  walk(value);
  return found;
}
