import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BUILT_IN_CONFIGS, EnvironmentName, loadConfigs } from '../../../config';
import { PlatformStage } from '../../../lib/platform-stage';
import { platformStage } from '../../support/platform';

const ENVS: EnvironmentName[] = ['dev', 'staging', 'prod'];

describe.each(ENVS)('network stack (%s)', (env) => {
  const stage = platformStage(env);
  const template = Template.fromStack(stage.network);
  const net = BUILT_IN_CONFIGS[env].network;

  it('is named platform-<env>-network, in the environment account/region, termination-protected per config', () => {
    expect(stage.network.stackName).toBe(`platform-${env}-network`);
    expect(stage.network.account).toBe(BUILT_IN_CONFIGS[env].account);
    expect(stage.network.region).toBe(BUILT_IN_CONFIGS[env].region);
    expect(stage.network.terminationProtection).toBe(env !== 'dev');
  });

  it('spans the configured AZs with public, private-with-egress and isolated subnets', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: net.cidr });
    const azs = net.availabilityZones;
    template.resourceCountIs('AWS::EC2::Subnet', azs.length * 3);
    for (const [type, name] of [['Public', 'public'], ['Private', 'private'], ['Isolated', 'isolated']]) {
      for (const az of azs) {
        template.hasResourceProperties('AWS::EC2::Subnet', {
          AvailabilityZone: az,
          Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: name }, { Key: 'aws-cdk:subnet-type', Value: type }]),
        });
      }
    }
  });

  it('auto-assigns no public IPs in any subnet (CL-NET-1)', () => {
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  it('has the configured number of NAT gateways, or NAT instances where config chooses them', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', net.natInstance ? 0 : net.natGateways!);
    template.resourceCountIs('AWS::EC2::Instance', net.natInstance ? net.natGateways! : 0);
  });

  it('gives isolated subnets no route out', () => {
    const tables = template.findResources('AWS::EC2::RouteTable');
    const isolated = Object.keys(tables).filter((id) => /isolated/i.test(id));
    expect(isolated).toHaveLength(net.availabilityZones.length);
    const routes = Object.values(template.findResources('AWS::EC2::Route'));
    for (const id of isolated) {
      expect(routes.filter((r) => r.Properties.RouteTableId.Ref === id)).toHaveLength(0);
    }
  });

  it('restricts the default security group', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  it('sends all flow logs to a KMS-encrypted log group with explicit retention (CL-NET-2, CL-OBS-1)', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: net.flowLogs!.retentionDays,
      KmsKeyId: Match.objectLike({ 'Fn::ImportValue': Match.anyValue() }),
    });
  });

  it('has an S3 gateway endpoint and the interface endpoints config enables, HTTPS from the VPC only', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({}) });
    const services = { secretsManager: 'secretsmanager', ecrApi: 'ecr.api', ecrDocker: 'ecr.dkr', cloudWatchLogs: 'logs', kms: 'kms' } as const;
    const enabled = Object.entries(services).filter(([key]) => net.endpoints?.[key as keyof typeof services] ?? true);
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, enabled.length);
    if (enabled.length === 0) return;
    for (const [, service] of enabled) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.${BUILT_IN_CONFIGS[env].region}.${service}`,
        PrivateDnsEnabled: true,
      });
    }
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: net.cidr, FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
    });
  });
});

describe('network endpoints are switchable', () => {
  it('omits endpoints turned off in config', () => {
    const [dev] = loadConfigs(['dev']);
    const config = { ...dev, network: { ...dev.network, endpoints: { ...dev.network.endpoints, secretsManager: true, kms: false, s3: false } } };
    const t = Template.fromStack(new PlatformStage(new App(), 'platform-dev', { config }).network);
    t.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }, 0);
    t.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ServiceName: `com.amazonaws.${dev.region}.kms` }, 0);
    t.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { ServiceName: `com.amazonaws.${dev.region}.secretsmanager` }, 1);
  });
});

describe('NAT instances (network.natInstance)', () => {
  const template = Template.fromStack(platformStage('dev').network);

  it('route the private subnets out through an instance that forwards HTTPS only', () => {
    const [id] = Object.keys(template.findResources('AWS::EC2::Instance'));
    const privateRoutes = Object.values(template.findResources('AWS::EC2::Route')).filter((r) => /private/i.test(r.Properties.RouteTableId.Ref));
    expect(privateRoutes.length).toBeGreaterThan(0);
    for (const route of privateRoutes) expect(route.Properties).toMatchObject({ DestinationCidrBlock: '0.0.0.0/0', InstanceId: { Ref: id } });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^NAT instances'),
      SecurityGroupIngress: [{ CidrIp: BUILT_IN_CONFIGS.dev.network.cidr, FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
    });
  });

  it('encrypt the root volume and require IMDSv2', () => {
    template.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 't4g.nano',
      BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true, VolumeType: 'gp3' }) })],
      LaunchTemplate: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } });
  });

  it('are not used where natInstance is unset (NAT gateways)', () => {
    expect(BUILT_IN_CONFIGS.prod.network.natInstance).toBeUndefined();
    Template.fromStack(platformStage('prod').network).resourceCountIs('AWS::EC2::Instance', 0);
  });
});
