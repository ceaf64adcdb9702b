import { rmSync } from 'node:fs';

export default async function teardown() {
  await globalThis.__PLATFORM_PG__?.stop();
  // The data directory and, when the binaries had to be copied, the copy.
  if (globalThis.__PLATFORM_PG_BASE__) rmSync(globalThis.__PLATFORM_PG_BASE__, { recursive: true, force: true });
}
