import type { ComplianceReport, EnvironmentReport, ItemResult } from './build';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function itemDetails(item: ItemResult): string[] {
  const lines = [`#### ${item.id}: ${item.status.toUpperCase()}`, '', `${esc(item.item)} _(evidence: ${item.evidenceKind})_`, ''];
  lines.push(`- Enforced by: ${item.rules.length ? item.rules.join(', ') : 'no rule'} (${item.checkedResources} resource(s) checked)`);
  for (const v of item.violations) {
    const where = v.logicalId ? ` on ${v.stackName ?? ''}/${v.logicalId}` : v.constructPath ? ` on ${v.constructPath}` : '';
    lines.push(`- **VIOLATION** ${v.ruleId}${where} [${v.source}]: ${v.problems.map(esc).join('; ')}`);
  }
  for (const e of item.evidence) {
    lines.push(`- Evidence \`${e.stackName}/${e.logicalId}\` (${e.type}): ${Object.entries(e.values).map(([k, v]) => `${k}=${esc(v)}`).join(', ') || 'present'}`);
  }
  for (const a of item.exceptions) lines.push(`- Exception ${a.ruleId} on \`${a.stackName}/${a.logicalId}\`: ${esc(a.reason)}`);
  for (const r of item.live?.results ?? []) {
    lines.push(`- Live ${r.status} (${item.live!.account}/${item.live!.region}, ${r.at}) ${esc(r.check)}: ${esc(r.evidence)}${r.fix ? `; fix: ${esc(r.fix)}` : ''}`);
  }
  for (const n of item.notes) lines.push(`- Note: ${esc(n)}`);
  return [...lines, ''];
}

function environment(env: EnvironmentReport): string[] {
  const counts = env.items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {});
  const lines = [
    `## ${env.name}`,
    '',
    `Stacks: ${env.stacks.map((s) => `${s.stackName} (${s.account ?? '?'}/${s.region ?? '?'}${s.terminationProtection ? ', termination protection' : ''})`).join('; ')}`,
    '',
    `Summary: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')}`,
    '',
    env.live
      ? `Live evidence: \`npm run verify\` in account ${env.live.account}, region ${env.live.region}, by ${env.live.caller}, from ${env.live.startedAt} to ${env.live.finishedAt}.${env.live.mismatch ? ` **Warning:** ${env.live.mismatch}.` : ''}`
      : 'Live evidence: none given for this environment (`npm run report -- --live <file>` with the JSON of `npm run verify`).',
    '',
    '| ID | Status | Rules | Evidence | Exceptions | Live |',
    '|---|---|---|---|---|---|',
    ...env.items.map((i) => `| ${i.id} | ${i.status} | ${i.rules.length} | ${i.evidence.length} | ${i.exceptions.length} | ${i.live?.status ?? '-'} |`),
    '',
    '### Details',
    '',
    ...env.items.flatMap(itemDetails),
  ];
  const tool = env.acknowledgments.filter((a) => a.checklistIds.length === 0 && !/^(AwsSolutions|Platform)-/.test(a.ruleId));
  if (tool.length) {
    lines.push('### Tool-level acknowledgments (written by CDK itself, not platform exceptions)', '');
    lines.push(...tool.map((a) => `- ${a.ruleId} on \`${a.stackName}/${a.logicalId}\`: ${esc(a.reason)}`), '');
  }
  return lines;
}

export function renderMarkdown(report: ComplianceReport): string {
  return [
    '# Platform compliance report',
    '',
    `Generated ${report.generatedAt} from the synthesized templates (cdk.out), not from configuration.`,
    '',
    'Statuses: **enforced** (a rule checks at least one resource and finds no unacknowledged violation), **evidenced** (the template shows it, no rule checks it), **runtime-only** (only a deployed system can show it), **gap** (no rule and no evidence), **failing** (a rule finds a violation).',
    '',
    'Live: what the deployed environment showed when `npm run verify` read it (pass, fail, n/a; `-` when no live check covers the item or no run was given), each result with the time its evidence dates from.',
    '',
    ...report.environments.flatMap(environment),
  ].join('\n');
}
