import { Match, Template } from 'aws-cdk-lib/assertions';
import { HSTS_LISTENER_ATTRIBUTE, responseHeaderAttributes } from '../../../lib/constructs/https-load-balancer';
import { buildServiceFixture, serviceFixture } from '../support/service-fixture';
import { accepted, problemsOf, withField } from '../../support/config-fields';

type Resource = { Type: string; Properties: Record<string, any> };

describe.each(['dev', 'staging', 'prod'] as const)('HttpsLoadBalancer (%s)', (env) => {
  const fixture = serviceFixture(env);
  const template = Template.fromStack(fixture.service);

  test('internet-facing ALB in the public subnets with hardened attributes', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Type: 'application',
      Subnets: Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp('publicSubnet1') }]),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: String(env !== 'dev') },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: Match.stringLikeRegexp('^LoadBalancerAccessLogs') } },
      ]),
    });
  });

  test('HTTPS listener: ACM certificate from config, TLS 1.3/1.2 restricted policy (CL-TLS-1)', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      Certificates: [{ CertificateArn: fixture.config.service.certificate.certificateArn }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: Match.anyValue() }],
    });
  });

  test('HTTPS listener adds HSTS, X-Frame-Options, nosniff and (one origin only) CORS, and drops the Server header (CL-TLS-2, CL-HDR-1)', () => {
    const [https] = (Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener')) as Resource[]).filter(
      (l) => l.Properties.Protocol === 'HTTPS',
    );
    const attributes = Object.fromEntries(https.Properties.ListenerAttributes.map((a: { Key: string; Value: string }) => [a.Key, a.Value]));
    const r = 'routing.http.response';
    // dev lists two origins, so the app answers CORS there; staging and prod have one.
    const origin = { dev: undefined, staging: 'https://staging.app.example.com', prod: 'https://app.example.com' }[env];
    expect(attributes).toEqual({
      [HSTS_LISTENER_ATTRIBUTE]: 'max-age=31536000; includeSubDomains',
      [`${r}.server.enabled`]: 'false',
      [`${r}.x_frame_options.header_value`]: 'DENY',
      [`${r}.x_content_type_options.header_value`]: 'nosniff',
      ...(origin && {
        [`${r}.access_control_allow_origin.header_value`]: origin,
        [`${r}.access_control_allow_methods.header_value`]: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
        [`${r}.access_control_allow_headers.header_value`]: 'Content-Type, Authorization',
        [`${r}.access_control_allow_credentials.header_value`]: 'true',
        [`${r}.access_control_max_age.header_value`]: '600',
      }),
    });
    expect(HSTS_LISTENER_ATTRIBUTE).toBe('routing.http.response.strict_transport_security.header_value');
  });

  test('HTTP listener only redirects to HTTPS (CL-TLS-1)', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('target group health check and deregistration delay from config (CL-APP-2)', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/api/health',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200' },
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
  });

  test('the ALB security group is open to the world on 80 and 443 only, and sends only to the tasks', () => {
    const groups = Object.entries(template.findResources('AWS::EC2::SecurityGroup')) as [string, Resource][];
    const [albId, alb] = groups.find(([id]) => id.startsWith('LoadBalancerSecurityGroup'))!;
    expect(alb.Properties.SecurityGroupIngress.map((r: Record<string, unknown>) => [r.CidrIp, r.FromPort, r.ToPort])).toEqual([
      ['0.0.0.0/0', 443, 443],
      ['0.0.0.0/0', 80, 80],
    ]);
    const separateIngress = (Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as Resource[]).filter((r) =>
      JSON.stringify(r.Properties.GroupId).includes(albId),
    );
    expect(separateIngress).toEqual([]);
    const egress = (Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')) as Resource[]).filter((r) =>
      JSON.stringify(r.Properties.GroupId).includes(albId),
    );
    expect(egress.map((r) => [r.Properties.FromPort, JSON.stringify(r.Properties.DestinationSecurityGroupId)])).toEqual([
      [3000, expect.stringContaining('WebSecurityGroup')],
    ]);
  });

  test('access log bucket: SSE-S3, public access blocked, lifecycle expiry, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ Status: 'Enabled', ExpirationInDays: { dev: 30, staging: 90, prod: 365 }[env] })],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    });
  });

  test('access log bucket policy: TLS only, writes only by ELB log delivery under the prefix', () => {
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Resource[];
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const writes = statements.filter((s) => s.Effect === 'Allow' && s.Action === 's3:PutObject');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(JSON.stringify(w.Resource)).toContain(`/platform-${env}/AWSLogs/${fixture.config.account}/*`);
    // eu-west-1's Elastic Load Balancing account.
    expect(JSON.stringify(writes)).toContain(':iam::156460612806:root');
  });
});

describe('HttpsLoadBalancer with a DNS-validated certificate', () => {
  const fixture = buildServiceFixture('dev', {
    edit: (raw) => {
      raw.service.certificate = { domainName: 'dev.app.example.com', hostedZoneId: 'Z0123456789ABC', zoneName: 'example.com' };
    },
  });
  const template = Template.fromStack(fixture.service);

  test('issues an ACM certificate validated in the given zone (no lookup) and points the domain at the ALB', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'dev.app.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'dev.app.example.com', HostedZoneId: 'Z0123456789ABC' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('^LoadBalancerCertificate') } }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'dev.app.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABC',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  });
});

test('a certificate from another region is refused by config validation with a clear error', () => {
  const raw = withField('dev', 'service.certificate', { certificateArn: 'arn:aws:acm:us-east-1:000000000001:certificate/00000000-0000-0000-0000-000000000000' });
  expect(problemsOf('dev', raw)).toEqual([
    'service.certificate.certificateArn: the certificate is in us-east-1, but an ALB can only use one from its own region "eu-west-1": import or request the certificate there',
  ]);
});

test('a configured CSP, SAMEORIGIN, exposed headers and no credentials reach the listener attributes as given', () => {
  const r = 'routing.http.response';
  const config = accepted(
    'prod',
    withField('prod', 'service.loadBalancer.responseHeaders', {
      frameOptions: 'SAMEORIGIN',
      contentSecurityPolicy: "default-src 'self'",
      cors: { exposeHeaders: ['X-Request-Id'], allowCredentials: false },
    }),
  );
  const attributes = responseHeaderAttributes(config);
  expect(attributes).toMatchObject({
    [`${r}.x_frame_options.header_value`]: 'SAMEORIGIN',
    [`${r}.content_security_policy.header_value`]: "default-src 'self'",
    [`${r}.access_control_expose_headers.header_value`]: 'X-Request-Id',
  });
  expect(attributes).not.toHaveProperty(`${r}.access_control_allow_credentials.header_value`);
});
