import { ConfigError } from '../config';
import { isCredentialsError } from '../lib/preflight/checks';

/** One SDK client per region, made on first use. */
export function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const clients = new Map<string, T>();
  return (region) => clients.get(region) ?? clients.set(region, make(region)).get(region)!;
}

export interface CliOptions {
  /** How to get credentials, for the one line printed (exit 2) when the AWS SDK finds none usable; without it, such an error is like any other. */
  readonly signIn?: string;
}

/**
 * Runs a command's `main` and exits with its code (bin/preflight.ts, bin/verify.ts, bin/recover.ts). Whatever it
 * throws becomes one line, never a stack trace: a configuration error its readable message (exit 1); missing or
 * expired credentials, with `signIn`, one line (exit 2); anything else, a bug in the command, its name and message (exit 1).
 */
export function runCli(name: string, main: () => Promise<number>, options: CliOptions = {}): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(1);
      }
      if (options.signIn && isCredentialsError(error)) {
        const message = ((error as Error).message ?? '').split('\n')[0];
        console.error(`${name}: no usable AWS credentials (${message}); ${options.signIn} and re-run`);
        process.exit(2);
      }
      console.error(`${name}: ${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`);
      process.exit(1);
    },
  );
}
