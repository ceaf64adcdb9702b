import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const hook = resolve(__dirname, '../../scripts/register-ts.cjs');

function run(file: string) {
  return spawnSync(process.execPath, ['-r', hook, file], { encoding: 'utf8' });
}

describe('scripts/register-ts.cjs (the CDK app\'s TypeScript loader)', () => {
  it('runs TypeScript, runs a changed file as changed (not from its cache), and names TypeScript lines in stack traces', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'register-ts-')), 'main.ts');
    writeFileSync(file, 'interface Answer { value: number }\nconst answer: Answer = { value: 41 };\nconsole.log(answer.value + 1);\n');
    expect(run(file).stdout).toBe('42\n');
    expect(run(file).stdout).toBe('42\n');
    writeFileSync(file, 'interface Answer { value: number }\nconst answer: Answer = { value: 41 };\nconsole.log(answer.value + 2);\n');
    expect(run(file).stdout).toBe('43\n');
    writeFileSync(file, 'type Unused = string;\n\n\nthrow new Error(\'boom\');\n');
    const failed = run(file);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain(`${file}:4`);
  });

  it('names TypeScript lines and columns in a trace captured without throwing (as CDK records construct traces), and leaves other frames as V8 writes them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'register-ts-')), 'trace.ts');
    writeFileSync(file, [
      'interface Options { deep: boolean }',
      'type Unused = string;',
      '',
      'function where(options: Options): string {',
      '  return options.deep ? [1].map(() => new Error(\'here\').stack ?? \'\')[0]! : \'\';',
      '}',
      'console.log(where({ deep: true }));',
      '',
    ].join('\n'));
    const { stdout, status } = run(file);
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('Error: here');
    expect(lines[1]).toBe(`    at ${file}:5:39`);
    expect(lines[2]).toMatch(/^ {4}at Array\.map \(<anonymous>\)$/);
    expect(lines[3]).toBe(`    at where (${file}:5:29)`);
    expect(lines[4]).toBe(`    at Object.<anonymous> (${file}:7:13)`);
    expect(lines[5]).toMatch(/^ {4}at Module\._compile \(node:internal\/modules\/cjs\/loader:\d+:\d+\)$/);
  });
});
