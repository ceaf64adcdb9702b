// The Lambdas' input validation: every problem named by field, none echoing a value.
import { readFields } from '../../../lambdas/shared/fields';

const describeAs = (problems: string) => `bad input (${problems})`;

describe('readFields', () => {
  it('returns what the reader built when every field is valid, coercing numeric strings and splitting lists', () => {
    const value = readFields(
      { name: 'app', port: '5432', tables: ' a, ,b ', list: ['x'] },
      (r) => ({
        name: r.string('name', { maxLength: 3, pattern: /^[a-z]+$/ }),
        port: r.positiveInteger('port'),
        tables: r.optionalStringList('tables'),
        list: r.optionalStringList('list'),
        absent: r.optionalString('absent'),
        absentList: r.optionalStringList('absentList'),
      }),
      describeAs,
    );
    expect(value).toEqual({ name: 'app', port: 5432, tables: ['a', 'b'], list: ['x'], absent: undefined, absentList: undefined });
  });

  it('names every bad field with the rule it breaks, never the value', () => {
    const secret = 's3cr3t-value-that-must-not-leak';
    const attempt = () =>
      readFields(
        { empty: '', long: secret, shape: secret, number: secret, zero: 0, list: [1], notString: 12 },
        (r) => {
          r.string('missing');
          r.string('empty');
          r.string('long', { maxLength: 5 });
          r.string('shape', { pattern: /^\d+$/, patternHint: 'must be digits' });
          r.positiveInteger('number');
          r.positiveInteger('zero');
          r.optionalStringList('list');
          r.optionalString('notString');
        },
        describeAs,
      );
    expect(attempt).toThrow(
      'bad input (missing: required; empty: must not be empty; long: must be at most 5 characters; shape: must be digits; ' +
        'number: expected a positive integer; zero: expected a positive integer; ' +
        'list: expected a list of strings or a comma-separated string; notString: expected a string, got number)',
    );
    expect(attempt).not.toThrow(secret);
  });

  it.each([null, 'text', ['a'], 3])('refuses a non-object input %p as a whole', (raw) => {
    expect(() => readFields(raw, (r) => r.string('a'), describeAs)).toThrow('bad input ((root): expected a JSON object)');
  });
});
