// Times ImageJ's Subtract Background (only that step, with getTime()) on one image.
//   timeout 900 xvfb-run -a java -Xmx4g -cp /usr/share/java/ij.jar ij.ImageJ -batch \
//     /abs/imagej-time-subtract-background.ijm '/abs/image.tif|rolling=50;rolling=25;rolling=50 sliding'
// Prints "TIME <options> <milliseconds>" per option set, then "DENSITO-MACRO-DONE".
// Runs on the image as opened (16-bit), as a user would.
setBatchMode(true);
a = split(getArgument(), "|");
opts = split(a[1], ";");
for (i = 0; i < opts.length; i++) {
  open(a[0]);
  t0 = getTime();
  run("Subtract Background...", opts[i]);
  t1 = getTime();
  print("TIME " + opts[i] + " " + (t1 - t0));
  close();
}
print("DENSITO-MACRO-DONE");
