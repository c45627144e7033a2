/*
 * Reference decode timing: libpng's classic API on a PNG held in memory, with the same
 * transforms Densito uses for a 16-bit gray file (png_set_swap on little-endian hosts),
 * rows into one buffer. Prints one line: "c-libpng <width>x<height> best_ms median_ms".
 *
 *   cc -O2 -o decode_png Benchmarks/c/decode_png.c $(pkg-config --cflags --libs libpng)
 *   ./decode_png FILE.png [REPEATS]
 */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  const unsigned char *data;
  size_t size;
  size_t offset;
} source;

static void read_memory(png_structp png, png_bytep out, size_t length) {
  source *s = (source *)png_get_io_ptr(png);
  if (length > s->size - s->offset) png_error(png, "read past the end");
  memcpy(out, s->data + s->offset, length);
  s->offset += length;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Decodes once; returns 0 on success and fills width/height and a checksum. */
static int decode(const unsigned char *data, size_t size, png_uint_32 *w, png_uint_32 *h,
                  unsigned long long *sum) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct(png);
  unsigned char *volatile buffer = NULL;
  png_bytep *volatile rows = NULL;
  if (setjmp(png_jmpbuf(png))) {
    free(buffer);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return 1;
  }
  source s = {data, size, 0};
  png_set_read_fn(png, &s, read_memory);
  png_read_info(png, info);
  if (png_get_bit_depth(png, info) == 16) {
    const unsigned short probe = 1;
    if (*(const unsigned char *)&probe == 1) png_set_swap(png);
  }
  png_read_update_info(png, info);
  *w = png_get_image_width(png, info);
  *h = png_get_image_height(png, info);
  size_t row_bytes = png_get_rowbytes(png, info);
  buffer = malloc(row_bytes * *h);
  rows = malloc(sizeof(png_bytep) * *h);
  for (png_uint_32 y = 0; y < *h; y++) rows[y] = buffer + y * row_bytes;
  png_read_image(png, rows);
  png_read_end(png, NULL);
  unsigned long long total = 0;
  for (size_t i = 0; i < row_bytes * *h; i += 4099) total += buffer[i];
  *sum = total;
  free(buffer);
  free(rows);
  png_destroy_read_struct(&png, &info, NULL);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE.png [REPEATS]\n", argv[0]);
    return 2;
  }
  int repeats = argc > 2 ? atoi(argv[2]) : 5;
  if (repeats < 1) repeats = 1;
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc((size_t)size);
  if (fread(data, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "short read\n");
    return 1;
  }
  fclose(f);
  double *times = malloc(sizeof(double) * (size_t)repeats);
  png_uint_32 w = 0, h = 0;
  unsigned long long sum = 0;
  for (int r = 0; r < repeats; r++) {
    double start = now_ms();
    if (decode(data, (size_t)size, &w, &h, &sum) != 0) {
      fprintf(stderr, "decode failed\n");
      return 1;
    }
    times[r] = now_ms() - start;
  }
  qsort(times, (size_t)repeats, sizeof(double), compare);
  printf("c-libpng %ux%u %.1f %.1f (checksum %llu)\n", w, h, times[0], times[repeats / 2], sum);
  free(times);
  free(data);
  return 0;
}
