import { ArnFormat, Stack, aws_iam as iam, aws_kms as kms, aws_logs as logs, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { CORE_MANAGED_RULE_GROUPS } from '../../config/sections/waf';
import { statefulRemovalPolicy } from '../removal';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface WebAclProps {
  readonly config: EnvironmentConfig;
  /** ARN of the Application Load Balancer the WebACL protects. */
  readonly resourceArn: string;
  /** Encrypts the WAF log group (the environment's `logs` key). */
  readonly logsKey: kms.IKey;
}

/** Headers never written to the WAF logs (CL-WAF-3): they carry sessions and bearer tokens. */
export const REDACTED_HEADERS = ['authorization', 'cookie'] as const;

type Rule = wafv2.CfnWebACL.RuleProperty;

/**
 * Regional WebACL on the ALB: the four core AWS managed rule groups plus configured optional ones (CL-WAF-1),
 * a general per-IP rate limit, a looser one on the authentication paths and a strict one on credential
 * submissions (POST to those paths) (CL-WAF-2), a body size limit,
 * all counting or blocking per config, with CloudWatch metrics per rule and logs (authorization and cookie
 * headers redacted) to a KMS-encrypted `aws-waf-logs-` log group with retention (CL-WAF-3).
 */
export class WebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly webAclName: string;
  /** CloudWatch metric name of the WebACL as a whole. */
  readonly metricName: string;
  /** CloudWatch metric name of each rule, by rule name. */
  readonly ruleMetricNames: Readonly<Record<string, string>>;
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const { config } = props;
    const waf = config.waf;
    const block = waf.mode === 'block';
    const prefix = `platform-${deploymentName(config)}`;
    const metricNames: Record<string, string> = {};
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => {
      metricNames[name] = `${prefix}-${name}`;
      return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metricNames[name] };
    };
    // Too many requests is a 429, so clients and the app's own limiter speak the same language.
    const rateAction = block ? { block: { customResponse: { responseCode: 429 } } } : { count: {} };
    const ruleAction = block ? { block: {} } : { count: {} };

    const rateRule = (name: string, priority: number, limit: { limit: number; windowSeconds: number }, scopeDownStatement?: wafv2.CfnWebACL.StatementProperty): Rule => ({
      name,
      priority,
      action: rateAction,
      statement: {
        rateBasedStatement: { limit: limit.limit, evaluationWindowSec: limit.windowSeconds, aggregateKeyType: 'IP', scopeDownStatement },
      },
      visibilityConfig: visibility(name),
    });
    const managedRule = (name: string, priority: number): Rule => ({
      name,
      priority,
      overrideAction: block ? { none: {} } : { count: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });

    const ipReputation = 'AWSManagedRulesAmazonIpReputationList';
    const coreGroups = CORE_MANAGED_RULE_GROUPS.filter((name) => name !== ipReputation);
    const rules: Rule[] = [
      // Known-bad IPs are dropped before anything else is evaluated.
      managedRule(ipReputation, 0),
      // Brute force needs credential submissions, so only those get the strict limit; page loads and prefetches
      // of the same paths get a looser one (users behind one NAT share an IP).
      rateRule('CredentialRateLimit', 1, waf.credentialRateLimit, { andStatement: { statements: [POST, authPathsStatement(waf.authPaths)] } }),
      rateRule('AuthPathsRateLimit', 2, waf.authRateLimit, authPathsStatement(waf.authPaths)),
      rateRule('GeneralRateLimit', 3, waf.generalRateLimit),
      {
        name: 'BodySizeLimit',
        priority: 4,
        action: ruleAction,
        statement: {
          sizeConstraintStatement: {
            // Oversize bodies (beyond what WAF can inspect) match too, so the limit cannot be bypassed.
            fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
            comparisonOperator: 'GT',
            size: waf.maxBodyBytes,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        visibilityConfig: visibility('BodySizeLimit'),
      },
      ...coreGroups.map((name, i) => managedRule(name, 10 + i)),
      ...waf.additionalManagedRuleGroups.map((name, i) => managedRule(name, 20 + i)),
    ];

    this.webAclName = `${prefix}-web`;
    this.metricName = `${prefix}-web-acl`;
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      description: `platform-${deploymentName(config)}: managed rule groups, rate limits and body size limit for the web ALB`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: this.metricName },
    });
    this.ruleMetricNames = metricNames;

    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.resourceArn, webAclArn: this.webAcl.attrArn });

    // WAF only delivers to log groups whose name starts with `aws-waf-logs-`.
    const logGroupName = `aws-waf-logs-${prefix}`;
    this.logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retentionDays: waf.logRetentionDays,
      removalPolicy: statefulRemovalPolicy(config),
      logGroupName,
    });
    const stack = Stack.of(this);
    // WAF wants the log group ARN without the trailing `:*` that LogGroup.logGroupArn carries.
    const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    // WAF delivers through the log-delivery service, which needs this resource policy; written here (scoped to
    // this group and this account) so WAF does not add a broad account-wide one of its own.
    const deliveryPolicy = new logs.ResourcePolicy(this, 'LogDeliveryPolicy', {
      policyStatements: [
        new iam.PolicyStatement({
          sid: 'WafLogDelivery',
          principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${logGroupArn}:log-stream:*`],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:*` },
          },
        }),
      ],
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    logging.node.addDependency(this.logGroup, deliveryPolicy);
  }
}

/** Matches POST requests (HTTP methods are case-sensitive: no transformation). */
const POST: wafv2.CfnWebACL.StatementProperty = {
  byteMatchStatement: {
    fieldToMatch: { method: {} },
    positionalConstraint: 'EXACTLY',
    searchString: 'POST',
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
};

/** Matches requests whose URI path starts with one of `paths` (URL-decoded, case-insensitive). */
function authPathsStatement(paths: readonly string[]): wafv2.CfnWebACL.StatementProperty {
  const statements = paths.map(
    (path): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: path.toLowerCase(),
        // Decode then lowercase so /API/Auth/%73ignin cannot slip past the limit.
        textTransformations: [
          { priority: 0, type: 'URL_DECODE' },
          { priority: 1, type: 'LOWERCASE' },
        ],
      },
    }),
  );
  return statements.length === 1 ? statements[0] : { orStatement: { statements } };
}
