import { CfnResource, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-NET-2'],
  info: 'The VPC has no flow log in its stack.',
  explanation: 'Flow logs record accepted and rejected traffic, the evidence needed to investigate an incident in the network.',
  check: (node: CfnResource) => {
    if (!(node instanceof ec2.CfnVPC)) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    const vpcRef = stack.resolve(node.ref);
    const hasFlowLog = stack.node
      .findAll()
      .some((c) => c instanceof ec2.CfnFlowLog && JSON.stringify(stack.resolve(c.resourceId)) === JSON.stringify(vpcRef));
    return hasFlowLog ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
