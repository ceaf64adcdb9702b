import { Template } from 'aws-cdk-lib/assertions';
import { buildServiceFixture } from './test/lib/support/service-fixture';
for (const env of ['dev','prod'] as const) {
const f = buildServiceFixture(env);
const t = Template.fromStack(f.service).toJSON();
require('fs').writeFileSync(`/tmp/svc-${env}.json`, JSON.stringify(t, null, 1));
}
