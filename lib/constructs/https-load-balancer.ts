import {
  Duration,
  RemovalPolicy,
  aws_certificatemanager as acm,
  aws_ec2 as ec2,
  aws_elasticloadbalancingv2 as elbv2,
  aws_route53 as route53,
  aws_route53_targets as route53Targets,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeInPacks } from '../compliance/packs';
import { RESPONSE_HEADER_ATTRIBUTES } from './response-header-attributes';

export interface HttpsLoadBalancerProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  /** What the HTTPS listener forwards to (the Fargate service's container). */
  readonly target: elbv2.IApplicationLoadBalancerTarget;
}

/** Listener attribute through which the ALB adds Strict-Transport-Security to every response. */
export const HSTS_LISTENER_ATTRIBUTE = RESPONSE_HEADER_ATTRIBUTES.strictTransportSecurity;

/** The response-header listener attributes for an environment's config (CL-TLS-2, CL-HDR-1). */
export function responseHeaderAttributes(config: EnvironmentConfig): Record<string, string> {
  const h = config.service.loadBalancer.responseHeaders;
  const a = RESPONSE_HEADER_ATTRIBUTES;
  const attributes: Record<string, string> = {
    [a.strictTransportSecurity]: config.service.hstsHeader,
    // The ALB's `Server: awselb/2.0` tells an attacker what answers; nothing needs it.
    [a.serverEnabled]: 'false',
  };
  if (h.frameOptions !== 'off') attributes[a.frameOptions] = h.frameOptions;
  if (h.contentTypeNosniff) attributes[a.contentTypeOptions] = 'nosniff';
  if (h.contentSecurityPolicy !== undefined) attributes[a.contentSecurityPolicy] = h.contentSecurityPolicy;
  if (h.cors.enabled) {
    // Config validation has made sure there is exactly one origin.
    attributes[a.allowOrigin] = config.service.app.allowedOrigins[0];
    attributes[a.allowMethods] = h.cors.allowMethods.join(', ');
    attributes[a.allowHeaders] = h.cors.allowHeaders.join(', ');
    if (h.cors.exposeHeaders.length > 0) attributes[a.exposeHeaders] = h.cors.exposeHeaders.join(', ');
    if (h.cors.allowCredentials) attributes[a.allowCredentials] = 'true';
    attributes[a.maxAge] = String(h.cors.maxAgeSeconds);
  }
  return attributes;
}

/**
 * Internet-facing ALB in the public subnets: HTTPS only with a TLS 1.2+/1.3 policy and an ACM certificate,
 * port 80 only redirects (CL-TLS-1), HSTS on every response (CL-TLS-2), browser security headers and CORS for the
 * app's origin on every response with the Server header removed (CL-HDR-1), invalid headers dropped, desync
 * mitigation, access logs to a TLS-only, private S3 bucket with expiry, and a health-checked target group.
 */
