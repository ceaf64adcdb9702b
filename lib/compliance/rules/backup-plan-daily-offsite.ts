import { ResourceView, asArray, at, literalString } from '../resource-graph';
import { defineRule } from '../rule';

/** Whether a Backup rule's schedule runs at least daily: `cron(m h * * ? *)`-like or `rate(<= 24 hours / 1 day)`. */
export function isDaily(expression: string | undefined): boolean {
  if (!expression) return false;
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) {
    const [, , dayOfMonth, month, dayOfWeek] = cron[1].trim().split(/\s+/);
    return ['*', '?'].includes(dayOfMonth) && month === '*' && ['*', '?'].includes(dayOfWeek);
  }
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!rate) return false;
  const hours = Number(rate[1]) * ({ minute: 1 / 60, hour: 1, day: 24 } as Record<string, number>)[rate[2].replace(/s$/, '')];
  return hours <= 24;
}

/** Regions named literally in a value (ARNs built with Fn::Join / Fn::Sub keep the region literal). */
function regionsIn(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(/:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):/g)].map((m) => m[1]);
}

export default defineRule(__filename, {
  checklistIds: ['CL-DB-2'],
  info: 'The backup plan has no daily rule, or no rule copies recovery points to a vault in another region.',
  explanation: 'Daily backups bound data loss; the copy in another region survives the loss of the primary region or account-level damage to the vault.',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  evaluate: (plan: ResourceView) => {
    const rules = asArray(at(plan.properties, 'BackupPlan.BackupPlanRule'));
    const problems: string[] = [];
    if (!rules.some((r) => isDaily(literalString(at(r, 'ScheduleExpression'))))) problems.push('no daily backup rule');
    const copied = rules.some((r) =>
      asArray(at(r, 'CopyActions')).some((c) => {
        const regions = regionsIn(at(c, 'DestinationBackupVaultArn'));
        return plan.region !== undefined && regions.some((region) => region !== plan.region);
      }),
    );
    if (!copied) problems.push('no copy action to a vault in another region (destination region must be literal in the ARN)');
    return problems;
  },
});
