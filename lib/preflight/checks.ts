// Read-only checks before a deploy (`npm run preflight -- -c env=<env>`): each answers one question about the target
// account with pass, warn or fail and, unless it passed, the command or setting that fixes it. Pure over the
// clients it is given, so tests drive it with aws-sdk-client-mock; bin/preflight.ts builds the real clients.
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { EnvironmentConfig, isPlaceholderAccount, overrideVariable, placeholdersIn } from '../../config';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** What to do about it (warn and fail only). */
  readonly fix?: string;
}

export interface PreflightClients {
  readonly sts: STSClient;
  /** CloudFormation in a region: the environment's and the backup copy's. */
  readonly cloudFormation: (region: string) => CloudFormationClient;
  readonly acm: ACMClient;
  /** ECR in the region of the image's repository. */
  readonly ecr: (region: string) => ECRClient;
  readonly iam: IAMClient;
  readonly lambda: LambdaClient;
}

export interface PreflightOptions {
  /** Lowest bootstrap version the synthesized templates accept (their CheckBootstrapVersion rule). */
  readonly requiredBootstrapVersion: number;
  /** Version of the bootstrap template the installed CDK CLI would deploy; older stacks lack its fixes. */
  readonly currentBootstrapVersion: number;
}

/** Lowest bootstrap stack version the templates of DefaultStackSynthesizer accept. */
export const REQUIRED_BOOTSTRAP_VERSION = 6;

/** A new account's Lambda concurrency quota; with this little, rotation, drill and deploy-time functions contend. */
const LOW_LAMBDA_CONCURRENCY = 100;

/**
 * Service-linked roles the platform's first deploy needs. ECS and Application Auto Scaling are the ones a
 * brand-new account lacks and whose creation races the first cluster/service create ("Unable to assume the service
 * linked role"); RDS, ElastiCache and ELB create theirs on first use when the CloudFormation execution role may
 * call iam:CreateServiceLinkedRole, so a missing one only warns. RDS Proxy, AWS Backup (this plan's selection role),
 * Synthetics and Lambda use roles the stacks create, not service-linked ones.
 */
export const SERVICE_LINKED_ROLES: readonly { readonly roleName: string; readonly service: string; readonly required: boolean }[] = [
  { roleName: 'AWSServiceRoleForECS', service: 'ecs.amazonaws.com', required: true },
  { roleName: 'AWSServiceRoleForApplicationAutoScaling_ECSService', service: 'ecs.application-autoscaling.amazonaws.com', required: true },
  { roleName: 'AWSServiceRoleForRDS', service: 'rds.amazonaws.com', required: false },
  { roleName: 'AWSServiceRoleForElastiCache', service: 'elasticache.amazonaws.com', required: false },
  { roleName: 'AWSServiceRoleForElasticLoadBalancing', service: 'elasticloadbalancing.amazonaws.com', required: false },
];

