#!/usr/bin/env bash
# Builds every libFuzzer harness under Fuzz/Fuzz*/ and runs each for SECONDS on a copy of
# its seed corpus (Fuzz/corpus/<name without "Fuzz", lower case>/) in a temporary folder.
# Exits non-zero when a harness crashes, leaks, times out or fails to build, and prints
# the path of the input that did it. Never writes into the repository (the build goes to
# .build-fuzz/, which git ignores).
#
#   bash Fuzz/run.sh 60        # CI: a minute per harness
#   bash Fuzz/run.sh 3600      # a long run
#
# Environment: FUZZ_JOBS is unused on purpose (2 cores); FUZZ_KEEP=1 keeps the temporary
# folder even when every harness passed.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: bash Fuzz/run.sh SECONDS" >&2
  exit 2
fi
cd "$(dirname "$0")/.."

harnesses=()
for dir in Fuzz/Fuzz*/; do
  [ -f "${dir}main.swift" ] || continue
  harnesses+=("$(basename "$dir")")
done
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "fuzz: no harnesses under Fuzz/Fuzz*/" >&2
  exit 1
fi

# The recipe of ENGINEERING-NOTES.md: instrument both the Swift and the C code.
build() {
  DENSITO_FUZZ=1 swift build -c debug --scratch-path .build-fuzz --product "$1" \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address
}

work="$(mktemp -d "${TMPDIR:-/tmp}/densito-fuzz.XXXXXX")"
failed=()
for name in "${harnesses[@]}"; do
  echo "fuzz: building $name" >&2
  if ! build "$name" >"$work/$name.build.log" 2>&1; then
    tail -n 40 "$work/$name.build.log" >&2
    echo "fuzz: $name FAILED TO BUILD (log: $work/$name.build.log)" >&2
    failed+=("$name")
    continue
  fi
done

for name in "${harnesses[@]}"; do
  case " ${failed[*]-} " in *" $name "*) continue ;; esac
  corpus_name="$(echo "${name#Fuzz}" | tr '[:upper:]' '[:lower:]')"
  corpus="$work/$name/corpus"
  artifacts="$work/$name/artifacts"
  mkdir -p "$corpus" "$artifacts"
  if [ -d "Fuzz/corpus/$corpus_name" ]; then
    cp -R "Fuzz/corpus/$corpus_name/." "$corpus/"
  else
    echo "fuzz: $name has no seed corpus (Fuzz/corpus/$corpus_name): starting empty" >&2
  fi
  binary=".build-fuzz/debug/$name"
  echo "fuzz: running $name for ${seconds}s on $(ls "$corpus" | wc -l) seeds" >&2
  status=0
  # SWIFT_BACKTRACE=enable=no: otherwise the Swift backtracer takes the crash signal.
  # -timeout: one input taking longer than 25 s is a hang; -rss_limit_mb bounds memory.
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" \
    "$binary" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" \
    >"$work/$name.log" 2>&1 || status=$?
  grep -E "^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)" \
    "$work/$name.log" >&2 || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$work/$name.log" >&2
    for input in "$artifacts"/*; do
      [ -e "$input" ] && echo "fuzz: $name crashing input: $input" >&2
    done
    echo "fuzz: $name FAILED (exit $status; log: $work/$name.log)" >&2
    failed+=("$name")
  else
    echo "fuzz: $name ok" >&2
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs and logs kept in $work)" >&2
  exit 1
fi
if [ "${FUZZ_KEEP:-0}" = "1" ]; then
  echo "fuzz: logs kept in $work" >&2
else
  rm -rf "$work"
fi
echo "fuzz: ${#harnesses[@]} harnesses ran ${seconds}s each without a crash"
