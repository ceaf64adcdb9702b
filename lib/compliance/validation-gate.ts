import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of CDK's `validation-report.json` the gate reads. */
export interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{
    readonly pluginName: string;
    readonly violations: ReadonlyArray<{
      readonly ruleName: string;
      readonly description: string;
      readonly severity?: string;
      readonly violatingConstructs?: ReadonlyArray<{ readonly constructPath?: string }>;
    }>;
  }>;
}

export interface UnacknowledgedFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly constructs: readonly string[];
}

/** Every finding the report still lists (acknowledged ones are gone from `violations`), whatever its severity. */
export function unacknowledgedFindings(report: ValidationReport): UnacknowledgedFinding[] {
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((v) => ({
      plugin: plugin.pluginName,
      rule: v.ruleName,
      severity: v.severity ?? 'error',
      description: v.description,
      constructs: (v.violatingConstructs ?? []).map((c) => c.constructPath ?? '(unknown construct)'),
    })),
  );
}

export function readValidationReport(assemblyDirectory: string): ValidationReport {
  return JSON.parse(readFileSync(join(assemblyDirectory, 'validation-report.json'), 'utf8')) as ValidationReport;
}

/** One line per finding and construct, for the terminal: what, where, and how to acknowledge it. */
export function formatFindings(findings: readonly UnacknowledgedFinding[], reportPath: string): string {
  const lines = findings.flatMap((f) =>
    f.constructs.map((path) => `${f.severity.toUpperCase()} ${f.rule} (${f.plugin}) on ${path}: ${f.description}`),
  );
  return [
    `synth refused: ${findings.length} unacknowledged validation finding(s). Fix them, or acknowledge one on its resource with`,
    "acknowledge(construct, '<rule id>', 'CL-...', '<reason>') (lib/compliance/acknowledge.ts).",
    ...lines,
    `Full report: ${reportPath}`,
  ].join('\n');
}
