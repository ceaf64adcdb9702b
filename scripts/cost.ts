// `npm run cost`: each environment's fixed monthly floor at list prices, item by item, read from the assembly
// `npm run synth` left in cdk.out (`--from <dir>` for another one). `--summary`: one line per environment (run
// after every synth by the postsynth script). Prices: lib/cost/prices.ts.
import { resolve } from 'node:path';
import { readCloudAssembly } from '../lib/compliance/report/assembly';
import { estimateFloor } from '../lib/cost/estimate';
import { formatEstimate, formatPriceSource, summaryLine } from '../lib/cost/format';
import { PRICES } from '../lib/cost/prices';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

try {
  const outdir = resolve(__dirname, '..', option('--from') ?? 'cdk.out');
  const estimates = readCloudAssembly(outdir).map((env) => estimateFloor(env.name, env.stacks, PRICES));
  if (process.argv.includes('--summary')) {
    for (const e of estimates) console.log(summaryLine(e));
  } else {
    console.log(formatPriceSource(PRICES));
    for (const e of estimates) console.log(`\n${formatEstimate(e)}`);
  }
} catch (err) {
  // Missing assembly or an unpriced resource: the message says what to do; no stack trace.
  console.error(`npm run cost: ${(err as Error).message}`);
  process.exitCode = 1;
}
