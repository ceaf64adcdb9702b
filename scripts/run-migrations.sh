#!/usr/bin/env bash
# Runs the app's database migrations for one environment as a one-off Fargate task with the NEW image, BEFORE
# `cdk deploy` rolls the service to that image (CL-DEL-2: migrations before traffic). Migrations must be
# backward compatible (expand first, contract in a later release) since the old tasks keep serving meanwhile.
#
# Usage: scripts/run-migrations.sh <env> <image-tag>     (AWS credentials: the environment's deploy role, via OIDC)
#
# Contract with the service stack (platform-<env>-service), which exports these outputs:
#   ClusterName, MigratorTaskDefinitionFamily, MigratorContainerName, MigratorSubnetIds (comma-separated),
#   MigratorSecurityGroupId.
# Until that stack exists (first deploy) or has these outputs, the step says so and exits 0: on a first deploy
# run this script again after `cdk deploy`, before opening the environment to users.
set -euo pipefail

env="${1:?usage: run-migrations.sh <env> <image-tag>}"
tag="${2:?usage: run-migrations.sh <env> <image-tag>}"
stack="platform-${env}-service"

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text 2>/dev/null || true
}

family="$(output MigratorTaskDefinitionFamily)"
if [ -z "$family" ] || [ "$family" = "None" ]; then
  echo "::notice::$stack has no MigratorTaskDefinitionFamily output yet; no migrations run before this deploy."
  exit 0
fi
cluster="$(output ClusterName)"
container="$(output MigratorContainerName)"
subnets="$(output MigratorSubnetIds)"
security_group="$(output MigratorSecurityGroupId)"

# A new revision of the migrator task definition, identical but for the image tag.
current="$(aws ecs describe-task-definition --task-definition "$family" --query taskDefinition --output json)"
revision="$(echo "$current" | jq --arg c "$container" --arg t "$tag" '
  .containerDefinitions |= map(if .name == $c then .image = ((.image | sub(":[^:/]+$"; "")) + ":" + $t) else . end)
  | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt)')"
arn="$(aws ecs register-task-definition --cli-input-json "$revision" --query taskDefinition.taskDefinitionArn --output text)"

task="$(aws ecs run-task --cluster "$cluster" --task-definition "$arn" --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[${subnets}],securityGroups=[${security_group}],assignPublicIp=DISABLED}" \
  --started-by "deploy-${env}" --query 'tasks[0].taskArn' --output text)"
echo "migrations: task $task ($arn)"
aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
code="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
  --query "tasks[0].containers[?name=='${container}'].exitCode | [0]" --output text)"
if [ "$code" != "0" ]; then
  echo "::error::migrations failed (exit code $code); the service was NOT deployed"
  exit 1
fi
echo "migrations: done"
