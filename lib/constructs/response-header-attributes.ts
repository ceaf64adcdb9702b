/**
 * Listener attributes through which an Application Load Balancer adds (or, for `server`, drops) response headers,
 * named as in the ELB API's ListenerAttribute reference. Plain strings, shared by the construct that sets them and
 * the rules that check the synthesized template.
 */
export const RESPONSE_HEADER_ATTRIBUTES = {
  strictTransportSecurity: 'routing.http.response.strict_transport_security.header_value',
  frameOptions: 'routing.http.response.x_frame_options.header_value',
  contentTypeOptions: 'routing.http.response.x_content_type_options.header_value',
  contentSecurityPolicy: 'routing.http.response.content_security_policy.header_value',
  /** `true` (the ALB default) keeps the `Server: awselb/2.0` header; `false` removes it. */
  serverEnabled: 'routing.http.response.server.enabled',
  allowOrigin: 'routing.http.response.access_control_allow_origin.header_value',
  allowMethods: 'routing.http.response.access_control_allow_methods.header_value',
  allowHeaders: 'routing.http.response.access_control_allow_headers.header_value',
  allowCredentials: 'routing.http.response.access_control_allow_credentials.header_value',
  exposeHeaders: 'routing.http.response.access_control_expose_headers.header_value',
  maxAge: 'routing.http.response.access_control_max_age.header_value',
} as const;

/** The CORS attributes: any of them without an explicit origin is a misconfiguration. */
export const CORS_ATTRIBUTES = [
  RESPONSE_HEADER_ATTRIBUTES.allowOrigin,
  RESPONSE_HEADER_ATTRIBUTES.allowMethods,
  RESPONSE_HEADER_ATTRIBUTES.allowHeaders,
  RESPONSE_HEADER_ATTRIBUTES.allowCredentials,
  RESPONSE_HEADER_ATTRIBUTES.exposeHeaders,
  RESPONSE_HEADER_ATTRIBUTES.maxAge,
] as const;
