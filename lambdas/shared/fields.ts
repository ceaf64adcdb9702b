// Validation of a Lambda's JSON inputs (custom resource properties, secret values), hand-written rather than zod,
// which alone would be most of a bundle. Every problem names its field and never echoes the value: inputs may
// hold secrets.

export interface StringRule {
  /** Longest accepted value, in characters. */
  maxLength?: number;
  pattern?: RegExp;
  /** What the pattern requires, for the error message. */
  patternHint?: string;
}

/** Reads fields of one object, collecting every problem instead of stopping at the first. */
export class FieldReader {
  readonly problems: string[] = [];

  constructor(readonly fields: Readonly<Record<string, unknown>>) {}

  /** A required, non-empty string. */
  string(field: string, rule: StringRule = {}): string {
    const value = this.fields[field];
    if (value === undefined || value === null) return this.problem(field, 'required', '');
    return this.checkString(field, value, rule);
  }

  /** A non-empty string when present (an absent or null field gives `undefined`). */
  optionalString(field: string, rule: StringRule = {}): string | undefined {
    const value = this.fields[field];
    return value === undefined || value === null ? undefined : this.checkString(field, value, rule);
  }

  /** A positive integer, given as a number or a numeric string (CloudFormation passes numbers as strings). */
  positiveInteger(field: string): number {
    const value = this.fields[field];
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) return this.problem(field, 'expected a positive integer', 0);
    return number;
  }

  /** A list of strings, given as a JSON array or a comma-separated string; blanks are dropped. */
  optionalStringList(field: string): string[] | undefined {
    const value = this.fields[field];
    if (value === undefined || value === null) return undefined;
    const items = typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(items) || !items.every((item): item is string => typeof item === 'string')) {
      return this.problem(field, 'expected a list of strings or a comma-separated string', []);
    }
    return items.map((item) => item.trim()).filter(Boolean);
  }

  private checkString(field: string, value: unknown, rule: StringRule): string {
    if (typeof value !== 'string') return this.problem(field, `expected a string, got ${Array.isArray(value) ? 'an array' : typeof value}`, '');
    if (value.length === 0) return this.problem(field, 'must not be empty', '');
    if (rule.maxLength !== undefined && value.length > rule.maxLength) return this.problem(field, `must be at most ${rule.maxLength} characters`, '');
    if (rule.pattern && !rule.pattern.test(value)) return this.problem(field, rule.patternHint ?? `must match ${rule.pattern}`, '');
    return value;
  }

  private problem<T>(field: string, message: string, placeholder: T): T {
    this.problems.push(`${field}: ${message}`);
    return placeholder;
  }
}

/**
 * Runs `read` over `raw`; throws `describe(problems)` (problems joined by "; ") if any field is wrong, so the
 * caller words the error for its input.
 */
export function readFields<T>(raw: unknown, read: (reader: FieldReader) => T, describe: (problems: string) => string): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(describe('(root): expected a JSON object'));
  const reader = new FieldReader(raw as Record<string, unknown>);
  const value = read(reader);
  if (reader.problems.length > 0) throw new Error(describe(reader.problems.join('; ')));
  return value;
}
