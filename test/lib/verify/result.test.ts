import { exitCode, fail, formatLine, notApplicable, parseVerifyReport, pass, renderVerifyMarkdown } from '../../../lib/verify/result';

const at = new Date('2026-11-30T05:00:00.000Z');
const report = {
  environment: 'prod',
  account: '123456789012',
  region: 'eu-west-1',
  caller: 'arn:aws:sts::123456789012:assumed-role/platform-prod-verify/ci',
  startedAt: '2026-11-30T06:00:00.000Z',
  finishedAt: '2026-11-30T06:02:00.000Z',
  results: [pass('CL-SEC-2', 'secret rotation a', 'last rotated 1.0 days ago', at), fail('CL-DB-2', 'daily backup', 'no completed | job', at, 'read the job'), notApplicable('CL-OBS-3', 'uptime canary', 'no domain', at)],
};

describe('verify results', () => {
  it('prints one line per check: CL ID, status, evidence with its time, and the fix on failure', () => {
    expect(report.results.map(formatLine)).toEqual([
      'CL-SEC-2   PASS  secret rotation a: last rotated 1.0 days ago (2026-11-30T05:00:00.000Z)',
      'CL-DB-2    FAIL  daily backup: no completed | job (2026-11-30T05:00:00.000Z)  fix: read the job',
      'CL-OBS-3   N/A   uptime canary: no domain (2026-11-30T05:00:00.000Z)',
    ]);
  });

  it('exits 1 on any FAIL, 0 with PASS and N/A only', () => {
    expect(exitCode(report.results)).toBe(1);
    expect(exitCode([report.results[0], report.results[2]])).toBe(0);
  });

  it('renders Markdown with the account, region and caller, one table row per check', () => {
    const md = renderVerifyMarkdown(report);
    expect(md).toContain('Account 123456789012, region eu-west-1, checked by arn:aws:sts::123456789012:assumed-role/platform-prod-verify/ci');
    expect(md).toContain('Summary: 1 PASS, 1 FAIL, 1 N/A');
    expect(md).toContain('| CL-DB-2 | FAIL | daily backup | no completed \\| job | 2026-11-30T05:00:00.000Z | read the job |');
  });

  it('reads its JSON back, and refuses anything else with a clear message', () => {
    expect(parseVerifyReport(JSON.stringify(report), 'r.json')).toEqual(report);
    expect(() => parseVerifyReport('nope', 'r.json')).toThrow(/^r\.json: not JSON .*; pass the file written by npm run verify -- --json <file>$/);
    expect(() => parseVerifyReport('{"environment":"prod"}', 'r.json')).toThrow('r.json: not a verify report (missing account, region, caller, startedAt, finishedAt, results)');
    expect(() => parseVerifyReport(JSON.stringify({ ...report, results: [{ ...report.results[0], status: 'OK' }] }), 'r.json')).toThrow('r.json: results[0] is not a verify result');
  });
});
