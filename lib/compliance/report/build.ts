import { environmentOf, type DeploymentName } from '../../../config';
import { ANY_RESOURCE, type PlatformRule } from '../rule';
import type { VerifyReport } from '../../verify/result';
import { Acknowledgment, acknowledgmentsOf, isAcknowledged, isNagRule } from './acknowledgments';
import type { PackSummary } from '../nag';
import { AWS_SOLUTIONS_RULES } from './aws-solutions';
import { ChecklistItem, hasNonTemplatePart } from './checklist';
import { Evidence, evidenceFor } from './evidence';
import { LiveEvidence, LiveRun, assertLiveRuns, liveEvidenceFor, liveRun } from './live';
import { StackTemplate, TemplateGraph } from './template-graph';

export type Status = 'enforced' | 'evidenced' | 'runtime-only' | 'gap' | 'failing';

/** An unacknowledged finding at synth (cdk.out/validation-report.json). */
export interface SynthFinding {
  readonly ruleId: string;
  readonly logicalId?: string;
  readonly constructPath?: string;
  readonly templatePath?: string;
  readonly description: string;
}

export interface EnvironmentInput {
  /** An environment, or a recovery environment (`prod-recovery`) when its Stage was synthesized. */
  readonly name: DeploymentName;
  readonly stacks: readonly StackTemplate[];
  readonly findings: readonly SynthFinding[];
  /** What each nag pack run at synth found (cdk.out/assembly-platform-<env>/nag-packs/). @default none */
  readonly packs?: readonly PackSummary[];
}

/**
 * Where the environment stands against one nag pack (framework): every check is a rule applied to a resource
 * of a type it inspects; a check passes (the resource complies, as built or once a finding was fixed), or is a
 * finding, acknowledged on the resource with a reason or left open (open findings fail synth).
 */
export interface PackSection {
  readonly pack: string;
  readonly title: string;
  readonly rulesInPack: number;
  /** Rules that applied to at least one resource here. */
  readonly rulesEvaluated: number;
  readonly passed: number;
  /** Checks that failed: findings, acknowledged or open (an acknowledgment on an L2 construct covers several resources). */
  readonly findings: number;
  /** The acknowledgments of this pack's rules written into the templates, with their reasons. */
  readonly acknowledged: readonly Acknowledgment[];
  readonly open: readonly SynthFinding[];
  /** passed / (passed + findings); 1 when no check applied. */
  readonly fractionPassed: number;
}

/** Evidence from the repository itself (workflows), for items whose evidence kind is `repo`. */
export interface RepoEvidence {
  readonly checklistId: string;
  readonly source: string;
  readonly facts: readonly string[];
  readonly problems: readonly string[];
}

export interface Violation {
  readonly ruleId: string;
  readonly stackName?: string;
  readonly logicalId?: string;
  /** Construct path, for findings cdk-nag reported at synth on the construct tree. */
  readonly constructPath?: string;
  readonly problems: readonly string[];
  /** `report`: found by running the rule on cdk.out now; `synth`: reported by cdk-nag at synth. */
  readonly source: 'report' | 'synth' | 'repo';
}

export interface ItemResult {
  readonly id: string;
  readonly item: string;
  readonly evidenceKind: string;
  readonly status: Status;
  /** Rules enforcing the item: `Platform-...` (evaluated here) and `AwsSolutions-...` (evaluated at synth). */
  readonly rules: readonly string[];
  /** How many resources the enforcing rules apply to in this environment. */
  readonly checkedResources: number;
  readonly evidence: readonly Evidence[];
  readonly violations: readonly Violation[];
  readonly exceptions: readonly Acknowledgment[];
  readonly notes: readonly string[];
  /** What the deployed environment showed (`npm run verify`), when a run of it was given (`--live`). */
  readonly live?: LiveEvidence;
}

export interface EnvironmentReport {
  readonly name: DeploymentName;
  readonly stacks: readonly { stackName: string; region?: string; account?: string; terminationProtection?: boolean }[];
  readonly items: readonly ItemResult[];
  /** Every acknowledgment in the environment's templates, including tool-level ones without a CL ID. */
  readonly acknowledgments: readonly Acknowledgment[];
  /** The verify run the live evidence comes from; absent when none was given. */
  readonly live?: LiveRun;
  /** One section per nag pack run at synth in this environment. */
  readonly packs: readonly PackSection[];
}

export interface ComplianceReport {
  readonly generatedAt: string;
  readonly environments: readonly EnvironmentReport[];
}

interface Evaluated {
  readonly violations: Violation[];
  readonly exceptions: Acknowledgment[];
  checked: number;
}

