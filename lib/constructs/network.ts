import { aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
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
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Security group of the interface endpoints; open on 443 to the VPC CIDR. */
  readonly endpointSecurityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const net = props.config.network;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(net.cidr),
      availabilityZones: net.availabilityZones,
      natGateways: net.natGateways,
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
}
