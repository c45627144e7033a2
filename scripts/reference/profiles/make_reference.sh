#!/usr/bin/env bash
# Regenerates TestImages/profiles: the fixtures (make_fixtures.py) and ImageJ 1.53t's
# profiles of them (imagej-profiles.ijm) in imagej-profiles.csv.
#   bash scripts/reference/profiles/make_reference.sh
# Needs python3 with numpy and tifffile, and ImageJ (Debian imagej 1.53t, xvfb-run, java).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
HERE="$ROOT/scripts/reference/profiles"
OUT="$ROOT/TestImages/profiles"
python3 "$HERE/make_fixtures.py" "$OUT"
LOG="$(mktemp)"
timeout 300 xvfb-run -a java -cp /usr/share/java/ij.jar ij.ImageJ -batch \
  "$HERE/imagej-profiles.ijm" "$OUT" > "$LOG" 2>&1
grep -q DENSITO-MACRO-DONE "$LOG" || { echo "ImageJ macro failed:"; cat "$LOG"; exit 1; } >&2
VERSION="$(dpkg-query -W -f '${Package} ${Version}' imagej 2>/dev/null || echo 'imagej ?')"
{
  echo "# ImageJ rectangle profiles (getProfile(); alt key held for vertical lanes) of the"
  echo "# fixtures in this folder over the rectangles of lanes.csv."
  echo "# Tool: $VERSION ($(java -version 2>&1 | head -1)); made $(date -u +%Y-%m-%d)"
  echo "# Command: bash scripts/reference/profiles/make_reference.sh"
  echo "#   (timeout 300 xvfb-run -a java -cp /usr/share/java/ij.jar ij.ImageJ -batch"
  echo "#    scripts/reference/profiles/imagej-profiles.ijm TestImages/profiles)"
  echo "# value: String.format(\"%.17g\") of ImageJ's double (round-trips exactly)."
  echo "file,name,index,value"
  grep -E '^profiles-[^,]+\.tif,' "$LOG"
} > "$OUT/imagej-profiles.csv"
rm -f "$LOG"
echo "wrote $OUT/imagej-profiles.csv ($(grep -c '^profiles-' "$OUT/imagej-profiles.csv") values)"
