/**
 * Restore drill, task "report" (CL-DB-3): emits the drill result as CloudWatch metrics (Embedded Metric Format,
 * one log line). Success path after verify; failure path from the Catch / failed Choice (DrillSucceeded=0).
 * Output: input + metrics.
 *
 * Environment:
 *   METRICS_NAMESPACE   CloudWatch namespace, e.g. Platform/RestoreDrill
 *   ENVIRONMENT         value of the Environment dimension (dev, staging, prod)
 */
import { reportConfig } from './config';
import { asState } from './input';
import { report } from './metrics';

export async function handler(event: unknown) {
  // Raw stdout, not console.log: the runtime's console prefixes (or wraps, in JSON log format) each line, and
  // CloudWatch only extracts EMF metrics from log events that are the bare JSON document.
  return report(reportConfig(process.env), asState(event), new Date(), (line) => process.stdout.write(`${line}\n`));
}
