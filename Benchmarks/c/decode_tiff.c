/* C reference for Densito's TIFF decode benchmark.
 *
 * Reads a TIFF file into memory once, then REPS times: opens it from memory with
 * TIFFClientOpen (memory-mapped, like Densito), allocates an output buffer and reads every
 * strip of page 0 into it with TIFFReadEncodedStrip, closes. Prints the median and the best
 * time in milliseconds and a checksum of the samples (so nothing is optimised away).
 *
 *   cc -O2 -o decode_tiff decode_tiff.c $(pkg-config --cflags --libs libtiff-4)
 *   ./decode_tiff image.tif [reps]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tiffio.h>

typedef struct {
  const unsigned char *data;
  tmsize_t size;
  tmsize_t pos;
} Memory;

static tmsize_t mem_read(thandle_t h, void *buf, tmsize_t n) {
  Memory *m = (Memory *)h;
  if (m->pos >= m->size) return 0;
  if (n > m->size - m->pos) n = m->size - m->pos;
  memcpy(buf, m->data + m->pos, (size_t)n);
  m->pos += n;
  return n;
}
static tmsize_t mem_write(thandle_t h, void *buf, tmsize_t n) { (void)h; (void)buf; (void)n; return -1; }
static toff_t mem_seek(thandle_t h, toff_t off, int whence) {
  Memory *m = (Memory *)h;
  int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->size;
  int64_t target = base + (int64_t)off;
  if (target < 0) return (toff_t)-1;
  m->pos = target;
  return (toff_t)target;
}
static int mem_close(thandle_t h) { (void)h; return 0; }
static toff_t mem_size(thandle_t h) { return (toff_t)((Memory *)h)->size; }
static int mem_map(thandle_t h, void **base, toff_t *size) {
  Memory *m = (Memory *)h;
  *base = (void *)m->data;
  *size = (toff_t)m->size;
  return 1;
}
static void mem_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s image.tif [reps]\n", argv[0]);
    return 2;
  }
  int reps = argc > 2 ? atoi(argv[2]) : 10;
  if (reps < 1) reps = 1;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc((size_t)size);
  if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) { fprintf(stderr, "read failed\n"); return 1; }
  fclose(f);

  double *times = malloc(sizeof(double) * (size_t)reps);
  uint64_t checksum = 0;
  uint32_t width = 0, height = 0;
  for (int r = 0; r < reps; r++) {
    double t0 = now_ms();
    Memory m = {data, (tmsize_t)size, 0};
    TIFF *tif = TIFFClientOpen("memory", "r", (thandle_t)&m, mem_read, mem_write, mem_seek,
                               mem_close, mem_size, mem_map, mem_unmap);
    if (!tif) { fprintf(stderr, "open failed\n"); return 1; }
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
    tmsize_t total = (tmsize_t)TIFFScanlineSize(tif) * height;
    unsigned char *out = malloc((size_t)total);
    tmsize_t offset = 0;
    uint32_t strips = TIFFNumberOfStrips(tif);
    for (uint32_t s = 0; s < strips && offset < total; s++) {
      tmsize_t n = TIFFReadEncodedStrip(tif, s, out + offset, total - offset);
      if (n < 0) { fprintf(stderr, "strip %u failed\n", s); return 1; }
      offset += n;
    }
    TIFFClose(tif);
    times[r] = now_ms() - t0;
    for (tmsize_t i = 0; i < total; i += 4099) checksum += out[i];
    free(out);
  }
  qsort(times, (size_t)reps, sizeof(double), compare);
  printf("c-libtiff %ux%u median_ms=%.2f best_ms=%.2f reps=%d checksum=%llu\n", width, height,
         times[reps / 2], times[0], reps, (unsigned long long)checksum);
  free(times);
  free(data);
  return 0;
}
