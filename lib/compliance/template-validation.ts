import {
  CloudFormationValidatePlugin,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  Stage,
} from 'aws-cdk-lib';
import { UNKNOWN_ACCOUNT, UNKNOWN_REGION } from 'aws-cdk-lib/cx-api';
import { join } from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** One template as the CloudFormation Validate plugin receives it (structured-cloneable). */
interface TemplateRef {
  readonly stackConstructPath: string;
  readonly templatePath: string;
  readonly accountId?: string;
  readonly region?: string;
}

interface WorkerAnswer {
  readonly report?: PolicyValidationPluginReport;
  readonly version?: string;
  readonly validated?: number;
  readonly enginesBuilt?: number;
  readonly error?: string;
}

export interface BackgroundTemplateValidationProps {
  /**
   * Where each template's findings are kept between syntheses, by a key of everything they depend on (the
   * template's bytes, its stack path, account and region, the validation engine's and aws-cdk-lib's versions): an
   * unchanged template is not validated again, and when nothing changed the engine is not started at all.
   * @default - no cache: every template is validated on every synthesis
   */
  readonly cacheDirectory?: string;
}

/** How long synth waits for the worker's verdict before it gives up (the whole app validates in seconds). */
const ANSWER_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * aws-cdk-lib's CloudFormation Validate plugin (registry schemas and CDK's rules, the same engine, options and
 * findings), run in a worker thread so that it uses the CPU core synthesis leaves idle. Its cost: building the
 * engine (about 0.5 s of CPU here, 2-2.5 s in CDK's own use of it, most of that garbage collections; see the
 * worker), then the first use of each resource type's schema and 30-250 ms per template: about 2.5 s for this
 * app's 31 templates. The worker builds one engine where CDK's plugin would build one per environment, and that
 * work overlaps with building the next environments; with `cacheDirectory` an unchanged template's findings are
 * reused. Register it on the App (CDK allows this plugin only there; it then replaces the default
 * instance) and call `prevalidate` as each environment's Stage is complete. CDK calls `validate` once at the end of
 * synthesis; it blocks until the worker has the full report.
 */
export class BackgroundTemplateValidation extends CloudFormationValidatePlugin {
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private engineVersion?: string;
  private answered = false;
  private validatedCount?: number;
  private enginesBuiltCount?: number;

  constructor(props: BackgroundTemplateValidationProps = {}) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(join(__dirname, 'template-validation-worker.cjs'), {
      workerData: { signal: this.signal.buffer, port: port2, cacheDirectory: props.cacheDirectory },
      transferList: [port2],
    });
    // Synthesis ends with `validate`; a worker that never got that far must not keep the process alive.
    this.worker.unref();
  }

  /** Synthesizes `stage` now (CDK reuses that assembly at app synthesis) and queues its templates for validation. */
  prevalidate(stage: Stage): void {
    const templates = stage.synth().stacksRecursively.map((stack) => templateRef(stack));
    this.port.postMessage({ kind: 'prevalidate', templates });
  }

  /** The engine's version, known once the worker has answered (the engine is not loaded on this thread). */
  override get version(): string | undefined {
    return this.engineVersion;
  }

  /** How many templates the engine validated in this synthesis (the others' findings came from the cache). */
  get validatedTemplates(): number | undefined {
    return this.validatedCount;
  }

  /**
   * How many validation engines the worker built in this synthesis: at most one, unless a template brings a resource
   * type one of CDK's built-in rules is picked by (CDK's own plugin builds one per call that brings any new type).
   */
  get enginesBuilt(): number | undefined {
    return this.enginesBuiltCount;
  }

  /** Read by CDK's analytics metadata during synthesis; answering would load the engine on this thread. */
  override get ruleIds(): string[] | undefined {
    return undefined;
  }

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const templates: TemplateRef[] = context.stackTemplates.map(({ stackConstructPath, templatePath, accountId, region }) => ({
      stackConstructPath,
      templatePath,
      accountId,
      region,
    }));
    if (this.answered) throw new Error('BackgroundTemplateValidation validates one synthesis; register a new one on each App');
    this.answered = true;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ kind: 'validate', templates });
    if (Atomics.wait(this.signal, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out') {
      throw new Error(`CloudFormation Validate: no answer from the validation worker within ${ANSWER_TIMEOUT_MS / 60000} minutes`);
    }
    const answer = receiveMessageOnPort(this.port)?.message as WorkerAnswer | undefined;
    void this.worker.terminate();
    if (!answer?.report) throw new Error(`CloudFormation Validate failed in the validation worker: ${answer?.error ?? 'no report'}`);
    this.engineVersion = answer.version;
    this.validatedCount = answer.validated;
    this.enginesBuiltCount = answer.enginesBuilt;
    return answer.report;
  }
}

function templateRef(stack: { hierarchicalId: string; templateFullPath: string; environment: { account: string; region: string } }): TemplateRef {
  const { account, region } = stack.environment;
  return {
    stackConstructPath: stack.hierarchicalId,
    templatePath: stack.templateFullPath,
    accountId: account === UNKNOWN_ACCOUNT ? undefined : account,
    region: region === UNKNOWN_REGION ? undefined : region,
  };
}