/** Runs the platform rules citing `id` over the templates; acknowledged violations become exceptions. */
function evaluateRules(id: string, rules: readonly PlatformRule[], graph: TemplateGraph, acks: readonly Acknowledgment[]): Evaluated {
  const result: Evaluated = { violations: [], exceptions: [], checked: 0 };
  for (const rule of rules.filter((r) => r.checklistIds.includes(id))) {
    const ruleId = `Platform-${rule.id}`;
    for (const resource of rule.resourceTypes.flatMap((t) => (t === ANY_RESOURCE ? graph.all() : graph.ofType(t)))) {
      result.checked += 1;
      const problems = rule.evaluate(resource, graph);
      if (problems.length === 0) continue;
      const ack = isAcknowledged(acks, resource.stackName, resource.logicalId, ruleId);
      if (ack) result.exceptions.push(ack);
      else result.violations.push({ ruleId, stackName: resource.stackName, logicalId: resource.logicalId, problems, source: 'report' });
    }
  }
  return result;
}

function statusOf(item: ChecklistItem, r: { violations: number; checked: number; evidence: number }): Status {
  if (r.violations > 0) return 'failing';
  if (r.checked > 0) return 'enforced';
  if (r.evidence > 0) return 'evidenced';
  if (/runtime/.test(item.evidence)) return 'runtime-only';
  return 'gap';
}

