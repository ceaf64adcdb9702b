/** `-c key=value` / `--context key=value` arguments, as the CDK CLI takes them (for the CLIs beside the CDK app). */
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
