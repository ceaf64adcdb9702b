// Worker thread of BackgroundTemplateValidation (template-validation.ts). It runs aws-cdk-lib's own
// CloudFormationValidatePlugin, unchanged, on the other CPU core: first on each environment's templates as soon as
// that Stage is synthesized, then, at the end of app synthesis, on the whole list. Each template's findings are
// kept by a key of everything they depend on (its bytes, stack path, account, region, the engine's and aws-cdk-lib's
// versions): in memory for the final request, and on disk when a cache directory is given, so an unchanged template
// is not validated again and the engine (seconds of WebAssembly start-up) is not even started when nothing changed.
// Plain CommonJS so the thread starts without a TypeScript loader.
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { workerData } = require('node:worker_threads');
const { CloudFormationValidatePlugin } = require('aws-cdk-lib');

/** Bumped whenever what a cache entry holds changes, so older entries are never read. */
const CACHE_FORMAT = 1;
/** Entries kept on disk; the oldest beyond it are removed (each is at most a few KB). */
const CACHE_ENTRIES = 2000;

const { port, cacheDirectory } = workerData;
const signal = new Int32Array(workerData.signal);
const plugin = new CloudFormationValidatePlugin();
const engineVersion = require(require.resolve('@aws/cloudformation-validate/package.json', { paths: [require.resolve('aws-cdk-lib')] })).version;
const versions = `${CACHE_FORMAT}\0${require('aws-cdk-lib/package.json').version}\0${engineVersion}`;
/** Findings by template key; `violations` have no templatePath (the same bytes may sit in another output directory). */
const results = new Map();
/** Templates the engine validated in this run (the others' findings were known). */
let validated = 0;

function keyOf(t, bytes) {
  return createHash('sha256')
    .update(`${versions}\0${t.stackConstructPath}\0${t.accountId ?? ''}\0${t.region ?? ''}\0`)
    .update(bytes)
    .digest('hex');
}

function readCached(key) {
  if (!cacheDirectory) return undefined;
  try {
    return JSON.parse(readFileSync(join(cacheDirectory, `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeCached(key, entry) {
  if (!cacheDirectory) return;
  try {
    mkdirSync(cacheDirectory, { recursive: true });
    // Written whole, then renamed: a concurrent synth never reads half an entry.
    const temporary = join(cacheDirectory, `${key}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, join(cacheDirectory, `${key}.json`));
  } catch {
    // A cache that cannot be written only costs the next synth the validation.
  }
}

function pruneCache() {
  if (!cacheDirectory) return;
  try {
    const files = readdirSync(cacheDirectory).map((name) => ({ name, at: statSync(join(cacheDirectory, name)).mtimeMs }));
    files.sort((a, b) => b.at - a.at);
    for (const { name } of files.slice(CACHE_ENTRIES)) rmSync(join(cacheDirectory, name), { force: true });
  } catch {
    // Pruning is housekeeping only.
  }
}

/** The plugin's violations that concern one template, without its path. */
function violationsOf(report, templatePath) {
  const own = [];
  for (const v of report.violations) {
    const resources = v.violatingResources.filter((r) => r.templatePath === templatePath).map((r) => ({ ...r, templatePath: undefined }));
    if (resources.length) own.push({ ...v, violatingResources: resources });
  }
  return own;
}

/** Per template of `group`, in order: its findings, validating (in one call) only the ones not known yet. */
function validateGroup(group) {
  const entries = group.map((t) => {
    const key = keyOf(t, readFileSync(t.templatePath));
    if (!results.has(key)) {
      const cached = readCached(key);
      if (cached) results.set(key, cached);
    }
    return { t, key };
  });
  const missing = entries.filter((e) => !results.has(e.key));
  if (missing.length) {
    const report = plugin.validate({ templatePaths: missing.map((e) => e.t.templatePath), stackTemplates: missing.map((e) => e.t) });
    validated += missing.length;
    for (const { t, key } of missing) {
      const entry = { version: plugin.version, violations: violationsOf(report, t.templatePath) };
      results.set(key, entry);
      writeCached(key, entry);
    }
  }
  return entries.map(({ t, key }) => ({
    version: results.get(key).version,
    violations: results.get(key).violations.map((v) => ({ ...v, violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: t.templatePath })) })),
  }));
}

/** Merges per-template findings exactly as the plugin merges templates: one violation per rule, severity and text. */
function merge(templateReports) {
  const violations = [];
  for (const report of templateReports) {
    for (const v of report.violations) {
      const same = violations.find((x) => x.ruleName === v.ruleName && x.severity === v.severity && x.description === v.description);
      if (same) same.violatingResources.push(...v.violatingResources);
      else violations.push({ ...v, violatingResources: [...v.violatingResources] });
    }
  }
  return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
}

/** True when no findings are cached, i.e. this synthesis validates every template. */
function cacheIsEmpty() {
  try {
    return !cacheDirectory || !readdirSync(cacheDirectory).some((name) => name.endsWith('.json'));
  } catch {
    return true;
  }
}

// With nothing cached, the engine will be needed: compile its WebAssembly now, while the main thread is still
// loading modules and building the first environment, rather than when that environment's templates arrive.
if (cacheIsEmpty()) plugin.validate({ templatePaths: [], stackTemplates: [] });

function answer(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on('message', (message) => {
  if (message.kind === 'prevalidate') {
    try {
      validateGroup(message.templates);
    } catch {
      // Not kept, so the final request validates these templates again and reports the error.
    }
    return;
  }
  try {
    const reports = validateGroup(message.templates);
    // The engine's version as it reported it, in this run or in the run that cached the findings.
    const version = validated > 0 ? plugin.version : (reports[0]?.version ?? engineVersion);
    if (validated > 0) pruneCache();
    answer({ report: merge(reports), version, validated });
  } catch (err) {
    answer({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
