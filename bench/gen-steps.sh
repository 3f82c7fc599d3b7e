#!/usr/bin/env bash
# Writes a runbook of N chained diagnose steps (each needs the one before) and a rehearsal scenario for it.
#   bench/gen-steps.sh N DIR   ->  DIR/steps-N.yaml, DIR/scenarios/steps-N/plain.yaml (DIR: a runbooks/ folder)
set -euo pipefail
n=${1:?usage: gen-steps.sh N DIR}
dir=${2:?usage: gen-steps.sh N DIR}
mkdir -p "$dir/scenarios/steps-$n"
{
  printf '%s\n' "runbook: steps-$n" "title: $n chained steps" "severity: P3" "summary: Engine overhead benchmark." \
    "parameters:" "  app: { type: string, default: api }" "diagnose:"
  for ((i = 1; i <= n; i++)); do
    printf '  - id: s%d\n    uses: message\n    with: { text: "step %d of ${params.app}" }\n' "$i" "$i"
    (( i > 1 )) && printf '    needs: [s%d]\n' $((i - 1))
  done
  printf '%s\n' "resolve:" "  - id: done" "    uses: message" "    with: { text: done }"
} > "$dir/steps-$n.yaml"
printf '%s\n' "scenario: plain" "runbook: steps-$n" "description: every step succeeds" "expect:" "  outcome: resolved" \
  > "$dir/scenarios/steps-$n/plain.yaml"
