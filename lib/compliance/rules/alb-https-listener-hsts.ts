import { asArray, at, isProdLike, literalString } from '../resource-graph';
import { defineRule } from '../rule';

const HSTS_ATTRIBUTE = 'routing.http.response.strict_transport_security.header_value';
const ONE_YEAR_SECONDS = 31_536_000;

export default defineRule(__filename, {
  checklistIds: ['CL-TLS-2'],
  info: 'The HTTPS listener does not add an HSTS header (listener attribute routing.http.response.strict_transport_security.header_value).',
  explanation: 'HSTS makes browsers refuse plain HTTP to the site, so a downgrade or a mistyped http:// link cannot expose cookies. Prod requires max-age of at least one year.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  evaluate: (listener) => {
    if (listener.properties.Protocol !== 'HTTPS') return [];
    const attribute = asArray(listener.properties.ListenerAttributes).find((a) => at(a, 'Key') === HSTS_ATTRIBUTE);
    const value = literalString(at(attribute, 'Value'));
    if (value === undefined) return [`listener attribute ${HSTS_ATTRIBUTE} is not set to a literal value`];
    const maxAge = Number(/max-age=(\d+)/i.exec(value)?.[1] ?? 0);
    if (maxAge <= 0) return [`HSTS value "${value}" has no positive max-age`];
    if (isProdLike(listener) && maxAge < ONE_YEAR_SECONDS) return [`HSTS max-age ${maxAge} is below one year (${ONE_YEAR_SECONDS}) in prod`];
    return [];
  },
});
