// ImageJ cross-check of MinIsWhite TIFFs (see Tests/DensitoRasterTests/TIFFRealScanTests.swift).
// Run: timeout 120 xvfb-run -a java -Xmx2g -cp /usr/share/java/ij.jar ij.ImageJ -batch \
//   "$PWD/scripts/reference/tiff-imagej-check.ijm" "/abs/a.tif,/abs/b.tif"
// Prints, per file: bit depth, pixel (0,0), mean of the stored values, inverting LUT; then IJ-DONE.
args = split(getArgument(), ",");
for (i = 0; i < args.length; i++) {
  open(args[i]);
  getStatistics(area, mean, min, max);
  print(getTitle() + " bitDepth=" + bitDepth() + " p(0,0)=" + getPixel(0, 0) + " mean=" + d2s(mean, 4) + " inverted=" + is("Inverting LUT"));
  close();
}
print("IJ-DONE");
