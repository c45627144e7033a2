#!/usr/bin/env bash
# Band detection speed and memory (issue 3): whole-process wall time, CPU time and peak
# resident set of `densito bands FILE --json` (release build), measured with /usr/bin/time -v,
# on the standard 2000x1500 16-bit synthetic blot and, when ../shared is present, on the real
# 2128x1703 scan wbtool_protein_of_interest.tif. Then the in-process figures of
# `densito-bench bands` (analyzeBlot alone, and its memory above the decoded image).
#   bash Benchmarks/bands-bench.sh [WORKDIR] [RUNS]
# Targets: wall < 0.3 s; peak memory < 3x the image's Float size, counted above the resident
# set of the same binary doing nothing (`densito --version`: runtime, libraries, code).
# Figures go to Docs/bands.md. The machine may be shared: the load average is printed, and
# user+sys CPU time is the figure that does not depend on it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d)}"
RUNS="${2:-5}"
mkdir -p "$WORK"
cd "$ROOT"
swift build -c release --static-swift-stdlib --product densito 2>&1 | tail -1
swift build -c release --static-swift-stdlib --product densito-bench 2>&1 | tail -1
BIN="$(swift build -c release --show-bin-path)"
"$BIN/densito-bench" bands --write "$WORK/bench2000.tif"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "load before run: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() {  # measure LABEL FLOAT_MB ARGS...: best wall, its CPU time, max RSS over RUNS runs
  local label="$1" float_mb="$2"; shift 2
  local best="" line
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt"
    local wall user sys rss
    wall=$(grep 'Elapsed (wall clock)' "$WORK/time.txt" | awk -F': ' '{print $2}' \
      | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    user=$(grep 'User time' "$WORK/time.txt" | awk -F': ' '{print $2}')
    sys=$(grep 'System time' "$WORK/time.txt" | awk -F': ' '{print $2}')
    rss=$(grep 'Maximum resident' "$WORK/time.txt" | awk -F': ' '{print $2}')
    line="$wall $user $sys $rss"
    if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$line"
    fi
  done
  read -r wall user sys rss <<< "$best"
  if [ "$float_mb" = "-" ]; then
    printf '%-34s wall %5.2f s  cpu %5.2f s  max RSS %6.1f MB\n' "$label" "$wall" \
      "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)"
    BASE_RSS=$rss
  else
    printf '%-34s wall %5.2f s  cpu %5.2f s  max RSS %6.1f MB  (+%.1f MB over idle = %.2fx the Float image, %.1f MB)\n' \
      "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)" \
      "$(echo "($rss - $BASE_RSS) / 1024" | bc -l)" \
      "$(echo "($rss - $BASE_RSS) / 1024 / $float_mb" | bc -l)" "$float_mb"
  fi
}
echo "best of $RUNS runs (wall), /usr/bin/time -v:"
measure "densito --version (idle baseline)" - "$BIN/densito" --version
measure "bands 2000x1500 16-bit synthetic" "$(echo "2000*1500*4/1048576" | bc -l)" \
  "$BIN/densito" bands "$WORK/bench2000.tif" --json
REAL="$ROOT/../shared/realscans/wbtool_protein_of_interest.tif"
[ -f "$REAL" ] || REAL="${DENSITO_SHARED_DIR:-/nonexistent}/realscans/wbtool_protein_of_interest.tif"
if [ -f "$REAL" ]; then
  measure "bands wbtool 2128x1703 8-bit RGB" "$(echo "2128*1703*4/1048576" | bc -l)" \
    "$BIN/densito" bands "$REAL" --json
  "$BIN/densito-bench" bands --image "$REAL" --repeat 3
else
  echo "(../shared absent: real scan skipped; set DENSITO_SHARED_DIR to its folder)"
fi
"$BIN/densito-bench" bands --image "$WORK/bench2000.tif" --repeat 3
