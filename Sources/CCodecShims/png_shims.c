/*
 * libpng behind setjmp: decoding from memory and gray encoding to memory.
 *
 * Each entry point creates its own png_struct, sets its own setjmp, and destroys what it
 * created on every path. The error callback records the message and calls png_longjmp;
 * the warning callback records the message; nothing is printed.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "status.h"

/* ---- callbacks ------------------------------------------------------------------- */

static void densito_png_error(png_structp png, png_const_charp message) {
  densito_status *status = (densito_status *)png_get_error_ptr(png);
  densito_status_fail(status, DENSITO_ERR_LIBRARY, message);
  png_longjmp(png, 1);
}

static void densito_png_warning(png_structp png, png_const_charp message) {
  densito_status *status = (densito_status *)png_get_error_ptr(png);
  densito_status_warn(status, message);
}

typedef struct {
  const uint8_t *data;
  size_t size;
  size_t offset;
  densito_status *status;
} densito_png_source;

static void densito_png_read(png_structp png, png_bytep out, size_t length) {
  densito_png_source *source = (densito_png_source *)png_get_io_ptr(png);
  if (length > source->size - source->offset) {
    char message[DENSITO_MESSAGE_CAPACITY];
    snprintf(message, sizeof message,
             "file ends after %zu bytes; libpng needed %zu bytes at byte %zu", source->size,
             length, source->offset);
    densito_status_fail(source->status, DENSITO_ERR_TRUNCATED, message);
    png_error(png, message);
  }
  memcpy(out, source->data + source->offset, length);
  source->offset += length;
}

/* ---- decoding -------------------------------------------------------------------- */

/* Hands one decoded row to the sink, mapping palette indices to RGB first (an index
   past the end of PLTE is an error: libpng would silently give black). */
static void densito_png_emit_row(png_structp png, const densito_png_sink *sink, png_uint_32 y,
                                 png_bytep row, png_uint_32 width, png_colorp palette,
                                 int entries, uint8_t *rgb_row, densito_status *status) {
  if (palette != NULL) {
    for (png_uint_32 x = 0; x < width; x++) {
      int index = row[x];
      if (index >= entries) {
        char message[DENSITO_MESSAGE_CAPACITY];
        snprintf(message, sizeof message,
                 "pixel at row %u, column %u uses palette index %d but PLTE has %d entries",
                 (unsigned)y, (unsigned)x, index, entries);
        densito_status_fail(status, DENSITO_ERR_CORRUPT, message);
        png_error(png, message);
      }
      rgb_row[3 * (size_t)x] = palette[index].red;
      rgb_row[3 * (size_t)x + 1] = palette[index].green;
      rgb_row[3 * (size_t)x + 2] = palette[index].blue;
    }
    sink->row(sink->context, y, rgb_row);
  } else {
    sink->row(sink->context, y, row);
  }
}

