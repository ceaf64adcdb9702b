// Type-check (what `tsc --noEmit` reports) and lint (ESLint, zero warnings) over ONE TypeScript program: the
// type-aware lint rules reuse the program the type-check built instead of building their own, which halves the
// CPU of the two steps. Exit code 1 when either finds anything. `npm run typecheck` and `npm run lint` run each alone.
import { dirname } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const configFile = ts.findConfigFile(process.cwd(), ts.sys.fileExists, 'tsconfig.json');
const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configFile));
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });

const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
if (diagnostics.length) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => ts.sys.newLine };
  process.stdout.write(ts.formatDiagnostics(diagnostics, host));
}

const eslint = new ESLint({ overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { programs: [program] } } } });
const results = await eslint.lintFiles(['.']);
const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
if (problems) process.stdout.write(await (await eslint.loadFormatter('stylish')).format(results));

console.log(`type-check: ${diagnostics.length} error(s); lint: ${problems} problem(s)`);
process.exit(diagnostics.length || problems ? 1 : 0);
