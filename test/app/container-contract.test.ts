// The task definitions' container contract against the reference app's Dockerfile: the user ECS runs the
// containers as is the image's USER; every writable path is a VOLUME of the image owned by that user (ECS
// seeds the task-local volume from it); the migrator's command runs a file the image builds; the build context
// holds every file the Dockerfile copies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { platformStage } from '../support/platform';

const ROOT = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'app', 'Dockerfile'), 'utf8');
/** Instructions of the final stage, continuation lines joined. */
const finalStage = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .reduce<string[]>((stage, line) => (/^FROM /i.test(line) ? [] : [...stage, line]), []);
const instruction = (name: string) => finalStage.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

type Container = { Name: string; User: string; ReadonlyRootFilesystem: boolean; MountPoints: { ContainerPath: string }[]; Command?: string[] };
const containersOf = (template: Template): Container[] =>
  Object.values(template.findResources('AWS::ECS::TaskDefinition')).flatMap((d: any) => d.Properties.ContainerDefinitions);

describe.each(['dev', 'prod'] as const)('container contract (%s)', (env) => {
  const stage = platformStage(env);
  const containers = [...containersOf(Template.fromStack(stage.service)), ...containersOf(Template.fromStack(stage.migrations))];

  test('the web and the migrator container run as the image USER, numeric, never root', () => {
    expect(containers.map((c) => c.Name).sort()).toEqual(['migrator', 'web']);
    const [user] = instruction('USER');
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    for (const c of containers) expect(c.User).toBe(user);
  });

  test('every writable path is a VOLUME of the image owned by that user; the rest is read-only', () => {
    const volumes = instruction('VOLUME').flatMap((v) => JSON.parse(v) as string[]);
    const owned = instruction('RUN').flatMap((r) => [...r.matchAll(/chown (\d+:\d+) ((?:\/[^\s&;]+ ?)+)/g)].flatMap((m) => m[2].trim().split(' ').map((p) => [p, m[1]])));
    const owner = Object.fromEntries(owned);
    for (const c of containers) {
      expect(c.ReadonlyRootFilesystem).toBe(true);
      const paths = c.MountPoints.map((m) => m.ContainerPath);
      expect(paths).toEqual(stage.service.config.service.writablePaths);
      for (const path of paths) {
        expect(volumes).toContain(path);
        expect(owner[path]).toBe(c.User);
      }
    }
  });

  test("the image's CMD is the server bundle and the migrator command runs the migrate bundle, both built by the Dockerfile", () => {
    expect(instruction('CMD')).toEqual(['["node", "server.js"]']);
    const built = [...dockerfile.matchAll(/(\w+)=app\/src\/\w+\.ts/g)].map((m) => `${m[1]}.js`);
    expect(built).toEqual(['server.js', 'migrate.js']);
    const migrator = containers.find((c) => c.Name === 'migrator')!;
    expect(migrator.Command).toEqual(['node', 'migrate.js']);
    expect(built).toContain(migrator.Command![1]);
  });

  test('the build context (Dockerfile.dockerignore, also the asset exclude list) holds every file the Dockerfile copies', () => {
    const allowed = readFileSync(join(ROOT, 'app', 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1));
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(allowed).toContain(source);
  });
});
