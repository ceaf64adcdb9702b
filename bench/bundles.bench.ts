// Size of every Lambda bundle (goal: <= 250 KB each), built with the esbuild options PlatformFunction gives
// NodejsFunction (lib/constructs/lambda-bundling.ts), so the figures are those of the deployed code.
// Run: npx tsx bench/bundles.bench.ts
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esbuildOptions, LAMBDAS_DIR } from '../lib/constructs/lambda-bundling';
import { DRILL_TASKS } from '../lib/constructs/restore-drill';

const GOAL_KB = 250;

/**
 * Every deployed entry: each `lambdas/<name>/index.ts`, each restore-drill task (one function per task), and the
 * off-region drill's restore of a copied recovery point.
 */
function entries(): string[] {
  const indexes = readdirSync(LAMBDAS_DIR)
    .map((name) => `${name}/index.ts`)
    .filter((entry) => existsSync(join(LAMBDAS_DIR, entry)));
  return [...indexes, ...DRILL_TASKS.map((task) => `restore-drill/${task}.ts`), 'restore-drill/start-copy-restore.ts'];
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    const sizes = await Promise.all(
      entries().map(async (entry) => {
        const outfile = join(out, entry.replace(/\//g, '__').replace(/\.ts$/, '.js'));
        await build({ ...esbuildOptions(entry, outfile), logLevel: 'warning' });
        return { entry, kb: statSync(outfile).size / 1024 };
      }),
    );
    console.log('Lambda bundles (minified, no source map, @aws-sdk/* external)');
    for (const { entry, kb } of sizes) {
      console.log(`  ${entry.padEnd(36)} ${kb.toFixed(1).padStart(7)} KB   goal <= ${GOAL_KB} KB   ${kb <= GOAL_KB ? 'PASS' : 'MISS'}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

void main();