/** True when an SDK error means "there are no usable credentials", which ends the preflight at once. */
export function isCredentialsError(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return ['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'TokenRefreshRequired'].includes(name);
}

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name ?? 'Error';
const errorText = (error: unknown) => `${errorName(error)}: ${(error as Error | undefined)?.message ?? String(error)}`;

export async function checkAccount(sts: STSClient, config: EnvironmentConfig): Promise<CheckResult> {
  const check = 'account';
  const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
  if (Account === config.account) return { check, status: 'pass', detail: `credentials (${Arn}) are in account ${Account}, as configured` };
  const fix = isPlaceholderAccount(config.account)
    ? `set ${overrideVariable(config.name, 'ACCOUNT')}=${Account} (the configured account is a placeholder)`
    : `use credentials of account ${config.account}, or fix ${overrideVariable(config.name, 'ACCOUNT')}`;
  return { check, status: 'fail', detail: `credentials (${Arn}) are in account ${Account}, but ${config.name} is configured for ${config.account}`, fix };
}

export async function checkBootstrap(client: CloudFormationClient, region: string, account: string, options: PreflightOptions): Promise<CheckResult> {
  const check = `bootstrap ${region}`;
  const fix = `npx cdk bootstrap aws://${account}/${region} --cloudformation-execution-policies arn:aws:iam::${account}:policy/platform-cfn-execution (docs/first-deploy.md)`;
  let stack;
  try {
    [stack] = (await client.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' }))).Stacks ?? [];
  } catch (error) {
    if (errorName(error) === 'ValidationError') return { check, status: 'fail', detail: `no CDKToolkit stack in ${region}`, fix };
    throw error;
  }
  const status = stack?.StackStatus ?? 'missing';
  if (!/_COMPLETE$/.test(status) || /ROLLBACK_COMPLETE$|DELETE_COMPLETE$/.test(status)) {
    return { check, status: 'fail', detail: `CDKToolkit stack in ${region} is ${status}`, fix };
  }
  const version = Number(stack?.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue ?? 0);
  if (version < options.requiredBootstrapVersion) {
    return { check, status: 'fail', detail: `bootstrap version ${version} in ${region}; the templates need at least ${options.requiredBootstrapVersion}`, fix };
  }
  if (version < options.currentBootstrapVersion) {
    return { check, status: 'warn', detail: `bootstrap version ${version} in ${region}; the installed CDK CLI ships ${options.currentBootstrapVersion}`, fix };
  }
  return { check, status: 'pass', detail: `CDKToolkit ${status}, bootstrap version ${version} in ${region}` };
}

/** True when the certificate name (possibly a `*.` wildcard, one label deep) covers the host. */
export function certificateCovers(names: readonly string[], host: string): boolean {
  const lower = host.toLowerCase();
  return names.some((name) => {
    const n = name.toLowerCase();
    if (!n.startsWith('*.')) return n === lower;
    const rest = lower.slice(lower.indexOf('.') + 1);
    return lower.includes('.') && rest === n.slice(2);
  });
}

/** The public host the certificate must cover: the canary's domain, else that of the first https origin. */
export function publicHost(config: EnvironmentConfig): string | undefined {
  if (config.observability.canary.domain) return config.observability.canary.domain;
  const origin = config.service.app.allowedOrigins.find((o) => o.startsWith('https://'));
  return origin ? new URL(origin).hostname : undefined;
}

export async function checkCertificate(acm: ACMClient, config: EnvironmentConfig): Promise<CheckResult> {
  const check = 'certificate';
  const { certificateArn, domainName, zoneName } = config.service.certificate;
  if (!certificateArn) {
    return { check, status: 'pass', detail: `the service stack requests a DNS-validated certificate for ${domainName} in zone ${zoneName}` };
  }
  const variable = overrideVariable(config.name, 'CERTIFICATE_ARN');
  let certificate;
  try {
    ({ Certificate: certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn })));
  } catch (error) {
    if (!['ResourceNotFoundException', 'InvalidArnException'].includes(errorName(error))) throw error;
    return { check, status: 'fail', detail: `${certificateArn} does not exist in ${config.region}`, fix: `request or import the certificate in ${config.region} and set ${variable}` };
  }
  if (certificate?.Status !== 'ISSUED') {
    return {
      check,
      status: 'fail',
      detail: `${certificateArn} is ${certificate?.Status ?? 'unknown'}, not ISSUED`,
      fix: certificate?.Status === 'PENDING_VALIDATION' ? 'create the DNS validation records ACM lists for it and wait for ISSUED' : `issue a new certificate and set ${variable}`,
    };
  }
  const names = [...new Set([certificate.DomainName ?? '', ...(certificate.SubjectAlternativeNames ?? [])])].filter((n) => n !== '');
  const host = publicHost(config);
  if (host && !certificateCovers(names, host)) {
    return { check, status: 'fail', detail: `${certificateArn} covers ${names.join(', ')}, not ${host}`, fix: `use a certificate for ${host} (${variable})` };
  }
  return { check, status: 'pass', detail: `${certificateArn} is ISSUED${host ? ` and covers ${host}` : ''}` };
}

/** The tagged image a deploy would run, and the stack whose RepositoryUri output names its repository. */
export interface ImageToCheck {
  readonly tag: string;
  /** The environment's registry stack (`platform-<env>-registry`). */
  readonly registryStack: string;
  readonly region: string;
}

/** The image the service would run, or none: without a tag the stacks build the reference image (app/). */
export function configuredImage(config: EnvironmentConfig): ImageToCheck | undefined {
  const tag = config.service.image.tag;
  return tag === undefined ? undefined : { tag, registryStack: `platform-${config.name}-registry`, region: config.region };
}

export async function checkImage(cloudFormation: CloudFormationClient, ecr: ECRClient, image: ImageToCheck): Promise<CheckResult> {
  const check = 'image';
  const notYet = {
    check,
    status: 'fail' as const,
    detail: `${image.registryStack} (the environment's image repository) is not deployed yet, so no image tag can exist`,
    fix: `deploy once without -c imageTag (the reference app), push the image to the stack's RepositoryUri output, then deploy with -c imageTag=${image.tag}`,
  };
  let repositoryUri: string | undefined;
  try {
    const [stack] = (await cloudFormation.send(new DescribeStacksCommand({ StackName: image.registryStack }))).Stacks ?? [];
    repositoryUri = stack?.Outputs?.find((o) => o.OutputKey === 'RepositoryUri')?.OutputValue;
  } catch (error) {
    if (errorName(error) === 'ValidationError') return notYet;
    throw error;
  }
  if (!repositoryUri) return notYet;
  // <account>.dkr.ecr.<region>.amazonaws.com/<name>
  const registryId = repositoryUri.split('.')[0];
  const repositoryName = repositoryUri.slice(repositoryUri.indexOf('/') + 1);
  const uri = `${repositoryUri}:${image.tag}`;
  try {
    await ecr.send(new DescribeImagesCommand({ registryId, repositoryName, imageIds: [{ imageTag: image.tag }] }));
    return { check, status: 'pass', detail: `${uri} exists` };
  } catch (error) {
    if (errorName(error) === 'RepositoryNotFoundException') {
      return { check, status: 'fail', detail: `ECR repository ${repositoryUri} (output of ${image.registryStack}) does not exist`, fix: `redeploy ${image.registryStack}; it owns the repository` };
    }
    if (errorName(error) === 'ImageNotFoundException') {
      return { check, status: 'fail', detail: `${uri} does not exist: the tasks could not pull it`, fix: 'push that tag, or deploy an existing one with -c imageTag=<tag>' };
    }
    throw error;
  }
}