function itemFor(
  item: ChecklistItem,
  env: EnvironmentInput,
  rules: readonly PlatformRule[],
  graph: TemplateGraph,
  acks: readonly Acknowledgment[],
  repo: readonly RepoEvidence[],
  run: VerifyReport | undefined,
): ItemResult {
  const awsRules = Object.entries(AWS_SOLUTIONS_RULES).filter(([, r]) => r.checklistIds.includes(item.id));
  const ours = evaluateRules(item.id, rules, graph, acks);
  const awsChecked = awsRules.reduce((n, [, r]) => n + r.types.reduce((m, t) => m + graph.ofType(t).length, 0), 0);
  const synthViolations: Violation[] = env.findings
    .filter((f) => {
      const base = f.ruleId.replace(/\[.*$/, '');
      return AWS_SOLUTIONS_RULES[base]?.checklistIds.includes(item.id) || rules.some((r) => `Platform-${r.id}` === base && r.checklistIds.includes(item.id));
    })
    .map((f) => ({ ruleId: f.ruleId, logicalId: f.logicalId, constructPath: f.constructPath, problems: [f.description], source: 'synth' as const }));
  const evidence = evidenceFor(item.id, graph.all(), (value, stackName) => graph.dereference(value, stackName));
  const notes: string[] = [];
  const violations = [...ours.violations, ...synthViolations];
  let exceptions = [...ours.exceptions, ...acks.filter((a) => a.checklistIds.includes(item.id) && !ours.exceptions.includes(a))];
  let enforcers = [...rules.filter((r) => r.checklistIds.includes(item.id)).map((r) => `Platform-${r.id}`), ...awsRules.map(([id]) => id)];
  let checked = ours.checked + awsChecked;
  let noExceptions = false;

  if (item.id === 'CL-AUD-1') {
    // The exceptions themselves are the evidence: every nag acknowledgment must cite a checklist item.
    enforcers = ['acknowledge() (lib/compliance/acknowledge.ts)', 'this report'];
    exceptions = acks.filter((a) => isNagRule(a.ruleId));
    checked = exceptions.length;
    for (const a of exceptions.filter((e) => e.checklistIds.length === 0)) {
      violations.push({ ruleId: a.ruleId, stackName: a.stackName, logicalId: a.logicalId, problems: ['acknowledgment reason cites no [CL-...] item'], source: 'report' });
    }
    notes.push(`${exceptions.length} platform exception(s); ${acks.length - exceptions.length} tool-level acknowledgment(s) written by CDK itself are listed separately.`);
    noExceptions = checked === 0;
    if (noExceptions) notes.push('no exception is acknowledged in this environment');
  }
  if (item.id === 'CL-DEL-1') {
    notes.push(...env.stacks.map((s) => `stack ${s.stackName}: termination protection ${s.terminationProtection ? 'on' : 'off'}`));
  }
  for (const r of repo.filter((x) => x.checklistId === item.id)) {
    notes.push(...r.facts.map((f) => `${r.source}: ${f}`));
    violations.push(...r.problems.map((p) => ({ ruleId: r.source, problems: [p], source: 'repo' as const })));
    checked += 1;
    enforcers.push(r.source);
  }
  if (hasNonTemplatePart(item)) notes.push(`part of this item (${item.evidence}) cannot be shown by a template: it is verified at runtime or by the application's tests, not by this report.`);
  if (enforcers.length > 0 && checked === 0 && !noExceptions) notes.push('rules are in place but no resource they check exists in this environment yet.');
  const live = liveEvidenceFor(item.id, run);
  if (checked === 0 && evidence.length === 0 && !noExceptions && !live) {
    notes.push(
      run
        ? 'no evidence: the templates show nothing for this item and the live verification has no check of it.'
        : 'no evidence: the templates show nothing for this item and no live verification was given (npm run verify -- -c env=<env> --json <file>, then npm run report -- --live <file>).',
    );
  }

  return {
    id: item.id,
    item: item.item,
    evidenceKind: item.evidence,
    // No exception at all is CL-AUD-1 trivially met, not a gap.
    status: noExceptions ? 'enforced' : statusOf(item, { violations: violations.length, checked, evidence: evidence.length }),
    rules: enforcers,
    checkedResources: checked,
    evidence,
    violations,
    exceptions,
    notes,
    ...(live ? { live } : {}),
  };
}

function packSection(summary: PackSummary, acks: readonly Acknowledgment[], findings: readonly SynthFinding[]): PackSection {
  const ofPack = (ruleId: string) => ruleId.startsWith(`${summary.pack}-`);
  const counts = Object.values(summary.rules);
  const passed = counts.reduce((n, c) => n + c.compliant, 0);
  const failed = counts.reduce((n, c) => n + c.findings, 0);
  const total = passed + failed;
  return {
    pack: summary.pack,
    title: summary.title,
    rulesInPack: summary.ruleCount,
    rulesEvaluated: counts.filter((c) => c.compliant + c.findings > 0).length,
    passed,
    findings: failed,
    acknowledged: acks.filter((a) => ofPack(a.ruleId)),
    open: findings.filter((f) => ofPack(f.ruleId)),
    fractionPassed: total === 0 ? 1 : passed / total,
  };
}

/**
 * CL-ENV-1 across environments: each environment's stacks live in accounts no other environment uses. A recovery
 * environment is its environment in another region of the same account, so the two count as one.
 */
function sharedAccountViolations(env: EnvironmentInput, all: readonly EnvironmentInput[]): Violation[] {
  const accounts = new Set(env.stacks.map((s) => s.account).filter((a): a is string => a !== undefined));
  return all
    .filter((other) => environmentOf(other.name) !== environmentOf(env.name))
    .flatMap((other) => other.stacks.filter((s) => s.account !== undefined && accounts.has(s.account)).map((s) => ({ other: other.name, account: s.account! })))
    .filter((v, i, list) => list.findIndex((w) => w.other === v.other && w.account === v.account) === i)
    .map((v) => ({ ruleId: 'report: one account per environment', problems: [`account ${v.account} is also used by ${v.other}`], source: 'report' as const }));
}

/** Builds the auditors' report: every checklist item, for every environment, from the synthesized templates. */
export function buildReport(input: {
  checklist: readonly ChecklistItem[];
  environments: readonly EnvironmentInput[];
  rules: readonly PlatformRule[];
  repo?: readonly RepoEvidence[];
  /** `npm run verify` runs (their --json files), at most one per environment. */
  live?: readonly VerifyReport[];
  now?: Date;
}): ComplianceReport {
  const runs = input.live ?? [];
  assertLiveRuns(runs, input.environments.map((e) => e.name));
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    environments: input.environments.map((env) => {
      // A recovery environment is held to its environment's rules (prod-recovery is prod).
      const graph = new TemplateGraph(env.stacks, environmentOf(env.name));
      const acks = acknowledgmentsOf(env.stacks);
      const run = runs.find((r) => r.environment === env.name);
      return {
        name: env.name,
        stacks: env.stacks.map(({ stackName, region, account, terminationProtection }) => ({ stackName, region, account, terminationProtection })),
        items: input.checklist.map((item) => {
          const result = itemFor(item, env, input.rules, graph, acks, input.repo ?? [], run);
          if (item.id !== 'CL-ENV-1' || input.environments.length < 2) return result;
          const violations = [...result.violations, ...sharedAccountViolations(env, input.environments)];
          return {
            ...result,
            rules: [...result.rules, 'report: one account per environment'],
            checkedResources: result.checkedResources + env.stacks.length,
            violations,
            status: violations.length ? ('failing' as const) : ('enforced' as const),
          };
        }),
        acknowledgments: acks,
        ...(run ? { live: liveRun(run, env.stacks) } : {}),
        packs: (env.packs ?? []).map((summary) => packSection(summary, acks, env.findings)),
      };
    }),
  };
}
