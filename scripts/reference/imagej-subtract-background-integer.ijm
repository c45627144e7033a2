// Runs Subtract Background on an 8- or 16-bit image as opened (no 32-bit conversion) with four
// option sets and saves each result as raw data (u8 or big-endian u16). Used by
// background-check-integer-output.py. Argument: "input.tif|output-prefix".
setBatchMode(true);
a = split(getArgument(), "|");
opts = newArray("rolling=50", "rolling=50 light", "rolling=50 create", "rolling=50 sliding");
for (i = 0; i < opts.length; i++) {
  open(a[0]); run("Subtract Background...", opts[i]); saveAs("Raw Data", a[1] + i + ".raw"); close();
}
print("DENSITO-MACRO-DONE");
