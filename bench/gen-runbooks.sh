#!/usr/bin/env bash
# Writes N realistic runbooks (parameters, expressions, retries, undo, aws/azure/core actions) into DIR.
#   bench/gen-runbooks.sh N DIR
# Also used by the launcher's cache training run, so it must stay valid against the current format.
set -euo pipefail
n=${1:?usage: gen-runbooks.sh N DIR}
dir=${2:?usage: gen-runbooks.sh N DIR}
mkdir -p "$dir"
for ((i = 1; i <= n; i++)); do
  id=$(printf 'svc-%05d-down' "$i")
  printf '%s\n' \
"runbook: $id" \
"title: Service $i answers 5xx" \
"severity: P$((i % 4))" \
"summary: |" \
"  Generated runbook $i: the service's API answers 5xx or not at all." \
"symptoms:" \
"  - Health endpoint of service $i returns non-200" \
"escalation:" \
"  - after: 30m" \
"    to: Team lead (L2)" \
"parameters:" \
"  app: { type: string, required: true, description: App name }" \
"  cluster: { type: string, default: prod-$((i % 7)) }" \
"  healthUrl: { type: url, default: \"https://svc-$i.example.test/health\" }" \
"  environment: { type: string, enum: [staging, production], default: production }" \
"  workers: { type: int, default: $((i % 5 + 2)) }" \
"env: [PAGER_TEAM]" \
"diagnose:" \
"  - id: health" \
"    title: Check the health endpoint" \
"    uses: http.check" \
"    with: { url: \"\${params.healthUrl}\", expect: { status: 200 }, timeout: 5s }" \
"    needs: []" \
"    onFailure: continue" \
"  - id: service" \
"    title: Read the ECS service" \
"    uses: aws.ecs.describe-service" \
"    with: { cluster: \"\${params.cluster}\", service: \"\${params.app}\" }" \
"    needs: []" \
"  - id: webapp" \
"    title: Read the front-end web app" \
"    uses: azure.webapp.get" \
"    with: { resourceGroup: \"rg-\${params.environment}\", name: \"\${params.app}-web\" }" \
"    needs: []" \
"resolve:" \
"  - id: scale-out" \
"    title: Add tasks" \
"    if: \"steps.health.failed && steps.service.outputs.runningCount < params.workers\"" \
"    uses: aws.ecs.update-service" \
"    with: { cluster: \"\${params.cluster}\", service: \"\${params.app}\", desiredCount: \"\${params.workers}\" }" \
"    confirm: \"Scaling \${params.app} to \${params.workers} tasks\"" \
"    retry: { attempts: 3, delay: 10s, backoff: 2 }" \
"    timeout: 5m" \
"    undo:" \
"      uses: aws.ecs.update-service" \
"      with: { cluster: \"\${params.cluster}\", service: \"\${params.app}\", desiredCount: \"\${steps['scale-out'].before.desiredCount}\" }" \
"  - id: restart-web" \
"    title: Restart the web app" \
"    if: \"steps.webapp.outputs.state == 'Running'\"" \
"    uses: azure.webapp.restart" \
"    with: { resourceGroup: \"rg-\${params.environment}\", name: \"\${params.app}-web\" }" \
"    undo:" \
"      uses: manual" \
"      with: { instructions: \"Nothing to undo for a restart of \${params.app}-web\" }" \
"verify:" \
"  - id: healthy" \
"    title: Health answers 200" \
"    uses: http.check" \
"    with: { url: \"\${params.healthUrl}\", expect: { status: 200 } }" \
"    retry: { attempts: 10, delay: 30s }" \
"  - id: settle" \
"    uses: wait" \
"    with: { duration: 1m }" \
"rollback:" \
"  - id: page" \
"    uses: manual" \
"    with:" \
"      instructions: \"Page \${env.PAGER_TEAM}: service $i is still down after run \${run.id}\"" \
    > "$dir/$id.yaml"
done
