// Lane profiles of the fixtures in TestImages/profiles with ImageJ 1.53t (reference values
// for Tests/DensitoAnalysisTests/LaneProfileImageJTests.swift); run by make_reference.sh:
//   timeout 300 xvfb-run -a java -cp /usr/share/java/ij.jar ij.ImageJ -batch \
//     /abs/imagej-profiles.ijm '/abs/TestImages/profiles'
// For every image and every rectangle of lanes.csv: makeRectangle, then getProfile() with the
// alt key held for a vertical lane (row average: one value per row) and without it for a
// horizontal lane (column average: one value per column), as Analyze > Plot Profile does.
// Prints one line "file,name,index,value" per profile value, the value with 17 significant
// digits (String.format("%.17g"): the double round-trips), then "DENSITO-MACRO-DONE" (ImageJ
// exits 0 even when a macro fails: the caller checks it).
setBatchMode(true);
dir = getArgument();
lines = split(File.openAsString(dir + "/lanes.csv"), "\n");
files = newArray("profiles-8bit.tif", "profiles-16bit.tif", "profiles-float.tif");
for (f = 0; f < files.length; f++) {
  open(dir + "/" + files[f]);
  for (l = 1; l < lines.length; l++) {
    c = split(lines[l], ",");
    if (c.length < 6) continue;
    makeRectangle(parseInt(c[1]), parseInt(c[2]), parseInt(c[3]), parseInt(c[4]));
    if (c[5] == "vertical") setKeyDown("alt");
    p = getProfile();
    setKeyDown("none");
    for (k = 0; k < p.length; k++)
      print(files[f] + "," + c[0] + "," + k + "," + String.format("%.17g", p[k]));
  }
  close();
}
print("DENSITO-MACRO-DONE");
