import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ruleIdFromFile } from '../../../lib/compliance/rule';
import { PLATFORM_RULES } from '../../../lib/compliance/rules';
import { checklistPath, parseChecklist } from '../../../lib/compliance/report/checklist';

const repoRoot = resolve(__dirname, '..', '..', '..');
const rulesDir = join(repoRoot, 'lib', 'compliance', 'rules');

function checklistIds(): Set<string> {
  return new Set(parseChecklist(readFileSync(checklistPath(repoRoot), 'utf8')).map((item) => item.id));
}

describe('platform rule pack', () => {
  const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

  test('every rule file is registered in rules/index.ts, and nothing else is', () => {
    expect(PLATFORM_RULES.map((r) => r.id).sort()).toEqual(files.map(ruleIdFromFile).sort());
  });

  test('rule IDs are unique', () => {
    expect(new Set(PLATFORM_RULES.map((r) => r.id)).size).toBe(PLATFORM_RULES.length);
  });

  test('every rule cites at least one checklist ID that exists in docs/checklist.md', () => {
    const known = checklistIds();
    for (const rule of PLATFORM_RULES) {
      expect({ rule: rule.id, cites: rule.checklistIds.length > 0 }).toEqual({ rule: rule.id, cites: true });
      for (const id of rule.checklistIds) expect({ rule: rule.id, id, known: known.has(id) }).toEqual({ rule: rule.id, id, known: true });
    }
  });

  test('every checklist ID the code cites (acknowledgments, rules, report evidence) exists in docs/checklist.md', () => {
    const known = checklistIds();
    const cited = ['bin', 'config', 'lib', 'lambdas', 'scripts'].flatMap((dir) =>
      readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [...readFileSync(join(repoRoot, dir, f), 'utf8').matchAll(/\bCL-[A-Z]+-\d+\b/g)].map((m) => `${dir}/${f}: ${m[0]}`)),
    );
    expect(cited.length).toBeGreaterThan(PLATFORM_RULES.length);
    expect(cited.filter((c) => !known.has(c.slice(c.lastIndexOf(' ') + 1)))).toEqual([]);
  });

  test('every rule inspects at least one resource type and explains itself', () => {
    for (const rule of PLATFORM_RULES) {
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(rule.info.length).toBeGreaterThan(10);
      expect(rule.explanation.length).toBeGreaterThan(10);
    }
  });
});
