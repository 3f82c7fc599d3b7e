#!/usr/bin/env bash
# Writes a runbook of N chained diagnose steps (each waits for the one before: the default `needs`) and a rehearsal
# scenario for it. One flow-style line per step, so that 15,000 steps stay under the 1 MiB runbook limit.
#   bench/gen-steps.sh N DIR   ->  DIR/steps-N.yaml, DIR/scenarios/steps-N/plain.yaml (DIR: a runbooks/ folder)
set -euo pipefail
n=${1:?usage: gen-steps.sh N DIR}
dir=${2:?usage: gen-steps.sh N DIR}
mkdir -p "$dir/scenarios/steps-$n"
{
  printf '%s\n' "runbook: steps-$n" "title: $n chained steps" "severity: P3" "summary: Engine overhead benchmark." \
    "parameters:" "  app: { type: string, default: api }" "diagnose:"
  for ((i = 1; i <= n; i++)); do
    printf '  - {id: s%d, uses: message, with: {text: "${params.app} %d"}}\n' "$i" "$i"
  done
  printf '%s\n' "resolve:" "  - id: done" "    uses: message" "    with: { text: done }"
} > "$dir/steps-$n.yaml"
printf '%s\n' "scenario: plain" "runbook: steps-$n" "description: every step succeeds" "expect:" "  outcome: resolved" \
  > "$dir/scenarios/steps-$n/plain.yaml"
