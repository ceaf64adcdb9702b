import { asArray, at, literalString } from '../resource-graph';
import { defineRule } from '../rule';

const REDACTED_HEADERS = ['authorization', 'cookie'];

export default defineRule(__filename, {
  checklistIds: ['CL-WAF-3'],
  info: 'The web ACL has no logging configuration, or its logs do not redact the authorization and cookie headers.',
  explanation: 'WAF logs are the record of attacks; they must not become a store of session cookies and bearer tokens.',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  evaluate: (acl, graph) => {
    const logging = graph.ofType('AWS::WAFv2::LoggingConfiguration').find((l) => graph.refersTo(l, acl, (p) => p.ResourceArn));
    if (!logging) return ['no AWS::WAFv2::LoggingConfiguration references this web ACL'];
    const redacted = new Set(
      asArray(logging.properties.RedactedFields).map((f) => literalString(at(f, 'SingleHeader.Name'))?.toLowerCase()),
    );
    return REDACTED_HEADERS.filter((h) => !redacted.has(h)).map((h) => `header ${h} is not redacted`);
  },
});
