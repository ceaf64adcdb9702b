// Worker thread of BackgroundTemplateValidation (template-validation.ts). It runs aws-cdk-lib's own
// CloudFormationValidatePlugin, unchanged, on the other CPU core: first on each environment's templates as soon as
// that Stage is synthesized, then, at the end of app synthesis, on the whole list, reusing each Stage's report
// when its templates are byte-identical. Plain CommonJS so the thread starts without a TypeScript loader.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { workerData } = require('node:worker_threads');
const { CloudFormationValidatePlugin } = require('aws-cdk-lib');

const plugin = new CloudFormationValidatePlugin();
const { port } = workerData;
const signal = new Int32Array(workerData.signal);
/** Reports by group key: every template's path and content hash, so a changed template is validated again. */
const reports = new Map();

function groupKey(group) {
  return group.map((t) => `${t.templatePath}\0${createHash('sha256').update(readFileSync(t.templatePath)).digest('hex')}`).join('\n');
}

function validateGroup(group) {
  const key = groupKey(group);
  let report = reports.get(key);
  if (!report) {
    report = plugin.validate({ templatePaths: group.map((t) => t.templatePath), stackTemplates: group });
    reports.set(key, report);
  }
  return report;
}

/** Consecutive templates of one Stage share a directory (its nested cloud assembly). */
function groupsOf(templates) {
  const groups = [];
  for (const t of templates) {
    const last = groups[groups.length - 1];
    if (last && dirname(last[0].templatePath) === dirname(t.templatePath)) last.push(t);
    else groups.push([t]);
  }
  return groups;
}

/** Merges per-Stage reports exactly as the plugin merges templates: one violation per rule, severity and text. */
function merge(groupReports) {
  const violations = [];
  for (const report of groupReports) {
    for (const v of report.violations) {
      const same = violations.find((x) => x.ruleName === v.ruleName && x.severity === v.severity && x.description === v.description);
      if (same) same.violatingResources.push(...v.violatingResources);
      else violations.push({ ...v, violatingResources: [...v.violatingResources] });
    }
  }
  return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
}

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
      // Not cached, so the final request validates this group again and reports the error.
    }
    return;
  }
  try {
    answer({ report: merge(groupsOf(message.templates).map(validateGroup)), version: plugin.version });
  } catch (err) {
    answer({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
