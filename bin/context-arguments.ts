/** `-c key=value` / `--context key=value` arguments, as the CDK CLI takes them (bin/preflight.ts, bin/verify.ts, bin/recover.ts). */
export function contextArguments(argv: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  argv.forEach((arg, i) => {
    if ((arg === '-c' || arg === '--context') && argv[i + 1]?.includes('=')) {
      const [key, ...value] = argv[i + 1].split('=');
      context[key] = value.join('=');
    }
  });
  return context;
}
