import { asArray, literalString } from '../resource-graph';
import { defineRule } from '../rule';

/** ELB security policies that accept TLS 1.2 and 1.3 only (the TLS13-1-2, TLS-1-2 and FS-1-2 families). */
const TLS12_PLUS = /^ELBSecurityPolicy-(TLS13-1-2-|TLS13-1-3-|TLS-1-2-|FS-1-2-)/;

export default defineRule(__filename, {
  checklistIds: ['CL-TLS-1'],
  info: 'The HTTPS listener allows TLS below 1.2 (or leaves the default policy) or has no certificate.',
  explanation: 'Only TLS 1.2+ with an ACM certificate; the ELB default policy (ELBSecurityPolicy-2016-08) still accepts TLS 1.0.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  evaluate: (listener) => {
    if (listener.properties.Protocol !== 'HTTPS') return [];
    const problems: string[] = [];
    const policy = literalString(listener.properties.SslPolicy);
    if (policy === undefined || !TLS12_PLUS.test(policy)) problems.push(`SslPolicy ${policy ?? '(default)'} is not a TLS 1.2+ policy`);
    if (asArray(listener.properties.Certificates).length === 0) problems.push('no certificate');
    return problems;
  },
});