export class HttpsLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly httpsListener: elbv2.ApplicationListener;
  readonly httpListener: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly accessLogBucket: s3.Bucket;
  readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: HttpsLoadBalancerProps) {
    super(scope, id);
    const { config } = props;
    const svc = config.service;
    const lb = svc.loadBalancer;

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      // ALB access logs support only SSE-S3 (not SSE-KMS).
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A deleted or overwritten log stays recoverable for as long again (S3BucketVersioningEnabled).
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(lb.accessLogExpiryDays),
          noncurrentVersionExpiration: Duration.days(lb.accessLogExpiryDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Audit evidence outlives the (stateless) service stack; the lifecycle rule empties it over time.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    acknowledge(
      this.accessLogBucket,
      'AwsSolutions-S1',
      'CL-OBS-1',
      'This bucket only receives ALB access logs written by the Elastic Load Balancing log-delivery service; logging access to ' +
        'it would need another bucket needing the same, and reads of it are recorded by CloudTrail.',
    );
    acknowledgeInPacks(
      this.accessLogBucket,
      'S3BucketLoggingEnabled',
      'CL-OBS-1',
      'This is the access-log bucket: it receives ALB access logs from the log-delivery service; an access-log bucket cannot log into itself, and a second bucket would need the same; reads of it are recorded by CloudTrail.',
    );
    acknowledgeInPacks(
      this.accessLogBucket,
      'S3BucketReplicationEnabled',
      'CL-OBS-1',
      'Access logs are operational evidence kept for a configured number of days (service.loadBalancer.accessLogExpiryDays) and versioned against deletion; a cross-region copy would double their cost without a recovery need, since the service they describe is rebuilt from code.',
    );
    acknowledgeInPacks(
      this.accessLogBucket,
      'S3DefaultEncryptionKMS',
      'CL-ENC-1',
      'Elastic Load Balancing writes access logs only to buckets encrypted with SSE-S3 (AES-256); it cannot use a KMS key, so SSE-S3 is the strongest encryption this bucket can have.',
    );

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `platform-${deploymentName(config)} ALB: HTTP/HTTPS from the internet; out to the web tasks only`,
      allowAllOutbound: false,
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: 'public' },
      securityGroup,
      ipAddressType: elbv2.IpAddressType.IPV4,
      // Off on a first deploy: a protected ALB makes a create rollback fail (ROLLBACK_FAILED) instead of retryable.
      deletionProtection: lb.deletionProtection && !config.firstDeploy,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: lb.desyncMitigationMode === 'strictest' ? elbv2.DesyncMitigationMode.STRICTEST : elbv2.DesyncMitigationMode.DEFENSIVE,
      idleTimeout: Duration.seconds(lb.idleTimeoutSeconds),
      http2Enabled: true,
    });
    this.loadBalancer.logAccessLogs(this.accessLogBucket, `platform-${deploymentName(config)}`);
    if (!lb.deletionProtection || config.firstDeploy) {
      acknowledgeInPacks(
        this.loadBalancer,
        'ELBDeletionProtectionEnabled',
        lb.deletionProtection ? 'CL-DEL-1' : 'CL-ENV-2',
        lb.deletionProtection
          ? `First deploy of ${config.name} (-c firstDeploy): deletion protection stays off so a failed create rolls back and can be retried; the next deploy without the flag switches it on in place (docs/first-deploy.md).`
          : `Deletion protection off by configuration in ${config.name} (disposable environment); the prod floor refuses it off in prod.`,
      );
    }

    this.certificate = this.makeCertificate(config);

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(this.certificate)],
      sslPolicy: elbv2.SslPolicy.TLS13_RES,
      open: true,
    });
    for (const [key, value] of Object.entries(responseHeaderAttributes(config))) this.httpsListener.setAttribute(key, value);

    const hc = svc.healthCheck;
    this.targetGroup = this.httpsListener.addTargets('Web', {
      port: svc.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [props.target],
      deregistrationDelay: Duration.seconds(svc.deregistrationDelaySeconds),
      healthCheck: {
        path: hc.path,
        interval: Duration.seconds(hc.intervalSeconds),
        timeout: Duration.seconds(hc.timeoutSeconds),
        healthyThresholdCount: hc.healthyThreshold,
        unhealthyThresholdCount: hc.unhealthyThreshold,
        healthyHttpCodes: '200',
      },
    });

    // Port 80 exists only to send browsers to HTTPS (CL-TLS-1).
    this.httpListener = this.loadBalancer.addRedirect({
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      sourcePort: 80,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      targetPort: 443,
    });

    acknowledgeInPacks(
      this.httpListener,
      'ELBv2ACMCertificateRequired',
      'CL-TLS-1',
      'The port-80 listener only answers with a redirect to HTTPS and serves no content, so it has no certificate; the HTTPS listener uses the ACM certificate.',
    );
    acknowledge(
      securityGroup,
      'AwsSolutions-EC23',
      'CL-TLS-1',
      'The internet-facing ALB must accept the public on 443 (HTTPS) and 80 (redirect to HTTPS only); no other port is open, ' +
        'and WAF filters every request.',
    );
  }

  /** An existing certificate by ARN, or a DNS-validated one for the configured domain (no hosted-zone lookup). */
  private makeCertificate(config: EnvironmentConfig): acm.ICertificate {
    const cert = config.service.certificate;
    // config/load.ts has already refused a certificate from another region.
    if (cert.certificateArn) {
      return acm.Certificate.fromCertificateArn(this, 'Certificate', cert.certificateArn);
    }
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: cert.hostedZoneId!,
      zoneName: cert.zoneName!,
    });
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: cert.domainName!,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    new route53.ARecord(this, 'AliasRecord', {
      zone,
      recordName: cert.domainName!,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer)),
    });
    return certificate;
  }
}
