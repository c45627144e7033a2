#!/bin/sh
# Prints found vs expected lane counts for every lane image in ../shared/realscans
# (expected counts from PROVENANCE.md there). Usage: scripts/reference/lanes/realscan_counts.sh [densito]
# (or $DENSITO_SHARED_DIR/realscans). gelquant: 15 lane positions (two stacked gels of 15 lanes
# share them; PROVENANCE.md counts 30 lanes over both). Runs `densito lanes FILE --json`;
# the dot blots (biorad1sc_test1, goedhart) have no lanes.
DENSITO=${1:-.build/release/densito}
DIR=$(cd "$(dirname "$0")/../../.." && pwd)/../shared/realscans
[ -d "$DIR" ] || DIR=${DENSITO_SHARED_DIR:-/nonexistent}/realscans
[ -d "$DIR" ] || { echo "no $DIR: skipped"; exit 0; }
while read -r file expected; do
  found=$("$DENSITO" lanes "$DIR/$file" --json 2>/dev/null \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["lanes"]))' 2>/dev/null)
  printf '%-52s %4s / %s\n' "$file" "${found:-err}" "$expected"
done <<'LIST'
csitron_antiActin_20240710_131425_Ch_Chemi.tif 8
biorad1sc_test4_imglab_analysis.tif 16
gelblotanalyzer_TEST_GEL_AK_original.png 8
wbtool_protein_of_interest.tif 11
wbtool_loading_control.jpg 11
wbquantifier_test_image.png 12
wbquantifier_test_image2.png 13
facuperezt_wide_pic_bands.jpeg 8
facuperezt_img_2band.jpeg 3
facuperezt_img_shadow.jpeg 3
wbmage_test1.png 8
wbmage_test2.jpg 6
wbmage_test3.jpg 11
wbmage_test4.jpg 10
gelquant_gel-example.png 15
gelgenie_ladder_reference_gel.tif 4
LIST
