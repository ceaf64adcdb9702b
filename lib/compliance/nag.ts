import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CfnResource, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stage, Validations } from 'aws-cdk-lib';
import { IApplyRule, NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import type { NagPackName } from '../../config/sections/compliance';
import { AWS_SOLUTIONS_PACK, PackDefinition, REGULATORY_PACKS, packRuleIds } from './packs';
import { PlatformChecks } from './platform-checks';

/** Where each pack's summary is written, next to the environment's templates (read by the auditors' report). */
export const PACK_SUMMARY_DIRECTORY = 'nag-packs';

/** What one pack found in one environment: per rule, the resources it applied to that passed and that failed. */
export interface PackSummary {
  /** Rule-ID prefix, e.g. `NIST.800.53.R5`. */
  readonly pack: string;
  readonly title: string;
  /** Rules the pack has, whether or not any resource here is of a type they check. */
  readonly ruleCount: number;
  /** Per rule ID (with the pack prefix): resources compliant, and findings (acknowledged or not). */
  readonly rules: Record<string, { compliant: number; findings: number }>;
}

interface RuleHooks {
  applyRule(params: IApplyRule): void;
}

/**
 * Runs a nag pack over one Stage only. CDK hands every plugin the whole app (`appConstruct`), so a pack
 * registered on each environment's Stage would otherwise report every environment's findings three times;
 * and a pack registered on the App sees no stacks, since ours all live in Stages. It also counts each rule's
 * verdicts (no extra evaluation: it sees the results cdk-nag computes) and writes them beside the templates.
 */
class StageScopedNagPack implements IPolicyValidationPlugin {
  readonly name: string;
  private counts: Record<string, { compliant: number; findings: number }> = {};

  constructor(
    private readonly pack: NagPack,
    private readonly stage: Stage,
    private readonly definition: Pick<PackDefinition, 'prefix' | 'title'> & { readonly ruleCount: number },
  ) {
    this.name = pack.name;
    const hooks = pack as unknown as RuleHooks;
    const applyRule = hooks.applyRule.bind(pack);
    // cdk-nag calls applyRule once per rule and resource (hundreds of thousands of times for prod): each rule's
    // counting wrapper is made once per rule function and ID (a pack may run one function under several IDs), and
    // cdk-nag's fresh params object is reused rather than copied.
    const wrapped = new Map<IApplyRule['rule'], Map<string | undefined, { suffix: string; rule: IApplyRule['rule'] }>>();
    hooks.applyRule = (params) => {
      let byId = wrapped.get(params.rule);
      if (!byId) wrapped.set(params.rule, (byId = new Map()));
      let entry = byId.get(params.ruleSuffixOverride);
      if (!entry) {
        const original = params.rule;
        const suffix = params.ruleSuffixOverride ?? original.name;
        const id = `${definition.prefix}-${suffix}`;
        const rule = (node: CfnResource): NagRuleResult => {
          const count = (this.counts[id] ??= { compliant: 0, findings: 0 });
          try {
            const result = original(node);
            if (result === NagRuleCompliance.COMPLIANT || (Array.isArray(result) && result.length === 0)) count.compliant += 1;
            else if (result === NagRuleCompliance.NON_COMPLIANT) count.findings += 1;
            else if (Array.isArray(result)) count.findings += result.length;
            return result;
          } catch (err) {
            // cdk-nag reports a rule that throws as a finding; so does the summary.
            count.findings += 1;
            throw err;
          }
        };
        entry = { suffix, rule };
        byId.set(params.ruleSuffixOverride, entry);
      }
      params.ruleSuffixOverride ??= entry.suffix;
      params.rule = entry.rule;
      applyRule(params);
    };
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.counts = {};
    const report = this.pack.validateScope(this.stage);
    if (context.templatePaths.length > 0) {
      const directory = join(dirname(context.templatePaths[0]), PACK_SUMMARY_DIRECTORY);
      mkdirSync(directory, { recursive: true });
      const summary: PackSummary = { pack: this.definition.prefix, title: this.definition.title, ruleCount: this.definition.ruleCount, rules: this.counts };
      writeFileSync(join(directory, `${this.definition.prefix}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    }
    return report;
  }
}

function scoped(stage: Stage, definition: PackDefinition, props: { verbose: boolean; writeSuppressionsToCloudFormation?: boolean }) {
  return new StageScopedNagPack(definition.create(stage, props), stage, { ...definition, ruleCount: packRuleIds(definition).length });
}

/** The platform checklist pack as a pack definition, so it is run and summarized like the others. */
const PLATFORM_PACK: PackDefinition = { prefix: 'Platform', title: 'Platform checklist', create: (scope, props) => new PlatformChecks(scope, props) };

/**
 * Registers AwsSolutions, the platform checklist pack and the environment's selected regulatory packs
 * (`compliance.packs`) on one environment's Stage. Any unacknowledged finding of any of them fails synth;
 * acknowledgments are written into the templates' Metadata (`cdk_nag.rules_to_suppress`) for auditors (one
 * writer is enough: it copies every acknowledgment on the resource).
 */
export function registerNagPacks(stage: Stage, packs: readonly NagPackName[] = []): void {
  Validations.of(stage).addPlugins(
    scoped(stage, AWS_SOLUTIONS_PACK, { verbose: true, writeSuppressionsToCloudFormation: true }),
    scoped(stage, PLATFORM_PACK, { verbose: true }),
    ...packs.map((name) => scoped(stage, REGULATORY_PACKS[name], { verbose: true })),
  );
}
