import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ruleIdFromFile } from '../../../lib/compliance/rule';
import { PLATFORM_RULES } from '../../../lib/compliance/rules';
import { locateChecklist, parseChecklist } from '../../../lib/compliance/report/checklist';

const repoRoot = resolve(__dirname, '..', '..', '..');
const rulesDir = join(repoRoot, 'lib', 'compliance', 'rules');

// CI checks out `shared/` beside the repository (../shared/checklist.md); locateChecklist fails naming the paths tried.
function checklistIds(): Set<string> {
  return new Set(parseChecklist(readFileSync(locateChecklist(repoRoot), 'utf8')).map((item) => item.id));
}

describe('platform rule pack', () => {
  const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

  test('every rule file is registered in rules/index.ts, and nothing else is', () => {
    expect(PLATFORM_RULES.map((r) => r.id).sort()).toEqual(files.map(ruleIdFromFile).sort());
  });

  test('rule IDs are unique', () => {
    expect(new Set(PLATFORM_RULES.map((r) => r.id)).size).toBe(PLATFORM_RULES.length);
  });

  test('every rule cites at least one checklist ID that exists in checklist.md', () => {
    const known = checklistIds();
    for (const rule of PLATFORM_RULES) {
      expect({ rule: rule.id, cites: rule.checklistIds.length > 0 }).toEqual({ rule: rule.id, cites: true });
      for (const id of rule.checklistIds) expect({ rule: rule.id, id, known: known.has(id) }).toEqual({ rule: rule.id, id, known: true });
    }
  });

  test('every rule inspects at least one resource type and explains itself', () => {
    for (const rule of PLATFORM_RULES) {
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(rule.info.length).toBeGreaterThan(10);
      expect(rule.explanation.length).toBeGreaterThan(10);
    }
  });
});
