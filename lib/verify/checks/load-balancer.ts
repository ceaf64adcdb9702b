// The load balancer as deployed: its HTTP listener only redirects and its HTTPS listener's policy allows TLS 1.2+
// only (CL-TLS-1), the platform's web ACL with the managed rule groups is attached (CL-WAF-1) and logs with the
// authorization and cookie headers redacted (CL-WAF-3).
import { DescribeListenersCommand, DescribeSSLPoliciesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetLoggingConfigurationCommand, GetWebACLForResourceCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { Inventory, LOOKUPS } from '../inventory';
import { VerifyResult, errorName, fail, pass } from '../result';

/** The managed rule groups CL-WAF-1 names. */
export const REQUIRED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesAmazonIpReputationList'];
const REDACTED_HEADERS = ['authorization', 'cookie'];
const REDEPLOY = 'redeploy the service stack (someone changed it by hand)';

export async function checkListeners(client: ElasticLoadBalancingV2Client, inventory: Inventory, now: Date): Promise<VerifyResult[]> {
  const id = 'CL-TLS-1';
  const alb = inventory.one(LOOKUPS.loadBalancer);
  if (!alb) return [fail(id, 'load balancer listeners', inventory.absence(LOOKUPS.loadBalancer), now, 'deploy the service stack')];
  const { Listeners = [] } = await client.send(new DescribeListenersCommand({ LoadBalancerArn: alb.physicalId }));
  const problems: string[] = [];
  const facts: string[] = [];
  for (const l of Listeners) {
    if (l.Protocol === 'HTTP') {
      const actions = l.DefaultActions ?? [];
      const redirectsOnly = actions.length > 0 && actions.every((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS');
      if (redirectsOnly) facts.push(`HTTP :${l.Port} redirects to HTTPS (${actions[0].RedirectConfig?.StatusCode})`);
      else problems.push(`HTTP :${l.Port} does ${actions.map((a) => a.Type).join(', ') || 'nothing'}, not only a redirect to HTTPS`);
    } else if (l.Protocol === 'HTTPS') {
      const policyName = l.SslPolicy ?? '';
      const { SslPolicies = [] } = policyName ? await client.send(new DescribeSSLPoliciesCommand({ Names: [policyName] })) : {};
      const protocols = SslPolicies[0]?.SslProtocols ?? [];
      const legacy = protocols.filter((p) => p === 'TLSv1' || p === 'TLSv1.1');
      if (!policyName || protocols.length === 0) problems.push(`HTTPS :${l.Port} has no readable TLS policy (${policyName || 'none'})`);
      else if (legacy.length) problems.push(`HTTPS :${l.Port} policy ${policyName} allows ${legacy.join(', ')}`);
      else facts.push(`HTTPS :${l.Port} policy ${policyName} (${protocols.join(', ')})`);
    } else {
      problems.push(`${l.Protocol ?? '?'} :${l.Port} is neither the HTTPS listener nor its redirect`);
    }
  }
  if (!Listeners.some((l) => l.Protocol === 'HTTPS')) problems.push('no HTTPS listener');
  const check = `listeners of ${alb.physicalId.split('/').slice(-2).join('/')}`;
  return [problems.length ? fail(id, check, problems.join('; '), now, REDEPLOY) : pass(id, check, facts.join('; '), now)];
}

export async function checkWaf(client: WAFV2Client, inventory: Inventory, now: Date): Promise<VerifyResult[]> {
  const alb = inventory.one(LOOKUPS.loadBalancer);
  const ours = inventory.one(LOOKUPS.webAcl);
  if (!alb || !ours) {
    const why = inventory.absence(!alb ? LOOKUPS.loadBalancer : LOOKUPS.webAcl);
    return [fail('CL-WAF-1', 'WAF attached', why, now, 'deploy the service stack'), fail('CL-WAF-3', 'WAF logging', why, now, 'deploy the service stack')];
  }
  // The web ACL's physical ID is name|id|scope.
  const [ourName, ourId] = ours.physicalId.split('|');
  const { WebACL: acl } = await client.send(new GetWebACLForResourceCommand({ ResourceArn: alb.physicalId }));
  if (!acl?.ARN) {
    const none = 'no web ACL is associated with the load balancer';
    return [fail('CL-WAF-1', 'WAF attached', none, now, REDEPLOY), fail('CL-WAF-3', 'WAF logging', none, now, REDEPLOY)];
  }
  const results: VerifyResult[] = [];
  const groups = new Map((acl.Rules ?? []).flatMap((r) => (r.Statement?.ManagedRuleGroupStatement?.Name ? [[r.Statement.ManagedRuleGroupStatement.Name, r] as const] : [])));
  const problems = [
    acl.Id !== ourId ? `the associated web ACL is ${acl.Name} (${acl.Id}), not the platform's ${ourName} (${ourId})` : '',
    ...REQUIRED_RULE_GROUPS.filter((g) => !groups.has(g)).map((g) => `managed rule group ${g} is missing`),
    ...[...groups].filter(([g, r]) => REQUIRED_RULE_GROUPS.includes(g) && r.OverrideAction?.Count !== undefined).map(([g]) => `managed rule group ${g} only counts (override action Count)`),
  ].filter(Boolean);
  results.push(
    problems.length
      ? fail('CL-WAF-1', `WAF attached (${acl.Name})`, problems.join('; '), now, REDEPLOY)
      : pass('CL-WAF-1', `WAF attached (${acl.Name})`, `web ACL ${acl.Name} blocks with ${REQUIRED_RULE_GROUPS.join(', ')} (${acl.Rules?.length ?? 0} rules)`, now),
  );

  let logging;
  try {
    ({ LoggingConfiguration: logging } = await client.send(new GetLoggingConfigurationCommand({ ResourceArn: acl.ARN })));
  } catch (error) {
    if (errorName(error) !== 'WAFNonexistentItemException') throw error;
  }
  const redacted = new Set((logging?.RedactedFields ?? []).map((f) => f.SingleHeader?.Name?.toLowerCase()));
  const logProblems = [
    (logging?.LogDestinationConfigs ?? []).length === 0 ? 'no logging destination' : '',
    ...REDACTED_HEADERS.filter((h) => !redacted.has(h)).map((h) => `header ${h} is not redacted`),
  ].filter(Boolean);
  results.push(
    logProblems.length
      ? fail('CL-WAF-3', `WAF logging (${acl.Name})`, logProblems.join('; '), now, REDEPLOY)
      : pass('CL-WAF-3', `WAF logging (${acl.Name})`, `logs to ${logging!.LogDestinationConfigs!.join(', ')}, redacting ${REDACTED_HEADERS.join(' and ')}`, now),
  );
  return results;
}
