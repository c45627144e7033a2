// Runs ImageJ's Process > Subtract Background on a list of jobs and saves each result as
// big-endian raw Float32. Used by background-make-fixtures.py; run headless:
//   timeout 600 xvfb-run -a java -cp /usr/share/java/ij.jar ij.ImageJ -batch \
//     /abs/imagej-subtract-background.ijm /abs/jobs.txt
// jobs.txt: one job per line, fields separated by '|':
//   input.tif|rolling=50 light sliding disable create|output.raw
// Each input is converted to 32-bit first, then Subtract Background runs with the options.
// The exit status of ImageJ says nothing; the last line "DENSITO-MACRO-DONE" does.
setBatchMode(true);
jobsPath = getArgument();
lines = split(File.openAsString(jobsPath), "\n");
for (i = 0; i < lines.length; i++) {
  if (lengthOf(lines[i]) == 0) continue;
  f = split(lines[i], "|");
  open(f[0]);
  run("32-bit");
  run("Subtract Background...", f[1]);
  saveAs("Raw Data", f[2]);
  close();
}
print("ImageJ " + getVersion());
print("DENSITO-MACRO-DONE");
