#!/usr/bin/env bash
# Finishes the install tree at `package` (called by exec-maven-plugin with: HOME_DIR TARGET_DIR BASE_DIR JAVA_BIN SKIP_CACHE):
#  - picocli compiled for 17 from its sources jar (unpacked by maven-dependency-plugin): stock picocli is
#    Java 5 bytecode, which no CDS archive or AOT cache accepts;
#  - the core jar and the launcher;
#  - lib/checksum (SHA-256 over lib/*.jar), which keys the start-up cache;
#  - the start-up cache for the JDK running Maven, by the launcher's training run (unless SKIP_CACHE=true).
set -euo pipefail
home=$1 target=$2 base=$3 java=$4 skip=${5:-false}
jdk_bin=${java%/java}

src=$target/picocli/src
classes=$target/picocli/classes
rm -rf "$classes" && mkdir -p "$classes"
find "$src" -name '*.java' > "$target/picocli/sources.txt"
"$jdk_bin/javac" --release 17 -XDstringConcat=inline -nowarn -Xlint:none -g -encoding UTF-8 -d "$classes" @"$target/picocli/sources.txt" 2>&1 \
  | { grep -v '^Note: ' || true; }
"$jdk_bin/jar" --create --file "$home/lib/picocli-${PICOCLI_VERSION:?}.jar" -C "$classes" .

cp "$target/runbook.jar" "$home/lib/runbook.jar"
mkdir -p "$home/bin"
cp "$base/runbook" "$home/bin/runbook"
chmod 755 "$home/bin/runbook"
(cd "$home/lib" && sha256sum ./*.jar | sha256sum | cut -c1-16) > "$home/lib/checksum"

if [[ $skip != true ]]; then
  RUNBOOK_CACHE=build RUNBOOK_JAVA=$java bash "$home/bin/runbook"
fi
