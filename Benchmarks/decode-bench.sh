#!/usr/bin/env bash
# Decode speed: Densito's PNG decoder against libpng called from plain C (-O2), on a
# generated 4000x6000 16-bit gray PNG. Prints a Markdown table (best and median of
# REPEATS runs, in three alternating rounds; ratio = Densito / C, target <= 1.3). Docs/performance-decoding.md
# records the figures.
#
#   bash Benchmarks/decode-bench.sh [REPEATS]
set -euo pipefail
repeats="${1:-5}"
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/densito-decode-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cc -O2 -o "$work/decode_png" Benchmarks/c/decode_png.c $(pkg-config --cflags --libs libpng)
swift build -c release --static-swift-stdlib --product densito-bench >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
bench="$(swift build -c release --static-swift-stdlib --product densito-bench --show-bin-path)/densito-bench"
"$bench" decode generate "$work/blot.png" 4000 6000 >&2
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# Three alternating rounds, so that load from other processes hits both alike; each
# figure is the best over the rounds of that round's best / median.
c_best=""; c_median=""; d_best=""; d_median=""
lower() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "" || a + 0 < b + 0) print a; else print b }'; }
for round in 1 2 3; do
  c_line="$("$work/decode_png" "$work/blot.png" "$repeats")"
  d_line="$("$bench" decode png "$work/blot.png" "$repeats")"
  echo "round $round: $c_line" >&2
  echo "round $round: $d_line" >&2
  read -r _ c_size cb cm _ <<<"$c_line"
  read -r _ d_size db dm _ <<<"$d_line"
  c_best="$(lower "$cb" "$c_best")"; c_median="$(lower "$cm" "$c_median")"
  d_best="$(lower "$db" "$d_best")"; d_median="$(lower "$dm" "$d_median")"
done
if [ "$c_size" != "$d_size" ]; then
  echo "decode-bench: sizes differ ($c_size vs $d_size)" >&2
  exit 1
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "| decoder (4000x6000 16-bit gray PNG, $(stat -c %s "$work/blot.png") bytes) | best ms | median ms |"
echo "| --- | ---: | ---: |"
echo "| C, libpng $(pkg-config --modversion libpng), cc -O2 | $c_best | $c_median |"
echo "| Densito PNGDecoder (release) | $d_best | $d_median |"
echo "| ratio Densito / C | $(ratio "$d_best" "$c_best") | $(ratio "$d_median" "$c_median") |"
echo
echo "load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -srm)"
