/*
 * libpng behind setjmp: 8-bit RGB encoding to memory (report pictures).
 *
 * Same design as png_shims.c: this entry point creates its own png_struct, sets its own
 * setjmp, and destroys what it created on every path; the error callback records the
 * message and calls png_longjmp; nothing is printed. The output is deterministic: no
 * time chunk, fixed compression settings.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "status.h"

static void densito_rgb_error(png_structp png, png_const_charp message) {
  densito_status *status = (densito_status *)png_get_error_ptr(png);
  densito_status_fail(status, DENSITO_ERR_LIBRARY, message);
  png_longjmp(png, 1);
}

static void densito_rgb_warning(png_structp png, png_const_charp message) {
  densito_status *status = (densito_status *)png_get_error_ptr(png);
  densito_status_warn(status, message);
}

typedef struct {
  uint8_t *data;
  size_t size;
  size_t capacity;
} densito_rgb_output;

static void densito_rgb_write(png_structp png, png_bytep bytes, size_t length) {
  densito_rgb_output *sink = (densito_rgb_output *)png_get_io_ptr(png);
  if (length > sink->capacity - sink->size) {
    size_t capacity = sink->capacity < 4096 ? 4096 : sink->capacity;
    while (length > capacity - sink->size) {
      if (capacity > SIZE_MAX / 2) png_error(png, "output too large");
      capacity *= 2;
    }
    uint8_t *grown = (uint8_t *)realloc(sink->data, capacity);
    if (grown == NULL) png_error(png, "out of memory while writing");
    sink->data = grown;
    sink->capacity = capacity;
  }
  memcpy(sink->data + sink->size, bytes, length);
  sink->size += length;
}

static void densito_rgb_flush(png_structp png) { (void)png; }

densito_code densito_png_encode_rgb8(const uint8_t *rgb, uint32_t width, uint32_t height,
                                     void **out, size_t *out_size, densito_status *status) {
  densito_status_reset(status);
  *out = NULL;
  *out_size = 0;
  if (width == 0 || height == 0) {
    densito_status_fail(status, DENSITO_ERR_ZERO_SIZE, "zero width or height");
    return status->code;
  }
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, status, densito_rgb_error,
                                            densito_rgb_warning);
  if (png == NULL) {
    densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot create the libpng writer");
    return status->code;
  }
  png_infop png_info = png_create_info_struct(png);
  if (png_info == NULL) {
    png_destroy_write_struct(&png, NULL);
    densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot create the libpng info");
    return status->code;
  }
  /* Heap sink reached through a pointer set before setjmp and never changed. */
  densito_rgb_output *sink = (densito_rgb_output *)calloc(1, sizeof *sink);
  if (sink == NULL) {
    png_destroy_write_struct(&png, &png_info);
    densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot allocate the output");
    return status->code;
  }

  if (setjmp(png_jmpbuf(png))) {
    free(sink->data);
    free(sink);
    png_destroy_write_struct(&png, &png_info);
    if (status->code == DENSITO_OK) {
      densito_status_fail(status, DENSITO_ERR_LIBRARY, "libpng failed without a message");
    }
    return status->code;
  }

  png_set_write_fn(png, sink, densito_rgb_write, densito_rgb_flush);
  png_set_IHDR(png, png_info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 9);
  png_write_info(png, png_info);
  size_t row_bytes = (size_t)width * 3;
  for (uint32_t y = 0; y < height; y++) {
    png_write_row(png, (png_const_bytep)(rgb + (size_t)y * row_bytes));
  }
  png_write_end(png, png_info);
  png_destroy_write_struct(&png, &png_info);

  *out = sink->data;
  *out_size = sink->size;
  free(sink);
  return DENSITO_OK;
}
