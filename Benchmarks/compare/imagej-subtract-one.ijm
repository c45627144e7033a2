// One Subtract Background run in a fresh JVM, as a user's one-shot job would do it:
// open the file, subtract, save. Used by Benchmarks/compare-imagej.sh, which times the
// whole process from outside; this macro times the steps inside with getTime().
//   timeout 1800 xvfb-run -a java -Xmx6g -cp /usr/share/java/ij.jar ij.ImageJ -batch \
//     /abs/imagej-subtract-one.ijm '/abs/in.tif|rolling=50|/abs/out.tif'
// Prints "OPEN ms", "STEP ms" (the Subtract Background call only), "SAVE ms", then
// "DENSITO-MACRO-DONE" (ImageJ exits 0 even when a macro fails: the caller checks it).
setBatchMode(true);
a = split(getArgument(), "|");
t0 = getTime();
open(a[0]);
t1 = getTime();
run("Subtract Background...", a[1]);
t2 = getTime();
saveAs("Tiff", a[2]);
t3 = getTime();
print("OPEN " + (t1 - t0));
print("STEP " + (t2 - t1));
print("SAVE " + (t3 - t2));
close();
print("DENSITO-MACRO-DONE");
