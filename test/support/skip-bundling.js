// Every App a test builds in-process skips Lambda bundling (CDK's `aws:cdk:bundling-stacks` context, read from
// CDK_CONTEXT_JSON when an App is created): template tests assert on resources, not on bundle contents. The
// bundles themselves are built by test/bin/platform.test.ts (the app run as the CLI runs it, which passes its
// own CDK_CONTEXT_JSON) and checked by the bundle-size benchmark.
process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:bundling-stacks': [] });