densito_code densito_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                                size_t max_chunk_bytes, densito_png_info *info,
                                const densito_png_sink *sink, densito_status *status) {
  densito_status_reset(status);
  memset(info, 0, sizeof *info);

  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, status, densito_png_error,
                                           densito_png_warning);
  if (png == NULL) {
    densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot create the libpng reader");
    return status->code;
  }
  png_infop png_info = png_create_info_struct(png);
  if (png_info == NULL) {
    png_destroy_read_struct(&png, NULL, NULL);
    densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot create the libpng info");
    return status->code;
  }
  densito_png_source source = {data, size, 0, status};
  /* Written after setjmp and read after a longjmp: must be volatile. */
  uint8_t *volatile buffer = NULL;
  png_bytep *volatile rows = NULL;
  uint8_t *volatile rgb_row = NULL;

  if (setjmp(png_jmpbuf(png))) {
    free(rows);
    free(buffer);
    free(rgb_row);
    png_destroy_read_struct(&png, &png_info, NULL);
    if (status->code == DENSITO_OK) {
      densito_status_fail(status, DENSITO_ERR_LIBRARY, "libpng failed without a message");
    }
    return status->code;
  }

  png_set_read_fn(png, &source, densito_png_read);
  /* Dimensions are bounded one at a time here (libpng refuses larger IHDR values before
     anything is allocated) and as a product below. */
  uint32_t dimension_limit = max_pixels > 0x7fffffffu ? 0x7fffffffu : (uint32_t)max_pixels;
  if (dimension_limit == 0) dimension_limit = 1;
  png_set_user_limits(png, dimension_limit, dimension_limit);
  /* 0 would mean "no limit" to libpng: never pass it. A chunk over the limit is dropped
     with a warning ("chunk data is too large" / "insufficient memory"). */
  png_set_chunk_malloc_max(png, max_chunk_bytes == 0 ? 1 : max_chunk_bytes);

  png_read_info(png, png_info);

  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0, interlace = 0;
  png_get_IHDR(png, png_info, &width, &height, &bit_depth, &color_type, &interlace, NULL,
               NULL);
  info->width = width;
  info->height = height;
  info->source_bit_depth = bit_depth;
  info->source_color_type = color_type;
  info->interlaced = interlace != PNG_INTERLACE_NONE;
  info->has_trns = png_get_valid(png, png_info, PNG_INFO_tRNS) != 0;
  png_uint_32 res_x = 0, res_y = 0;
  int unit = 0;
  if (png_get_pHYs(png, png_info, &res_x, &res_y, &unit) != 0) {
    info->has_phys = 1;
    info->phys_x = res_x;
    info->phys_y = res_y;
    info->phys_unit = unit;
  }

  if (width == 0 || height == 0) {
    densito_status_fail(status, DENSITO_ERR_ZERO_SIZE, "zero width or height");
    png_error(png, status->message);
  }
  if ((uint64_t)width * (uint64_t)height > max_pixels) {
    densito_status_fail(status, DENSITO_ERR_TOO_LARGE, "declared size exceeds the budget");
    png_error(png, status->message);
  }

  /* Exact transforms only. Palette images are read as one index per byte and mapped by
     densito_png_emit_row. */
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_packing(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (bit_depth == 16 && densito_host_is_little_endian()) png_set_swap(png);
  int passes = png_set_interlace_handling(png);
  png_read_update_info(png, png_info);

  int channels = png_get_channels(png, png_info);
  int out_depth = png_get_bit_depth(png, png_info);
  size_t row_bytes = png_get_rowbytes(png, png_info);
  size_t expected = (size_t)width * (size_t)channels * (size_t)(out_depth / 8);
  if (row_bytes != expected || (out_depth != 8 && out_depth != 16)) {
    densito_status_fail(status, DENSITO_ERR_LIBRARY, "unexpected row layout after transforms");
    png_error(png, status->message);
  }

  png_colorp palette = NULL;
  int entries = 0;
  if (color_type == PNG_COLOR_TYPE_PALETTE) {
    if (png_get_PLTE(png, png_info, &palette, &entries) == 0 || palette == NULL) {
      densito_status_fail(status, DENSITO_ERR_CORRUPT, "palette image without a PLTE chunk");
      png_error(png, status->message);
    }
    rgb_row = (uint8_t *)malloc((size_t)width * 3);
    if (rgb_row == NULL) {
      densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot allocate a row");
      png_error(png, status->message);
    }
    channels = 3;
  }
  info->channels = channels;
  info->bit_depth = out_depth;
  if (sink->start(sink->context, info) == 0) {
    densito_status_fail(status, DENSITO_ERR_NO_MEMORY,
                        "cannot allocate the image (or its size disagrees with IHDR)");
    png_error(png, status->message);
  }

  if (passes > 1) {
    /* Interlaced: every pass touches every row, so the whole image is kept. */
    if (height > SIZE_MAX / row_bytes) {
      densito_status_fail(status, DENSITO_ERR_TOO_LARGE, "image does not fit in memory");
      png_error(png, status->message);
    }
    buffer = (uint8_t *)malloc(row_bytes * height);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * height);
    if (buffer == NULL || rows == NULL) {
      densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot allocate the pixel buffer");
      png_error(png, status->message);
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = buffer + (size_t)y * row_bytes;
    png_read_image(png, rows);
    for (png_uint_32 y = 0; y < height; y++) {
      densito_png_emit_row(png, sink, y, rows[y], width, palette, entries, rgb_row, status);
    }
  } else {
    /* One row at a time, straight to the sink: no second copy of the image. */
    buffer = (uint8_t *)malloc(row_bytes);
    if (buffer == NULL) {
      densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot allocate a row");
      png_error(png, status->message);
    }
    for (png_uint_32 y = 0; y < height; y++) {
      png_read_row(png, buffer, NULL);
      densito_png_emit_row(png, sink, y, buffer, width, palette, entries, rgb_row, status);
    }
  }
  png_read_end(png, NULL);

  free(rows);
  rows = NULL;
  free(buffer);
  buffer = NULL;
  free(rgb_row);
  rgb_row = NULL;
  png_destroy_read_struct(&png, &png_info, NULL);
  return DENSITO_OK;
}

