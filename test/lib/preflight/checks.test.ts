import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { EnvironmentConfig, loadConfigs } from '../../../config';
import {
  CheckResult,
  SERVICE_LINKED_ROLES,
  certificateCovers,
  configuredImage,
  exitCode,
  formatResults,
  runPreflight,
} from '../../../lib/preflight/checks';

const ACCOUNT = '123456789012';
const REPOSITORY_URI = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/platform-prod-registryimages-abc123`;
const CERTIFICATE = `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/1f2e3d4c-0000-4000-8000-123456789abc`;
const OPTIONS = { requiredBootstrapVersion: 6, currentBootstrapVersion: 30 };

/** prod with every placeholder replaced, as PLATFORM_PROD_* variables would give it. */
function prodConfig(): EnvironmentConfig {
  const [config] = loadConfigs(['prod'], {
    prod: {
      account: ACCOUNT,
      certificateArn: CERTIFICATE,
      alarmEmails: { critical: ['pager@acme.io'], warning: ['team@acme.io'] },
      canaryDomain: 'app.acme.io',
      allowedOrigins: ['https://app.acme.io'],
      recoveryCertificateArn: `arn:aws:acm:eu-west-3:${ACCOUNT}:certificate/2f2e3d4c-0000-4000-8000-123456789abc`,
      imageTag: 'v1.2.3',
    },
  });
  return config;
}

/** Real clients with their `send` mocked: one per region where the preflight asks per region. */
function mockedClients() {
  const sts = new STSClient({ region: 'eu-west-1' });
  const cfn = { 'eu-west-1': new CloudFormationClient({ region: 'eu-west-1' }), 'eu-west-3': new CloudFormationClient({ region: 'eu-west-3' }) };
  const acm = new ACMClient({ region: 'eu-west-1' });
  const ecr = new ECRClient({ region: 'eu-west-1' });
  const iam = new IAMClient({ region: 'eu-west-1' });
  const lambda = new LambdaClient({ region: 'eu-west-1' });
  const mocks = {
    sts: mockClient(sts),
    cfnMain: mockClient(cfn['eu-west-1']),
    cfnCopy: mockClient(cfn['eu-west-3']),
    acm: mockClient(acm),
    ecr: mockClient(ecr),
    iam: mockClient(iam),
    lambda: mockClient(lambda),
  };
  const toolkit = (version: string) => ({ Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'UPDATE_COMPLETE' as const, CreationTime: new Date(), Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: version }] }] });
  // The passing account: every answer as a ready account gives it.
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-prod-deploy/ci` });
  mocks.cfnMain.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves(toolkit('30'));
  mocks.cfnCopy.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves(toolkit('30'));
  mocks.cfnMain.on(DescribeStacksCommand, { StackName: 'platform-prod-registry' }).resolves({
    Stacks: [{ StackName: 'platform-prod-registry', StackStatus: 'CREATE_COMPLETE' as const, CreationTime: new Date(), Outputs: [{ OutputKey: 'RepositoryUri', OutputValue: REPOSITORY_URI }] }],
  });
  mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: CERTIFICATE, Status: 'ISSUED' as const, DomainName: 'acme.io', SubjectAlternativeNames: ['acme.io', '*.acme.io'] } });
  mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageTags: ['v1.2.3'] }] });
  mocks.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'x', Path: '/aws-service-role/', Arn: 'arn', RoleId: 'id', CreateDate: new Date() } });
  mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  const clients = { sts, cloudFormation: (r: string) => cfn[r as keyof typeof cfn], acm, ecr: () => ecr, iam, lambda };
  return { clients, mocks, toolkit };
}

const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $metadata: {} });
const byCheck = (results: readonly CheckResult[]) => Object.fromEntries(results.map((r) => [r.check, r]));

