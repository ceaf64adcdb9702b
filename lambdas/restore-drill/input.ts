// Validation of the JSON the state machine passes between tasks. Every task returns its input plus its own
// fields, so the state machine can pass the whole state along; a bad field is named with the fix.
import { isRdsIdentifier } from './config';

export type DrillState = Record<string, unknown>;

export class DrillInputError extends Error {
  override readonly name = 'DrillInputError';
}

export function asState(event: unknown): DrillState {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new DrillInputError('task input must be a JSON object (pass the drill state, e.g. {"sourceDbInstanceIdentifier": "..."})');
  }
  return event as DrillState;
}

export function identifierField(state: DrillState, field: string, hint: string): string {
  const value = state[field];
  if (typeof value !== 'string' || !isRdsIdentifier(value)) {
    throw new DrillInputError(`input field "${field}" must be an RDS DB instance identifier (lower case), got ${JSON.stringify(value)}: ${hint}`);
  }
  return value;
}

export function timeField(state: DrillState, field: string, hint: string): Date {
  const value = state[field];
  const time = typeof value === 'string' ? new Date(value) : undefined;
  if (!time || Number.isNaN(time.getTime())) {
    throw new DrillInputError(`input field "${field}" must be an ISO-8601 timestamp, got ${JSON.stringify(value)}: ${hint}`);
  }
  return time;
}
