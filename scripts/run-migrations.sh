#!/usr/bin/env bash
# Runs the app's database migrations for one environment as a one-off Fargate task, BEFORE the service rolls to
# the new image (CL-DEL-2: migrations before traffic). The deploy first deploys platform-<env>/migrations (and
# the stacks it depends on), whose migrator task definition already carries this deploy's image (the
# configured tag or the reference app asset); then this script; then the rest (service). Migrations must be
# backward compatible (expand first, contract in a later release) since the old tasks keep serving meanwhile.
#
# Usage: scripts/run-migrations.sh <env>     (AWS credentials: the environment's deploy role, via OIDC)
#
# Contract with platform-<env>-migrations (lib/stacks/migrations-stack.ts), whose outputs are:
#   ClusterName, MigratorTaskDefinitionArn, MigratorContainerName, MigratorSubnetIds (comma-separated),
#   MigratorSecurityGroupId.
# Any missing output, a task that cannot start, or a non-zero exit code fails this step, and so the deploy.
set -euo pipefail

env="${1:?usage: run-migrations.sh <env>}"
stack="platform-${env}-migrations"

output() {
  local value
  value="$(aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text)"
  if [ -z "$value" ] || [ "$value" = "None" ]; then
    echo "::error::$stack has no $1 output: deploy platform-${env}/migrations first (cdk deploy 'platform-${env}/migrations')" >&2
    return 1
  fi
  echo "$value"
}

cluster="$(output ClusterName)"
task_definition="$(output MigratorTaskDefinitionArn)"
container="$(output MigratorContainerName)"
subnets="$(output MigratorSubnetIds)"
security_group="$(output MigratorSecurityGroupId)"

task="$(aws ecs run-task --cluster "$cluster" --task-definition "$task_definition" --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[${subnets}],securityGroups=[${security_group}],assignPublicIp=DISABLED}" \
  --started-by "deploy-${env}" --query 'tasks[0].taskArn' --output text)"
if [ -z "$task" ] || [ "$task" = "None" ]; then
  echo "::error::the migrator task did not start ($task_definition); the service was NOT deployed"
  exit 1
fi
echo "migrations: task $task ($task_definition)"
aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task"
code="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
  --query "tasks[0].containers[?name=='${container}'].exitCode | [0]" --output text)"
if [ "$code" != "0" ]; then
  reason="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" --query 'tasks[0].stoppedReason' --output text)"
  echo "::error::migrations failed (exit code $code: $reason); logs in the migrator log group, stream prefix ${container}; the service was NOT deployed"
  exit 1
fi
echo "migrations: done"
