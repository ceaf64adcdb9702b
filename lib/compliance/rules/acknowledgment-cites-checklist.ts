import { acknowledgmentsIn, isNagRule } from '../report/acknowledgments';
import { ANY_RESOURCE, defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-AUD-1'],
  info: 'A nag acknowledgment written into the template cites no checklist item ([CL-...]) in its reason.',
  explanation: 'Every exception must say which checklist item it concerns, so the auditors\' report can list it under that item. '
    + 'acknowledge() (lib/compliance/acknowledge.ts) enforces this when it is used; this rule reads what actually reached the template, '
    + 'so an acknowledgment made another way (Validations.of(...).acknowledge directly) cannot slip through.',
  resourceTypes: [ANY_RESOURCE],
  evaluate: (resource) =>
    acknowledgmentsIn(resource.metadata)
      .filter((ack) => isNagRule(ack.ruleId) && ack.checklistIds.length === 0)
      .map((ack) => `${ack.ruleId} is acknowledged with a reason citing no [CL-...] item: use acknowledge(construct, rule, 'CL-...', reason)`),
});
