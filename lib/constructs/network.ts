import { Aspects, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeInPacks } from '../compliance/packs';
import { statefulRemovalPolicy } from '../removal';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface NetworkProps {
  readonly config: EnvironmentConfig;
  /** Encrypts the flow-log group. */
  readonly logsKey: kms.IKey;
}

/**
 * The environment's VPC: public subnets (ALB, NAT), private subnets with egress (tasks, Lambdas) and isolated
 * subnets without any route out (database, cache: CL-NET-1), flow logs (CL-NET-2) and VPC endpoints.
 */
/** Why a NAT instance goes without detailed monitoring (AwsSolutions and the regulatory packs ask for it alike). */
const NO_DETAILED_MONITORING =
  'NAT instance (chosen in config for a cost-sensitive environment): basic 5-minute EC2 metrics and status checks suffice for a stateless forwarder; detailed monitoring would cost more than the instance.';

export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Security group of the interface endpoints; open on 443 to the VPC CIDR. */
  readonly endpointSecurityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const net = props.config.network;
    const natInstanceType = net.natInstance ? new ec2.InstanceType(net.natInstance.instanceType) : undefined;
    // Security group below, once the VPC exists (NONE: the provider's own group would allow all traffic).
    const natInstances = natInstanceType
      ? ec2.NatProvider.instanceV2({
          instanceType: natInstanceType,
          machineImage: ec2.MachineImage.latestAmazonLinux2023({
            cpuType: natInstanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64,
          }),
          defaultAllowedTraffic: ec2.NatTrafficDirection.NONE,
          associatePublicIpAddress: true,
        })
      : undefined;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(net.cidr),
      availabilityZones: net.availabilityZones,
      natGateways: net.natGateways,
      natGatewayProvider: natInstances,
      // Strip the default security group's rules: nothing may fall back to it (EC2.2).
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // Nothing launched in a public subnet gets a public IP by accident: the ALB and NAT get theirs explicitly.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: net.subnetCidrMasks.public, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: net.subnetCidrMasks.private },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: net.subnetCidrMasks.isolated },
      ],
      gatewayEndpoints: net.endpoints.s3 ? { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } } : undefined,
    });

    for (const subnet of [...this.vpc.publicSubnets, ...this.vpc.privateSubnets, ...this.vpc.isolatedSubnets]) {
      acknowledge(
        subnet.node.defaultChild!,
        'CloudFormation-Validate::W3010',
        'CL-ENV-1',
        'Availability zones are pinned per environment in config so synth is deterministic and needs no AWS lookup; the names are checked against the target account when the environment is configured.',
      );
    }

    for (const subnet of this.vpc.publicSubnets) {
      acknowledgeInPacks(
        subnet.node.findChild('DefaultRoute'),
        'VPCNoUnrestrictedRouteToIGW',
        'CL-NET-1',
        'The public subnets hold only the internet-facing ALB (behind WAF, HTTPS only) and the NAT gateways or instances, which need their default route to the internet gateway; the private and isolated subnets, where tasks, functions and data stores run, have no route to it.',
      );
    }

    if (natInstances) this.hardenNatInstances(natInstances, net.cidr);

    const flowLogGroup = new EncryptedLogGroup(this, 'FlowLogGroup', {
      encryptionKey: props.logsKey,
      retentionDays: net.flowLogs.retentionDays,
      removalPolicy: statefulRemovalPolicy(props.config),
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType[net.flowLogs.trafficType],
    });

    const interfaceEndpoints: [keyof typeof net.endpoints, ec2.InterfaceVpcEndpointAwsService][] = [
      ['secretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      ['ecrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
      ['ecrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
      ['cloudWatchLogs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
      ['kms', ec2.InterfaceVpcEndpointAwsService.KMS],
    ];
    const enabled = interfaceEndpoints.filter(([key]) => net.endpoints[key]);
    if (enabled.length) {
      this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
        vpc: this.vpc,
        description: 'VPC interface endpoints: HTTPS from inside the VPC only',
        allowAllOutbound: false,
      });
      this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(net.cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    }
    for (const [key, service] of enabled) {
      this.vpc.addInterfaceEndpoint(`${key[0].toUpperCase()}${key.slice(1)}Endpoint`, {
        service,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [this.endpointSecurityGroup!],
        privateDnsEnabled: true,
        open: false,
      });
    }
  }

  /** HTTPS only (all the private subnets send out), encrypted root volume, IMDSv2. */
  private hardenNatInstances(provider: ec2.NatInstanceProviderV2, cidr: string): void {
    const securityGroup = new ec2.SecurityGroup(this, 'NatInstanceSecurityGroup', {
      vpc: this.vpc,
      description: 'NAT instances: HTTPS from the VPC out to the internet, nothing else',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the private subnets');
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and external services');
    for (const instance of provider.gatewayInstances) {
      instance.addSecurityGroup(securityGroup);
      const cfn = instance.instance;
      // 8 GiB is the Amazon Linux 2023 image's own size; the instance keeps no data.
      cfn.blockDeviceMappings = [{ deviceName: '/dev/xvda', ebs: { volumeSize: 8, volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }];
      acknowledge(
        cfn,
        'CloudFormation-Validate::W3010',
        'CL-ENV-1',
        'The NAT instance sits in its public subnet, whose availability zone is pinned in config so synth is deterministic and needs no AWS lookup.',
      );
      acknowledge(cfn, 'AwsSolutions-EC28', 'CL-OBS-2', NO_DETAILED_MONITORING);
      acknowledge(
        cfn,
        'AwsSolutions-EC29',
        'CL-DEL-1',
        'NAT instance: stateless and replaced by design when a newer Amazon Linux 2023 image is published; termination protection would block that replacement and it holds no data to lose.',
      );
      acknowledgeInPacks(
        cfn,
        'EC2InstanceNoPublicIp',
        'CL-NET-1',
        'NAT instance: forwarding the private subnets\' HTTPS to the internet is its only job and needs a public address; its security group admits HTTPS from the VPC only and nothing from the internet.',
      );
      acknowledgeInPacks(
        cfn,
        'EC2InstancesInVPC',
        'CL-NET-1',
        'The NAT instance is in this VPC\'s public subnet (SubnetId is set on its network interface, which the rule does not read); the finding does not apply.',
      );
      acknowledgeInPacks(cfn, 'EC2InstanceDetailedMonitoringEnabled', 'CL-OBS-2', NO_DETAILED_MONITORING);
    }
    Aspects.of(this.vpc).add(new ec2.InstanceRequireImdsv2Aspect());
  }
}
