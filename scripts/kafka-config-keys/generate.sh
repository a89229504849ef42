#!/usr/bin/env bash
# Regenerates src/profile/kafka-config-keys.ts from the ConfigDefs of Kafka 4.0 and 3.9 (their jars from Maven
# Central; pom.xml). Needs Java 17, Maven and Node: bash scripts/kafka-config-keys/generate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
inputs=()
for version in 4.0.0 3.9.1; do
  mvn -q -B -f "$here/pom.xml" -Dkafka.version="$version" dependency:copy-dependencies -DoutputDirectory="$work/$version/lib"
  javac -d "$work/$version" -cp "$work/$version/lib/*" "$here/KafkaConfigKeys.java"
  java -cp "$work/$version/lib/*:$work/$version" KafkaConfigKeys 2>/dev/null > "$work/$version.tsv"
  inputs+=("$version=$work/$version.tsv")
done
node "$here/write-table.mjs" "$here/../../src/profile/kafka-config-keys.ts" "${inputs[@]}"
