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
});
