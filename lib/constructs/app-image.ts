import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IgnoreMode, aws_ecr as ecr, aws_ecr_assets as ecrAssets, aws_ecs as ecs } from 'aws-cdk-lib';
import type { EnvironmentConfig } from '../../config';

/** The repository root: the reference app's build context (its bundle includes lambdas/shared code). */
const REPOSITORY_ROOT = join(__dirname, '..', '..');
/** The reference app's Dockerfile, relative to the root. */
export const REFERENCE_APP_DOCKERFILE = 'app/Dockerfile';

/** The build context allowlist, shared with `docker build` (BuildKit reads <Dockerfile>.dockerignore). */
function referenceAppExcludes(): string[] {
  return readFileSync(join(REPOSITORY_ROOT, `${REFERENCE_APP_DOCKERFILE}.dockerignore`), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * The image the service and the migrator run: with `service.image.tag`, that tag in the environment's ECR
 * repository; without, the reference app (app/) as a container asset, copied into the assembly at synth
 * (no Docker needed) and built and pushed by `cdk deploy`. Both stacks call this: equal assets have equal
 * hashes, so the image is built and pushed once.
 */
export function applicationImage(config: EnvironmentConfig, repository: ecr.IRepository): ecs.ContainerImage {
  const { tag } = config.service.image;
  if (tag !== undefined) return ecs.ContainerImage.fromEcrRepository(repository, tag);
  return ecs.ContainerImage.fromAsset(REPOSITORY_ROOT, {
    file: REFERENCE_APP_DOCKERFILE,
    exclude: referenceAppExcludes(),
    ignoreMode: IgnoreMode.DOCKER,
    platform: config.service.cpuArchitecture === 'ARM64' ? ecrAssets.Platform.LINUX_ARM64 : ecrAssets.Platform.LINUX_AMD64,
  });
}
