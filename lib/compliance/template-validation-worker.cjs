// Worker thread of BackgroundTemplateValidation (template-validation.ts). It runs aws-cdk-lib's own
// CloudFormationValidatePlugin (its options and findings unchanged; it only keeps one engine and reserves the
// engine's memory, see validateTemplates) on the other CPU core: first on each environment's templates as soon as
// that Stage is synthesized, then, at the end of app synthesis, on the whole list. Each template's findings are
// kept by a key of everything they depend on (its bytes, stack path, account, region, the engine's and aws-cdk-lib's
// versions): in memory for the final request, and on disk when a cache directory is given, so an unchanged template
// is not validated again and the engine is not even built when nothing changed.
// Plain CommonJS so the thread starts without a TypeScript loader.
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
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
/** Engines the plugin built in this run, and the last one. */
let enginesBuilt = 0;
let lastEngine;

/**
 * Resource types CDK's built-in rules are picked by (the plugin's rules index), or undefined if that index cannot be
 * read. The plugin builds a new engine (about 0.4 s of CPU once its WebAssembly is warm) whenever a call brings a
 * resource type its engine was not built for, because it loads the built-in rules by type: here, each environment
 * would build one. Only a type some rule names can change what an engine holds, so the others count as known.
 */
const RULE_TYPES = (() => {
  try {
    const index = join(dirname(require.resolve('aws-cdk-lib')), 'core/lib/validation/rules/index.generated.json');
    return new Set(JSON.parse(readFileSync(index, 'utf8')).rules.flatMap((rule) => rule.types ?? []));
  } catch {
    return undefined;
  }
})();

/** An engine's resource types as the plugin checks them (`has`), widened to every type no built-in rule names. */
class EngineTypes extends Set {
  has(type) {
    return super.has(type) || !RULE_TYPES.has(type);
  }
}

/** Bytes the engine's allocator is given before the first engine is built: what it grows to (~170 MB) and more. */
const ENGINE_MEMORY_BYTES = 256 * 2 ** 20;

/**
 * Node 20's V8 runs a full garbage collection whenever WebAssembly memory grows (it counts the whole memory as new
 * external memory), and the engine's allocator grows it in small steps while it builds an engine: about 400
 * collections, 1.5 s of CPU. One allocation of the memory it will need, freed at once, grows it once and leaves
 * that memory to the allocator. Loads the engine's WebAssembly instance (the plugin uses the same one) to reach its
 * allocator; any failure only costs the time.
 */
function reserveEngineMemory() {
  const Instance = WebAssembly.Instance;
  let exports;
  WebAssembly.Instance = function Captured(module, imports) {
    const instance = new Instance(module, imports);
    exports = instance.exports;
    return instance;
  };
  try {
    require(require.resolve('@aws/cloudformation-validate', { paths: [require.resolve('aws-cdk-lib')] })).version();
    if (typeof exports?.__wbindgen_malloc === 'function' && typeof exports.__wbindgen_free === 'function') {
      exports.__wbindgen_free(exports.__wbindgen_malloc(ENGINE_MEMORY_BYTES, 8), ENGINE_MEMORY_BYTES, 8);
    }
  } catch {
    // The plugin loads the engine itself and reports what is wrong.
  } finally {
    WebAssembly.Instance = Instance;
  }
}

/** plugin.validate, then the plugin's engine kept for any later call that brings no type a rule names. */
function validateTemplates(templates) {
  if (enginesBuilt === 0) reserveEngineMemory();
  const report = plugin.validate({ templatePaths: templates.map((t) => t.templatePath), stackTemplates: templates });
  if (plugin.engine !== lastEngine) {
    enginesBuilt += 1;
    lastEngine = plugin.engine;
  }
  if (RULE_TYPES && plugin.engineResourceTypes instanceof Set && !(plugin.engineResourceTypes instanceof EngineTypes)) {
    plugin.engineResourceTypes = new EngineTypes(plugin.engineResourceTypes);
  }
  return report;
}

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
    const report = validateTemplates(missing.map((e) => e.t));
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
if (cacheIsEmpty()) validateTemplates([]);

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
    answer({ report: merge(reports), version, validated, enginesBuilt });
  } catch (err) {
    answer({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