describe('preflight checks', () => {
  it('passes a ready account, one line per check, exit 0', async () => {
    const { clients } = mockedClients();
    const results = await runPreflight(prodConfig(), clients, OPTIONS, configuredImage(prodConfig()));
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ['account', 'pass'],
      ['placeholders', 'pass'],
      ['bootstrap eu-west-1', 'pass'],
      ['bootstrap eu-west-3', 'pass'],
      ['certificate', 'pass'],
      ['image', 'pass'],
      ...SERVICE_LINKED_ROLES.map((r) => [`service-linked role ${r.roleName}`, 'pass']),
      ['lambda concurrency', 'pass'],
    ]);
    expect(byCheck(results).certificate.detail).toBe(`${CERTIFICATE} is ISSUED and covers app.acme.io`);
    expect(byCheck(results).image.detail).toBe(`${REPOSITORY_URI}:v1.2.3 exists`);
    expect(formatResults(results).split('\n')).toHaveLength(results.length);
    expect(exitCode(results)).toBe(0);
  });

  it('fails other-account credentials and stops there, naming the variable when the configured account is a placeholder', async () => {
    const { clients, mocks } = mockedClients();
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:sts::999999999999:assumed-role/x/y' });
    const results = await runPreflight(prodConfig(), clients, OPTIONS);
    expect(results.map((r) => r.check)).toEqual(['account', 'placeholders']);
    expect(results[0]).toMatchObject({ status: 'fail', fix: `use credentials of account ${ACCOUNT}, or fix PLATFORM_PROD_ACCOUNT` });
    expect(exitCode(results)).toBe(1);

    const [committed] = loadConfigs(['prod']);
    const [account, placeholders] = await runPreflight(committed, clients, OPTIONS);
    expect(account.fix).toBe('set PLATFORM_PROD_ACCOUNT=999999999999 (the configured account is a placeholder)');
    expect(placeholders).toMatchObject({
      status: 'fail',
      fix: 'set PLATFORM_PROD_ACCOUNT, PLATFORM_PROD_CERTIFICATE_ARN, PLATFORM_PROD_ALARM_EMAILS_CRITICAL, PLATFORM_PROD_ALARM_EMAILS_WARNING, PLATFORM_PROD_CANARY_DOMAIN, PLATFORM_PROD_RECOVERY_CERTIFICATE_ARN, PLATFORM_PROD_ALLOWED_ORIGINS',
    });
  });

  it('fails a missing, failed or too old bootstrap stack per region, and warns on one older than the CLI ships', async () => {
    const { clients, mocks, toolkit } = mockedClients();
    mocks.cfnCopy.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id CDKToolkit does not exist'));
    mocks.cfnMain.on(DescribeStacksCommand).resolves(toolkit('5'));
    let results = byCheck(await runPreflight(prodConfig(), clients, OPTIONS));
    expect(results['bootstrap eu-west-3']).toMatchObject({
      status: 'fail',
      detail: 'no CDKToolkit stack in eu-west-3',
      fix: `npx cdk bootstrap aws://${ACCOUNT}/eu-west-3 --cloudformation-execution-policies arn:aws:iam::${ACCOUNT}:policy/platform-cfn-execution (docs/first-deploy.md)`,
    });
    expect(results['bootstrap eu-west-1']).toMatchObject({ status: 'fail', detail: 'bootstrap version 5 in eu-west-1; the templates need at least 6' });

    mocks.cfnMain.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'ROLLBACK_COMPLETE' as const, CreationTime: new Date() }] });
    mocks.cfnCopy.on(DescribeStacksCommand).resolves(toolkit('21'));
    results = byCheck(await runPreflight(prodConfig(), clients, OPTIONS));
    expect(results['bootstrap eu-west-1']).toMatchObject({ status: 'fail', detail: 'CDKToolkit stack in eu-west-1 is ROLLBACK_COMPLETE' });
    expect(results['bootstrap eu-west-3']).toMatchObject({ status: 'warn', detail: 'bootstrap version 21 in eu-west-3; the installed CDK CLI ships 30' });
  });

  it.each([
    ['missing', () => awsError('ResourceNotFoundException'), undefined, /does not exist in eu-west-1/, /set PLATFORM_PROD_CERTIFICATE_ARN/],
    ['pending validation', undefined, { Status: 'PENDING_VALIDATION' as const, DomainName: 'app.acme.io' }, /is PENDING_VALIDATION, not ISSUED/, /DNS validation records/],
    ['expired', undefined, { Status: 'EXPIRED' as const, DomainName: 'app.acme.io' }, /is EXPIRED, not ISSUED/, /issue a new certificate/],
    ['for another host', undefined, { Status: 'ISSUED' as const, DomainName: 'www.acme.io', SubjectAlternativeNames: ['www.acme.io'] }, /covers www\.acme\.io, not app\.acme\.io/, /certificate for app\.acme\.io/],
  ])('fails a certificate that is %s', async (_label, error, certificate, detail, fix) => {
    const { clients, mocks } = mockedClients();
    if (error) mocks.acm.on(DescribeCertificateCommand).rejects(error());
    else mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: CERTIFICATE, ...certificate } });
    const result = byCheck(await runPreflight(prodConfig(), clients, OPTIONS)).certificate;
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(detail);
    expect(result.fix).toMatch(fix);
  });

  it('matches wildcard certificates one label deep only', () => {
    expect(certificateCovers(['*.acme.io'], 'app.acme.io')).toBe(true);
    expect(certificateCovers(['*.acme.io'], 'a.b.acme.io')).toBe(false);
    expect(certificateCovers(['*.acme.io'], 'acme.io')).toBe(false);
    expect(certificateCovers(['APP.acme.io'], 'app.ACME.io')).toBe(true);
  });

  it.each([
    ['tag', 'ImageNotFoundException', /platform-prod-registryimages-abc123:v1\.2\.3 does not exist: the tasks could not pull it/, /-c imageTag=<tag>/],
    ['repository', 'RepositoryNotFoundException', /ECR repository .*platform-prod-registryimages-abc123 \(output of platform-prod-registry\) does not exist/, /redeploy platform-prod-registry/],
  ])('fails an image whose %s does not exist', async (_label, name, detail, fix) => {
    const { clients, mocks } = mockedClients();
    mocks.ecr.on(DescribeImagesCommand).rejects(awsError(name));
    const result = byCheck(await runPreflight(prodConfig(), clients, OPTIONS, configuredImage(prodConfig()))).image;
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringMatching(detail), fix: expect.stringMatching(fix) });
    expect(mocks.ecr.commandCalls(DescribeImagesCommand)[0].args[0].input).toEqual({ registryId: ACCOUNT, repositoryName: 'platform-prod-registryimages-abc123', imageIds: [{ imageTag: 'v1.2.3' }] });
  });

  it('fails a tagged image while the registry stack is not deployed, with the way out', async () => {
    const { clients, mocks } = mockedClients();
    mocks.cfnMain.on(DescribeStacksCommand, { StackName: 'platform-prod-registry' }).rejects(awsError('ValidationError', 'Stack with id platform-prod-registry does not exist'));
    const result = byCheck(await runPreflight(prodConfig(), clients, OPTIONS, configuredImage(prodConfig()))).image;
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringMatching(/platform-prod-registry .* is not deployed yet/), fix: expect.stringMatching(/deploy once without -c imageTag/) });
    expect(mocks.ecr.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });

  it('passes without an image to check: the stack builds the reference image', async () => {
    const { clients, mocks } = mockedClients();
    const result = byCheck(await runPreflight(prodConfig(), clients, OPTIONS)).image;
    expect(result).toMatchObject({ status: 'pass', detail: 'no image tag given: the stack builds the reference image' });
    expect(mocks.ecr.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });

  it('fails missing ECS and Application Auto Scaling service-linked roles and warns on the ones created on first use, each with its one-liner', async () => {
    const { clients, mocks } = mockedClients();
    mocks.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntityException'));
    const results = await runPreflight(prodConfig(), clients, OPTIONS);
    const roles = results.filter((r) => r.check.startsWith('service-linked role'));
    expect(roles.map((r) => [r.check.replace('service-linked role ', ''), r.status, r.fix])).toEqual([
      ['AWSServiceRoleForECS', 'fail', 'aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com'],
      ['AWSServiceRoleForApplicationAutoScaling_ECSService', 'fail', 'aws iam create-service-linked-role --aws-service-name ecs.application-autoscaling.amazonaws.com'],
      ['AWSServiceRoleForRDS', 'warn', 'aws iam create-service-linked-role --aws-service-name rds.amazonaws.com'],
      ['AWSServiceRoleForElastiCache', 'warn', 'aws iam create-service-linked-role --aws-service-name elasticache.amazonaws.com'],
      ['AWSServiceRoleForElasticLoadBalancing', 'warn', 'aws iam create-service-linked-role --aws-service-name elasticloadbalancing.amazonaws.com'],
    ]);
    expect(exitCode(results)).toBe(1);
  });

  it('warns on a new account\'s Lambda concurrency quota of 10, with the quota increase to request', async () => {
    const { clients, mocks } = mockedClients();
    mocks.lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } });
    const results = await runPreflight(prodConfig(), clients, OPTIONS);
    expect(byCheck(results)['lambda concurrency']).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/^account quota 10, unreserved 10/),
      fix: 'aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000',
    });
    expect(exitCode(results)).toBe(0);
  });

  it('turns an unexpected error into that check\'s failure and keeps checking; a credentials error ends the run', async () => {
    const { clients, mocks } = mockedClients();
    mocks.lambda.on(GetAccountSettingsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: lambda:GetAccountSettings'));
    const results = byCheck(await runPreflight(prodConfig(), clients, OPTIONS));
    expect(results['lambda concurrency']).toMatchObject({ status: 'fail', detail: 'could not check: AccessDeniedException: not authorized to perform: lambda:GetAccountSettings' });
    expect(results.certificate.status).toBe('pass');

    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    await expect(runPreflight(prodConfig(), clients, OPTIONS)).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });
});
