// Lane profiles in ImageJ 1.53t on one image, in a fresh JVM; used by
// Benchmarks/compare-imagej.sh. The lanes are given as rectangles (the ones Densito found),
// so both tools measure the same regions.
//   timeout 1800 xvfb-run -a java -Xmx6g -cp /usr/share/java/ij.jar ij.ImageJ -batch \
//     /abs/imagej-lane-profiles.ijm '/abs/blot.tif|x,y,w,h;x,y,w,h;...'
// One row-average (vertical) profile per lane rectangle with getProfile() (the alt key held,
// as Analyze > Plot Profile does with alt), and the area under each profile; timed with
// getTime() (opening the file is timed apart). This is the computation behind Analyze >
// Gels > Plot Lanes for vertical lanes; Plot Lanes itself cannot run headless (-batch has no
// tool bar: NullPointerException in GelAnalyzer.plotLanes), and the wand-tool measuring
// that follows it is hand work.
// Prints "OPEN ms", "PROFILES ms", "AREA i value" per lane (the sum of the profile in
// order, with 17 significant digits: String.format("%.17g") round-trips the double), then
// "DENSITO-MACRO-DONE" (ImageJ exits 0 even when a macro fails: the caller checks it).
setBatchMode(true);
a = split(getArgument(), "|");
lanes = split(a[1], ";");
t0 = getTime();
open(a[0]);
t1 = getTime();
id = getImageID();
areas = newArray(lanes.length);
for (i = 0; i < lanes.length; i++) {
  r = split(lanes[i], ",");
  makeRectangle(parseInt(r[0]), parseInt(r[1]), parseInt(r[2]), parseInt(r[3]));
  setKeyDown("alt");
  p = getProfile();
  setKeyDown("none");
  s = 0;
  for (k = 0; k < p.length; k++) s = s + p[k];
  areas[i] = s;
}
t2 = getTime();
print("OPEN " + (t1 - t0));
print("PROFILES " + (t2 - t1));
for (i = 0; i < lanes.length; i++) print("AREA " + i + " " + String.format("%.17g", areas[i]));
print("DENSITO-MACRO-DONE");