/* ---- encoding -------------------------------------------------------------------- */

typedef struct {
  uint8_t *data;
  size_t size;
  size_t capacity;
} densito_png_output;

static void densito_png_write(png_structp png, png_bytep bytes, size_t length) {
  densito_png_output *sink = (densito_png_output *)png_get_io_ptr(png);
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

static void densito_png_flush(png_structp png) { (void)png; }

/* The one libpng write path: rows of `channels` samples of `bit_depth` bits, written in
   memory. Only this function calls setjmp for writing; the public entry points below check
   their arguments and call it. */
static densito_code densito_png_encode(const uint8_t *base, uint32_t width, uint32_t height,
                                       int bit_depth, int color_type, size_t channels,
                                       uint32_t ppm_x, uint32_t ppm_y, int compression_level,
                                       void **out, size_t *out_size, densito_status *status) {
  if (width == 0 || height == 0) {
    densito_status_fail(status, DENSITO_ERR_ZERO_SIZE, "zero width or height");
    return status->code;
  }
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, status, densito_png_error,
                                            densito_png_warning);
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
  /* The sink changes after setjmp and is read after a longjmp: it lives on the heap,
     reached through a pointer that is set before setjmp and never changed. */
  densito_png_output *sink = (densito_png_output *)calloc(1, sizeof *sink);
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

  png_set_write_fn(png, sink, densito_png_write, densito_png_flush);
  png_set_IHDR(png, png_info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (ppm_x != 0 && ppm_y != 0) {
    png_set_pHYs(png, png_info, ppm_x, ppm_y, PNG_RESOLUTION_METER);
  }
  if (compression_level >= 0) png_set_compression_level(png, compression_level);
  png_write_info(png, png_info);
  if (bit_depth == 16 && densito_host_is_little_endian()) png_set_swap(png);

  size_t row_bytes = (size_t)width * channels * (size_t)(bit_depth / 8);
  for (uint32_t y = 0; y < height; y++) {
    png_write_row(png, (png_const_bytep)(base + (size_t)y * row_bytes));
  }
  png_write_end(png, png_info);
  png_destroy_write_struct(&png, &png_info);

  *out = sink->data;
  *out_size = sink->size;
  free(sink);
  return DENSITO_OK;
}

densito_code densito_png_encode_gray(const void *samples, uint32_t width, uint32_t height,
                                     int bit_depth, uint32_t ppm_x, uint32_t ppm_y,
                                     void **out, size_t *out_size, densito_status *status) {
  densito_status_reset(status);
  *out = NULL;
  *out_size = 0;
  if (bit_depth != 8 && bit_depth != 16) {
    densito_status_fail(status, DENSITO_ERR_UNSUPPORTED, "bit depth must be 8 or 16");
    return status->code;
  }
  return densito_png_encode((const uint8_t *)samples, width, height, bit_depth,
                            PNG_COLOR_TYPE_GRAY, 1, ppm_x, ppm_y, -1, out, out_size, status);
}

/* 8-bit RGB encoding (report pictures): deterministic, no time chunk, fixed settings.
   zlib level 3 with libpng's adaptive filters. Measured on the demo's 12 pictures (11 overlays
   576x488 and the 1672x960 chart, libpng 1.6.39, zlib 1.2.13): level 9 took 2.11 CPU-s for
   1,222,237 bytes, level 6 0.37 s for 1,411,552, level 3 0.13 s for 1,423,151 (+16 % over 9,
   +0.8 % over 6); levels 1-2 and the single-filter variants were larger for little gain.
   Levels 1-3 use zlib's fast deflate, which is why 3 is nearly as small as 6 here. */
densito_code densito_png_encode_rgb8(const uint8_t *rgb, uint32_t width, uint32_t height,
                                     void **out, size_t *out_size, densito_status *status) {
  densito_status_reset(status);
  *out = NULL;
  *out_size = 0;
  return densito_png_encode(rgb, width, height, 8, PNG_COLOR_TYPE_RGB, 3, 0, 0, 3, out,
                            out_size, status);
}
