// What `npm run verify` reports: one result per check of a live environment, each tied to a checklist item, and
// the whole run as JSON (read back by `npm run report -- --live <file>`) and Markdown.

export type VerifyStatus = 'PASS' | 'FAIL' | 'N/A';

export interface VerifyResult {
  /** The checklist item the check shows (docs/checklist.md). */
  readonly id: string;
  /** What was checked, e.g. `secret rotation platform-prod-data/AppSecret`. */
  readonly check: string;
  readonly status: VerifyStatus;
  /** What was found, in words an auditor can check against the console. */
  readonly evidence: string;
  /** ISO time the evidence dates from (last rotation, last backup, last run...), else when it was read. */
  readonly at: string;
  /** What to do about it (FAIL only). */
  readonly fix?: string;
}

export interface VerifyReport {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  /** Who ran the checks (the caller's ARN). */
  readonly caller: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly results: readonly VerifyResult[];
}

export const pass = (id: string, check: string, evidence: string, at: Date): VerifyResult => ({ id, check, status: 'PASS', evidence, at: at.toISOString() });
export const fail = (id: string, check: string, evidence: string, at: Date, fix: string): VerifyResult => ({ id, check, status: 'FAIL', evidence, at: at.toISOString(), fix });
export const notApplicable = (id: string, check: string, evidence: string, at: Date): VerifyResult => ({ id, check, status: 'N/A', evidence, at: at.toISOString() });

export const errorName = (error: unknown): string => (error as { name?: string } | undefined)?.name ?? 'Error';
/** The caller's role lacks a permission (bootstrap/verifier-policy.json). */
export const isAccessDenied = (error: unknown): boolean => /AccessDenied|UnauthorizedOperation|AuthorizationError/.test(errorName(error));

/** `CL-ID  STATUS  check: evidence (timestamp)  fix: ...`, one line per result. */
export function formatLine(r: VerifyResult): string {
  return `${r.id.padEnd(10)} ${r.status.padEnd(4)}  ${r.check}: ${r.evidence} (${r.at})${r.fix ? `  fix: ${r.fix}` : ''}`;
}

export function exitCode(results: readonly VerifyResult[]): number {
  return results.some((r) => r.status === 'FAIL') ? 1 : 0;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderVerifyMarkdown(report: VerifyReport): string {
  const counts = (['PASS', 'FAIL', 'N/A'] as const).map((s) => `${report.results.filter((r) => r.status === s).length} ${s}`).join(', ');
  return [
    `# Live verification: ${report.environment}`,
    '',
    `Account ${report.account}, region ${report.region}, checked by ${report.caller} from ${report.startedAt} to ${report.finishedAt}.`,
    '',
    `Summary: ${counts}`,
    '',
    '| ID | Status | Check | Evidence | Evidence time | Fix |',
    '|---|---|---|---|---|---|',
    ...report.results.map((r) => `| ${r.id} | ${r.status} | ${cell(r.check)} | ${cell(r.evidence)} | ${r.at} | ${cell(r.fix ?? '')} |`),
    '',
  ].join('\n');
}

const STATUSES: readonly string[] = ['PASS', 'FAIL', 'N/A'];

/** Reads a verify JSON file's content back, refusing anything that is not one (the report must not invent evidence). */
export function parseVerifyReport(json: string, source: string): VerifyReport {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message}); pass the file written by npm run verify -- --json <file>`, { cause: error });
  }
  const r = data as Partial<VerifyReport>;
  const fields = ['environment', 'account', 'region', 'caller', 'startedAt', 'finishedAt'] as const;
  const missing = fields.filter((f) => typeof r?.[f] !== 'string');
  if (missing.length || !Array.isArray(r.results)) {
    throw new Error(`${source}: not a verify report (missing ${[...missing, ...(Array.isArray(r?.results) ? [] : ['results'])].join(', ')}); pass the file written by npm run verify -- --json <file>`);
  }
  for (const [i, result] of r.results.entries()) {
    const x = result as Partial<VerifyResult>;
    if (typeof x.id !== 'string' || typeof x.check !== 'string' || !STATUSES.includes(String(x.status)) || typeof x.evidence !== 'string' || typeof x.at !== 'string') {
      throw new Error(`${source}: results[${i}] is not a verify result (id, check, status PASS|FAIL|N/A, evidence, at)`);
    }
  }
  return r as VerifyReport;
}
