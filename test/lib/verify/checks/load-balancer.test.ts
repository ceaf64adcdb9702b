import { DescribeListenersCommand, DescribeSSLPoliciesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetLoggingConfigurationCommand, GetWebACLForResourceCommand, GetWebACLForResourceCommandOutput } from '@aws-sdk/client-wafv2';
import { checkListeners, checkWaf } from '../../../../lib/verify/checks/load-balancer';
import { ARN, NOW, awsError, liveEnvironment, prodInventory } from '../fixture';

describe('CL-TLS-1 listeners as deployed', () => {
  it('passes an HTTP listener that only redirects and an HTTPS listener on a TLS 1.2+ policy', async () => {
    const { clients, mocks } = liveEnvironment();
    const [result] = await checkListeners(clients.elbv2, await prodInventory(clients), NOW);
    expect(result).toMatchObject({ status: 'PASS', evidence: 'HTTP :80 redirects to HTTPS (HTTP_301); HTTPS :443 policy ELBSecurityPolicy-TLS13-1-2-2021-06 (TLSv1.2, TLSv1.3)' });
    expect(mocks.elbv2.commandCalls(DescribeListenersCommand)[0].args[0].input).toEqual({ LoadBalancerArn: ARN.alb });
  });

  it.each([
    ['an HTTP listener that forwards', [{ Port: 80, Protocol: 'HTTP' as const, DefaultActions: [{ Type: 'forward' as const }] }, { Port: 443, Protocol: 'HTTPS' as const, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }], /HTTP :80 does forward, not only a redirect/],
    ['no HTTPS listener', [{ Port: 80, Protocol: 'HTTP' as const, DefaultActions: [{ Type: 'redirect' as const, RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' as const } }] }], /no HTTPS listener/],
  ])('fails %s', async (_label, Listeners, evidence) => {
    const { clients, mocks } = liveEnvironment();
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners });
    const [result] = await checkListeners(clients.elbv2, await prodInventory(clients), NOW);
    expect(result).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence), fix: expect.stringMatching(/redeploy the service stack/) });
  });

  it('fails an HTTPS policy that allows TLS 1.0/1.1', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.elbv2.on(DescribeSSLPoliciesCommand).resolves({ SslPolicies: [{ Name: 'ELBSecurityPolicy-2016-08', SslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] }] });
    const [result] = await checkListeners(clients.elbv2, await prodInventory(clients), NOW);
    expect(result).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(/allows TLSv1, TLSv1\.1/) });
  });
});

describe('CL-WAF-1 / CL-WAF-3 web ACL as deployed', () => {
  const withAcl = async (change: (acl: NonNullable<GetWebACLForResourceCommandOutput['WebACL']>) => void) => {
    const { clients, mocks } = liveEnvironment();
    const { WebACL } = (await clients.wafv2.send(new GetWebACLForResourceCommand({ ResourceArn: ARN.alb })));
    change(WebACL!);
    mocks.wafv2.on(GetWebACLForResourceCommand).resolves({ WebACL });
    return checkWaf(clients.wafv2, await prodInventory(clients), NOW);
  };

  it('passes the platform\'s web ACL, blocking with the four managed groups, logging with redaction', async () => {
    const { clients } = liveEnvironment();
    const results = await checkWaf(clients.wafv2, await prodInventory(clients), NOW);
    expect(results.map((r) => [r.id, r.status])).toEqual([['CL-WAF-1', 'PASS'], ['CL-WAF-3', 'PASS']]);
    expect(results[1].evidence).toMatch(/^logs to arn:aws:logs:.*aws-waf-logs-platform-prod, redacting authorization and cookie$/);
  });

  it('fails both when no web ACL is attached', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.wafv2.on(GetWebACLForResourceCommand).resolves({});
    const results = await checkWaf(clients.wafv2, await prodInventory(clients), NOW);
    expect(results.map((r) => [r.id, r.status, r.evidence])).toEqual([
      ['CL-WAF-1', 'FAIL', 'no web ACL is associated with the load balancer'],
      ['CL-WAF-3', 'FAIL', 'no web ACL is associated with the load balancer'],
    ]);
  });

  it.each([
    ['another web ACL', (acl: any) => Object.assign(acl, { Id: 'other', Name: 'someone-elses' }), /is someone-elses \(other\), not the platform's WafWebAcl-xyz/],
    ['a missing managed group', (acl: any) => acl.Rules.splice(2, 1), /managed rule group AWSManagedRulesSQLiRuleSet is missing/],
    ['a group switched to count', (acl: any) => (acl.Rules[0].OverrideAction = { Count: {} }), /AWSManagedRulesCommonRuleSet only counts/],
  ])('fails CL-WAF-1 with %s', async (_label, change, evidence) => {
    const [waf1, waf3] = await withAcl(change);
    expect(waf1).toMatchObject({ status: 'FAIL', evidence: expect.stringMatching(evidence) });
    expect(waf3.status).toBe('PASS');
  });

  it.each([
    ['without logging', () => Promise.reject(awsError('WAFNonexistentItemException')), /no logging destination; header authorization is not redacted; header cookie is not redacted/],
    ['that keeps cookies', () => Promise.resolve({ LoggingConfiguration: { ResourceArn: ARN.webAcl, LogDestinationConfigs: ['arn:log'], RedactedFields: [{ SingleHeader: { Name: 'authorization' } }] } }), /^header cookie is not redacted$/],
  ])('fails CL-WAF-3 %s', async (_label, answer, evidence) => {
    const { clients, mocks } = liveEnvironment();
    mocks.wafv2.on(GetLoggingConfigurationCommand).callsFake(answer);
    const [waf1, waf3] = await checkWaf(clients.wafv2, await prodInventory(clients), NOW);
    expect(waf1.status).toBe('PASS');
    expect(waf3).toMatchObject({ id: 'CL-WAF-3', status: 'FAIL', evidence: expect.stringMatching(evidence) });
  });
});