export async function checkServiceLinkedRoles(iam: IAMClient): Promise<CheckResult[]> {
  return Promise.all(
    SERVICE_LINKED_ROLES.map(async ({ roleName, service, required }): Promise<CheckResult> => {
      const check = `service-linked role ${roleName}`;
      try {
        await iam.send(new GetRoleCommand({ RoleName: roleName }));
        return { check, status: 'pass', detail: 'exists' };
      } catch (error) {
        if (errorName(error) !== 'NoSuchEntityException' && errorName(error) !== 'NoSuchEntity') throw error;
        return {
          check,
          status: required ? 'fail' : 'warn',
          detail: required ? 'missing: the first ECS deploy fails while AWS creates it' : 'missing: created on first use if the execution policy allows iam:CreateServiceLinkedRole',
          fix: `aws iam create-service-linked-role --aws-service-name ${service}`,
        };
      }
    }),
  );
}

export async function checkLambdaConcurrency(lambda: LambdaClient): Promise<CheckResult> {
  const check = 'lambda concurrency';
  const { AccountLimit } = await lambda.send(new GetAccountSettingsCommand({}));
  const total = AccountLimit?.ConcurrentExecutions ?? 0;
  const detail = `account quota ${total}, unreserved ${AccountLimit?.UnreservedConcurrentExecutions ?? 0} (the platform reserves none)`;
  if (total >= LOW_LAMBDA_CONCURRENCY) return { check, status: 'pass', detail };
  return {
    check,
    status: 'warn',
    detail: `${detail}: the rotation, drill, cleanup and deploy-time functions share it and may throttle`,
    fix: 'aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000',
  };
}

/** Staging and prod must not deploy a placeholder (the config validation refuses them once the account is real). */
export function checkPlaceholders(config: EnvironmentConfig): CheckResult {
  const check = 'placeholders';
  if (config.name === 'dev') return { check, status: 'pass', detail: 'dev may keep placeholders' };
  const found = [
    ...(isPlaceholderAccount(config.account) ? [{ path: 'account', variable: 'ACCOUNT' }] : []),
    ...placeholdersIn(config),
  ];
  if (!found.length) return { check, status: 'pass', detail: 'no placeholder values' };
  return {
    check,
    status: 'fail',
    detail: `placeholder values in ${found.map((p) => p.path).join(', ')}`,
    fix: `set ${found.map((p) => overrideVariable(config.name, p.variable)).join(', ')}`,
  };
}

/**
 * Every check for one environment, in order. A credentials error ends the run (its message is the one line to
 * show); any other unexpected error becomes that check's failure, so one broken call never hides the others.
 */
export async function runPreflight(config: EnvironmentConfig, clients: PreflightClients, options: PreflightOptions, image?: ImageToCheck): Promise<CheckResult[]> {
  const guard = async (check: string, run: () => Promise<CheckResult | CheckResult[]>): Promise<CheckResult[]> => {
    try {
      return [await run()].flat();
    } catch (error) {
      if (isCredentialsError(error)) throw error;
      return [{ check, status: 'fail', detail: `could not check: ${errorText(error)}`, fix: 'give the preflight role read access (docs/first-deploy.md)' }];
    }
  };
  const account = await checkAccount(clients.sts, config);
  const results: CheckResult[] = [account, checkPlaceholders(config)];
  if (account.status === 'fail') return results;
  const { region } = config;
  const copyRegion = config.backup.copyRegion;
  const checked = await Promise.all([
    guard(`bootstrap ${region}`, () => checkBootstrap(clients.cloudFormation(region), region, config.account, options)),
    guard(`bootstrap ${copyRegion}`, () => checkBootstrap(clients.cloudFormation(copyRegion), copyRegion, config.account, options)),
    guard('certificate', () => checkCertificate(clients.acm, config)),
    image
      ? guard('image', () => checkImage(clients.cloudFormation(image.region), clients.ecr(image.region), image))
      : Promise.resolve<CheckResult[]>([{ check: 'image', status: 'pass', detail: 'no image tag given: the stack builds the reference image' }]),
    guard('service-linked roles', () => checkServiceLinkedRoles(clients.iam)),
    guard('lambda concurrency', () => checkLambdaConcurrency(clients.lambda)),
  ]);
  return [...results, ...checked.flat()];
}

/** One line per check: status, name, what was found and, unless it passed, the fix. */
export function formatResults(results: readonly CheckResult[]): string {
  return results.map((r) => `${r.status.toUpperCase().padEnd(4)}  ${r.check}: ${r.detail}${r.fix ? ` -> fix: ${r.fix}` : ''}`).join('\n');
}

/** The exit code: 1 when anything failed (warnings pass). */
export function exitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
