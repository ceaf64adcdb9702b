import { join } from 'node:path';

/** One row of the checklist's table (docs/checklist.md). */
export interface ChecklistItem {
  readonly id: string;
  readonly item: string;
  readonly sources: string;
  /** The evidence column: `template`, `template + runtime`, `repo`, `report`... */
  readonly evidence: string;
  readonly controls: string;
}

/** Parses the checklist's markdown table (rows whose first cell is a CL ID). Throws when there is none. */
export function parseChecklist(markdown: string): ChecklistItem[] {
  const items = markdown
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\|\s*CL-[A-Z]+-\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
      const [id, item, sources, evidence, controls] = cells;
      return { id, item, sources: sources ?? '', evidence: evidence ?? '', controls: controls ?? '' };
    });
  if (items.length === 0) throw new Error('checklist.md: no table rows starting with a CL-... ID were found');
  return items;
}

/** Whether part of the item can only be shown by a deployed system, the app, or tests (not by a template). */
export function hasNonTemplatePart(item: ChecklistItem): boolean {
  return /runtime|tests/.test(item.evidence);
}

/** The project's checklist, `docs/checklist.md` in the repository. */
export function checklistPath(repoRoot: string): string {
  return join(repoRoot, 'docs', 'checklist.md');
}
