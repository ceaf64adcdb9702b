import { defineRule } from '../rule';
import { functionEnvironment, rulesTargeting, scheduleProblems } from '../template-helpers';

export default defineRule(__filename, {
  checklistIds: ['CL-DB-3'],
  info: 'The restore-drill state machine is not started by an ENABLED EventBridge schedule.',
  explanation: 'Restores are exercised on a schedule; a drill nobody starts proves nothing. The drill is the state machine that invokes '
    + 'the drill functions (those given DRILL_INSTANCE_PREFIX); it needs a schedule rule, with a schedule expression, that is ENABLED.',
  resourceTypes: ['AWS::StepFunctions::StateMachine'],
  evaluate: (stateMachine, graph) => {
    const drillFunctions = graph.ofType('AWS::Lambda::Function').filter((fn) => functionEnvironment(fn).DRILL_INSTANCE_PREFIX !== undefined);
    if (!drillFunctions.some((fn) => graph.refersTo(stateMachine, fn, (p) => p.DefinitionString ?? p.Definition))) return [];
    const schedules = rulesTargeting(stateMachine, graph).filter((r) => r.properties.ScheduleExpression !== undefined);
    if (schedules.length === 0) return ['no EventBridge schedule starts the restore drill'];
    return schedules.some((r) => scheduleProblems(r).length === 0) ? [] : schedules.flatMap(scheduleProblems);
  },
});
