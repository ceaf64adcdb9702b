// A check that judges history (the last backup, drill run, rotation, ...) cannot judge an environment younger than
// the history: a recovery environment deployed minutes ago, or a fresh dev deploy, has no backup job yet and that
// is not a fault. Until its first evidence is due such a check, having found none, reports N/A, saying when it is
// due; from then on absence FAILS again. Evidence that exists (a failed first job) is judged as always.
import type { Inventory, StackId } from './inventory';
import { VerifyResult, notApplicable } from './result';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** `35 min`, `5 h`, `3 days`: how long ago a stack was created, in the unit a reader thinks in. */
export function formatAge(ms: number): string {
  if (ms < 2 * HOUR_MS) return `${Math.floor(ms / MINUTE_MS)} min`;
  if (ms < 48 * HOUR_MS) return `${Math.floor(ms / HOUR_MS)} h`;
  return `${Math.floor(ms / (24 * HOUR_MS))} days`;
}

export interface FirstEvidence {
  readonly id: string;
  readonly check: string;
  /** The stacks whose resources make the evidence: it can exist only once the newest of them does. */
  readonly stacks: readonly StackId[];
  /** What is due, e.g. `the first daily backup`. */
  readonly what: string;
  /** From the stack's creation, the time by which the evidence must exist: the schedule's first run plus the window. */
  readonly dueWithinMs: number;
}

/**
 * N/A while the evidence cannot exist yet (the newest of the stacks was created less than `dueWithinMs` ago);
 * undefined once it is due, or when a creation time is unknown, so the caller FAILS the absence as before.
 */
export function tooNewToJudge(inventory: Inventory, first: FirstEvidence, now: Date): VerifyResult | undefined {
  let newest: { readonly id: StackId; readonly at: Date } | undefined;
  for (const id of first.stacks) {
    const at = inventory.createdAt(id);
    if (!at) return undefined;
    if (!newest || at.getTime() > newest.at.getTime()) newest = { id, at };
  }
  if (!newest) return undefined;
  const due = new Date(newest.at.getTime() + first.dueWithinMs);
  if (now.getTime() >= due.getTime()) return undefined;
  const stack = inventory.stack(newest.id)?.stackName ?? newest.id;
  return notApplicable(first.id, first.check, `stack ${stack} created ${formatAge(now.getTime() - newest.at.getTime())} ago; ${first.what} is due by ${due.toISOString()}`, newest.at);
}
