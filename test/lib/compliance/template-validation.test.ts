import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackgroundTemplateValidation } from '../../../lib/compliance/template-validation';

// The report is read from validation-report.json, so a finding must not throw out of app.synth().
const context = { '@aws-cdk/core:validateAgainstDefaultRules': true, '@aws-cdk/core:failSynthOnValidationErrors': false };

/** Two environments whose queues break the SQS schema the same way, and a valid one: merged and unmerged findings. */
function buildStages(app: App, timeoutOfTwo: unknown = 'soon'): Stage[] {
  return ['one', 'two'].map((name) => {
    const stage = new Stage(app, name, { env: { account: '123456789012', region: 'eu-west-1' } });
    const stack = new Stack(stage, 'queues');
    new CfnResource(stack, 'Bad', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: name === 'two' ? timeoutOfTwo : 'soon', NotAProperty: name } });
    new CfnResource(stack, 'Good', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: 30 } });
    return stage;
  });
}

interface PluginReport {
  pluginName: string;
  violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string; stackTraces?: string[] }> }>;
}

/** The plugin's section of validation-report.json, without the stack traces (they name this file's lines). */
function cfnValidateReport(outdir: string): PluginReport {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  const section: PluginReport = report.pluginReports.find((r: PluginReport) => r.pluginName === 'CloudFormation Validate');
  for (const v of section.violations) for (const c of v.violatingConstructs) delete c.stackTraces;
  return section;
}

/** CDK's own plugin's report for the environments `build` adds to an App. */
function ownReport(build: (app: App) => Stage[]): PluginReport {
  const outdir = mkdtempSync(join(tmpdir(), 'cfn-validate-own-'));
  const app = new App({ outdir, context });
  build(app);
  app.synth();
  return cfnValidateReport(outdir);
}

/** Synthesizes the environments `build` adds with background validation into a fresh output directory. */
function synthInBackground(build: (app: App) => Stage[], cacheDirectory?: string) {
  const outdir = mkdtempSync(join(tmpdir(), 'cfn-validate-background-'));
  const app = new App({ outdir, context });
  const validation = new BackgroundTemplateValidation({ cacheDirectory });
  const stages = build(app);
  // Registered the way addPlatformStages does: on the App, each Stage prevalidated once it is complete.
  Validations.of(app).addPlugins(validation);
  for (const stage of stages) validation.prevalidate(stage);
  app.synth();
  return { report: cfnValidateReport(outdir), validation };
}

function backgroundSynth(timeoutOfTwo: unknown, cacheDirectory?: string) {
  const { report, validation } = synthInBackground((app) => buildStages(app, timeoutOfTwo), cacheDirectory);
  return { report, validated: validation.validatedTemplates, version: validation.version };
}

const findings = (report: PluginReport) => report.violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.constructPath)]);

describe('BackgroundTemplateValidation', () => {
  it("reports exactly what CDK's own CloudFormation Validate plugin reports, merged across environments, and from its cache only for unchanged templates", () => {
    const expected = ownReport((app) => buildStages(app));
    // The same schema findings in both environments: one violation each, naming both resources.
    expect(findings(expected)).toEqual([
      ['F3002', ['one/queues/Bad', 'two/queues/Bad']],
      ['F3012', ['one/queues/Bad', 'two/queues/Bad']],
    ]);

    const cacheDirectory = mkdtempSync(join(tmpdir(), 'cfn-validate-cache-'));
    const first = backgroundSynth('soon', cacheDirectory);
    expect(first.report).toEqual(expected);
    expect(first.validated).toBe(2);
    expect(first.version).toMatch(/^\d+\.\d+\.\d+/);
    // Another output directory, the same templates: nothing validated, the same report and engine version.
    expect(backgroundSynth('soon', cacheDirectory)).toEqual({ ...first, validated: 0 });
    // Stage two's template changed: only it is validated again, and its type finding is gone.
    const changed = backgroundSynth(30, cacheDirectory);
    expect(changed.validated).toBe(1);
    expect(findings(changed.report)).toEqual([
      ['F3002', ['one/queues/Bad', 'two/queues/Bad']],
      ['F3012', ['one/queues/Bad']],
    ]);
  });

  it('builds one engine for environments of different resource types, and a new one for a type a built-in rule is picked by', () => {
    // Each environment brings resource types the one before did not have; CDK's plugin would build an engine for each.
    const synth = (typesOfTwo: Array<[string, Record<string, unknown>]>) => {
      const build = (app: App) => ['one', 'two'].map((name) => {
        const stage = new Stage(app, name, { env: { account: '123456789012', region: 'eu-west-1' } });
        const stack = new Stack(stage, 'resources');
        const types: Array<[string, Record<string, unknown>]> = name === 'one' ? [['AWS::SQS::Queue', { VisibilityTimeout: 'soon' }]] : typesOfTwo;
        types.forEach(([type, properties], i) => new CfnResource(stack, `R${i}`, { type, properties }));
        return stage;
      });
      const { report, validation } = synthInBackground(build);
      return { expected: ownReport(build), report, engines: validation.enginesBuilt };
    };

    const plain = synth([['AWS::SNS::Topic', { TopicName: 7 }], ['AWS::SQS::Queue', {}]]);
    expect(plain.report).toEqual(plain.expected);
    expect(findings(plain.report).map(([rule]) => rule)).toContain('F3012');
    expect(plain.engines).toBe(1);

    // A GameLift alias routing to a fleet and to a terminal message at once breaks one of CDK's own rules, which the
    // engine built for the first environment does not hold.
    const gameLift = synth([['AWS::GameLift::Alias', { Name: 'a', RoutingStrategy: { Type: 'SIMPLE', FleetId: 'fleet-1', Message: 'closed' } }]]);
    expect(gameLift.report).toEqual(gameLift.expected);
    expect(findings(gameLift.report)).toContainEqual(['CDK-GameLift-004', ['two/resources/R0']]);
    expect(gameLift.engines).toBe(2);
  });

  it('validates a template again when it changed after its Stage was prevalidated, and validates one synthesis only', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cfn-validate-changed-')), context });
    const stage = new Stage(app, 'one', { env: { account: '123456789012', region: 'eu-west-1' } });
    const stack = new Stack(stage, 'queues');
    new CfnResource(stack, 'Good', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: 30 } });
    const validation = new BackgroundTemplateValidation();
    validation.prevalidate(stage);

    const templatePath = stage.synth().stacks[0].templateFullPath;
    const template = JSON.parse(readFileSync(templatePath, 'utf8'));
    template.Resources.Good.Properties.VisibilityTimeout = 'soon';
    writeFileSync(templatePath, JSON.stringify(template));
    const stackTemplates = [{ stackConstructPath: 'one/queues', templatePath, accountId: '123456789012', region: 'eu-west-1' }];

    const report = validation.validate({ templatePaths: [templatePath], stackTemplates } as never);
    expect(report.violations.map((v) => v.violatingResources[0].resourceLogicalId)).toContain('Good');
    expect(() => validation.validate({ templatePaths: [templatePath], stackTemplates } as never)).toThrow(/validates one synthesis/);
  });

  it('fails synthesis with the worker error when a template cannot be validated', () => {
    const validation = new BackgroundTemplateValidation();
    const templatePath = join(tmpdir(), 'no-such-dir', 'missing.template.json');
    expect(() => validation.validate({ templatePaths: [templatePath], stackTemplates: [{ stackConstructPath: 'x', templatePath }] } as never)).toThrow(
      /CloudFormation Validate failed in the validation worker: .*missing\.template\.json/,
    );
  });
});
