#!/bin/sh
# Stands in for pg_dump in tests: records its argv and PGPASSWORD, then behaves as FAKE_MODE says.
if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 16.4"; exit 0; fi
out=""
for a in "$@"; do
  case "$a" in --file=*) out="${a#--file=}" ;; esac
done
printf '%s\n' "$@" > "$FAKE_LOG"
printf '%s' "$PGPASSWORD" > "$FAKE_LOG.pw"
case "$FAKE_MODE" in
  fail)
    echo 'pg_dump: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication failed for user "app"' >&2
    printf 'half' > "$out"
    exit 1 ;;
  slow)
    printf 'partial' > "$out"
    sleep 30 ;;
esac
printf 'PGDMP fake dump\n' > "$out"
