import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, CfnDeletionPolicy, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { WriteNagSuppressionsToCloudFormationAspect } from 'cdk-nag';
import { acknowledge } from '../../../../lib/compliance/acknowledge';

/**
 * Synthesizes a small prod environment (Stage `platform-prod`, stacks in two parts so references cross stacks)
 * into a temporary cdk.out, the way `npm run synth` lays it out. It holds a compliant database with its proxy and
 * parameter group, an HTTPS listener with HSTS and the browser security headers, and ONE acknowledged exception.
 * `recovery`: also the Stage `platform-prod-recovery` in eu-west-3 (one stack with a key), as
 * `cdk synth -c env=prod,prod-recovery -c recoveryPointArn=<arn>` adds it.
 */
export function synthesizeFixture(options: { recovery?: boolean } = {}): string {
  const outdir = mkdtempSync(join(tmpdir(), 'report-fixture-'));
  const app = new App({ outdir });
  const stage = new Stage(app, 'platform-prod', { env: { account: '123456789012', region: 'eu-west-1' } });
  Aspects.of(stage).add(new WriteNagSuppressionsToCloudFormationAspect());
  const data = new Stack(stage, 'data', { stackName: 'platform-prod-data' });
  const service = new Stack(stage, 'service', { stackName: 'platform-prod-service' });
  const retain = (r: CfnResource) => {
    r.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT;
    r.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
    return r;
  };
  const key = new CfnResource(data, 'DataKey', { type: 'AWS::KMS::Key', properties: { EnableKeyRotation: true } });
  key.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
  key.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  const params = new CfnResource(data, 'Params', {
    type: 'AWS::RDS::DBParameterGroup',
    properties: { Family: 'postgres17', Description: 'p', Parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '1000' } },
  });
  const db = retain(
    new CfnResource(data, 'Database', {
      type: 'AWS::RDS::DBInstance',
      properties: {
        Engine: 'postgres',
        MultiAZ: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 35,
        StorageEncrypted: true,
        KmsKeyId: key.getAtt('Arn'),
        DBParameterGroupName: params.ref,
      },
    }),
  );
  // The one exception: pg_stat_statements is not preloaded (acknowledged, so reported as an exception, not a failure).
  acknowledge(db, 'Platform-RdsQueryDiagnostics', 'CL-DB-4', 'fixture: pg_stat_statements is loaded by the next engine upgrade window, ticket OPS-1');
  new CfnResource(service, 'Proxy', { type: 'AWS::RDS::DBProxy', properties: { DBProxyName: 'p', RequireTLS: true, EngineFamily: 'POSTGRESQL', RoleArn: 'arn:aws:iam::123456789012:role/proxy', VpcSubnetIds: ['subnet-1', 'subnet-2'], Auth: [{ AuthScheme: 'SECRETS' }] } });
  new CfnResource(service, 'ProxyTargets', {
    type: 'AWS::RDS::DBProxyTargetGroup',
    properties: { DBProxyName: 'p', TargetGroupName: 'default', DBInstanceIdentifiers: [db.ref] },
  });
  new CfnResource(service, 'Https', {
    type: 'AWS::ElasticLoadBalancingV2::Listener',
    properties: {
      Protocol: 'HTTPS',
      Port: 443,
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/y',
      ListenerAttributes: [
        { Key: 'routing.http.response.strict_transport_security.header_value', Value: 'max-age=31536000; includeSubDomains' },
        { Key: 'routing.http.response.x_frame_options.header_value', Value: 'DENY' },
        { Key: 'routing.http.response.x_content_type_options.header_value', Value: 'nosniff' },
        { Key: 'routing.http.response.server.enabled', Value: 'false' },
      ],
    },
  });
  // A cross-stack reference, so the report must follow it to the producing stack.
  new CfnResource(service, 'DbEndpointUser', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: db.getAtt('Endpoint.Address') } });
  if (options.recovery) {
    const recovery = new Stage(app, 'platform-prod-recovery', { env: { account: '123456789012', region: 'eu-west-3' } });
    const recoveryKey = new CfnResource(new Stack(recovery, 'data', { stackName: 'platform-prod-recovery-data' }), 'DataKey', { type: 'AWS::KMS::Key', properties: { EnableKeyRotation: true } });
    recoveryKey.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    recoveryKey.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  }
  app.synth();
  return outdir;
}

/** Rewrites one resource of the fixture's templates in place (a deliberately broken template). */
export function breakResource(outdir: string, logicalIdPrefix: string, edit: (properties: Record<string, unknown>) => void): void {
  const dir = join(outdir, 'assembly-platform-prod');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const [id, resource] of Object.entries<{ Properties: Record<string, unknown> }>(template.Resources ?? {})) {
      if (id.startsWith(logicalIdPrefix)) edit(resource.Properties);
    }
    writeFileSync(join(dir, file), JSON.stringify(template));
  }
}
