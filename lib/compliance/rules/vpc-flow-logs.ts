import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-NET-2'],
  info: 'The VPC has no flow log.',
  explanation: 'Flow logs record accepted and rejected traffic, the evidence needed to investigate an incident in the network.',
  resourceTypes: ['AWS::EC2::VPC'],
  evaluate: (vpc, graph) =>
    graph.ofType('AWS::EC2::FlowLog').some((log) => graph.refersTo(log, vpc, (p) => p.ResourceId)) ? [] : ['no AWS::EC2::FlowLog references this VPC'],
});
