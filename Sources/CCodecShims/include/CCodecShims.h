#ifndef DENSITO_CCODECSHIMS_H
#define DENSITO_CCODECSHIMS_H
/*
 * C entry points around libpng and libjpeg(-turbo).
 *
 * Both libraries report fatal errors by longjmp (libjpeg's default even calls exit()),
 * which Swift cannot catch. Every png_* and jpeg_* call therefore lives in this file,
 * behind a setjmp that the entry point itself sets; the error callbacks copy the
 * library's message into a `densito_status` and jump back, and the entry point returns
 * an error code. Nothing here prints to stdout or stderr.
 *
 * Buffers returned through `pixels` are allocated with malloc; release them with
 * `densito_free`.
 */
#include <stddef.h>
#include <stdint.h>

/* What went wrong, for Swift to map to `DecodingError`. */
typedef enum {
  DENSITO_OK = 0,
  /* The library reported an error; `message` holds its text. */
  DENSITO_ERR_LIBRARY = 1,
  /* The input ended before the data the file declares; `message` has the evidence. */
  DENSITO_ERR_TRUNCATED = 2,
  /* The declared size exceeds the pixel budget; `width`/`height` are filled in. */
  DENSITO_ERR_TOO_LARGE = 3,
  /* Out of memory. */
  DENSITO_ERR_NO_MEMORY = 4,
  /* A valid file using a feature that is not handled; `message` names it. */
  DENSITO_ERR_UNSUPPORTED = 5,
  /* The data is damaged (libjpeg's corrupt-data warnings); `message` holds the text. */
  DENSITO_ERR_CORRUPT = 6,
  /* Width or height is zero. */
  DENSITO_ERR_ZERO_SIZE = 7
} densito_code;

enum { DENSITO_MESSAGE_CAPACITY = 512, DENSITO_WARNINGS_CAPACITY = 1024 };

typedef struct {
  densito_code code;
  /* NUL-terminated; empty when code is DENSITO_OK. */
  char message[DENSITO_MESSAGE_CAPACITY];
  /* Non-fatal library messages, each ending with '\n' (truncated if too many). */
  char warnings[DENSITO_WARNINGS_CAPACITY];
} densito_status;

/* ---- PNG decoding ------------------------------------------------------------------ */

typedef struct {
  uint32_t width;
  uint32_t height;
  /* As stored in the file (IHDR). */
  int source_bit_depth;
  int source_color_type; /* PNG colour type 0, 2, 3, 4, 6 */
  int interlaced;
  int has_trns;
  /* pHYs: pixels per unit; unit 1 = metre, 0 = unknown (aspect ratio only). */
  int has_phys;
  uint32_t phys_x;
  uint32_t phys_y;
  int phys_unit;
  /* Layout of the rows handed to the sink, after the exact transforms (palette already
     mapped to RGB): 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA; 8- or 16-bit samples (16-bit in
     host byte order). */
  int channels;
  int bit_depth;
} densito_png_info;

/* Where decoded PNG rows go. `start` is called once, after the header is read and before
   any row, with `info` complete; it returns 0 when it cannot take the image (decoding
   then stops with DENSITO_ERR_NO_MEMORY). `row` is called once per row, top to bottom,
   with `info->width * info->channels` samples laid out as `info` says; the pointer is
   only valid during the call. */
typedef struct {
  int (*start)(void *context, const densito_png_info *info);
  void (*row)(void *context, uint32_t y, const void *samples);
  void *context;
} densito_png_sink;

/*
 * Decodes a whole PNG held in memory with libpng's classic API, handing rows to `sink`.
 *
 * Transforms (all exact): palette to RGB (an index past the end of PLTE is an error,
 * DENSITO_ERR_CORRUPT, where libpng would give black), 1/2/4-bit gray expanded to 8 bits
 * by bit replication (v * 255 / (2^b - 1)), 16-bit samples swapped to host order,
 * interlace handling. No gamma, no alpha blending, no sBIT shift; tRNS is never turned
 * into alpha. Non-interlaced images are decoded one row at a time (no whole-image
 * buffer); interlaced ones into a whole-image buffer first.
 *
 * `max_pixels` bounds width * height (checked after IHDR, before any pixel allocation);
 * `max_chunk_bytes` bounds every ancillary chunk (png_set_chunk_malloc_max).
 */
densito_code densito_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                                size_t max_chunk_bytes, densito_png_info *info,
                                const densito_png_sink *sink, densito_status *status);

/*
 * Encodes a single-channel image as a PNG (colour type 0) of bit depth 8 or 16.
 * `samples` holds width * height values: uint8_t for 8-bit, uint16_t (host order) for
 * 16-bit. When `ppm_x` and `ppm_y` are non-zero a pHYs chunk in pixels per metre is
 * written. On success `*out` / `*out_size` hold the file.
 */
densito_code densito_png_encode_gray(const void *samples, uint32_t width, uint32_t height,
                                     int bit_depth, uint32_t ppm_x, uint32_t ppm_y,
                                     void **out, size_t *out_size, densito_status *status);

/* ---- JPEG decoding ----------------------------------------------------------------- */

typedef struct {
  uint32_t width;
  uint32_t height;
  int num_components;         /* in the file */
  int jpeg_color_space;       /* libjpeg J_COLOR_SPACE of the file */
  int source_is_rgb;          /* 1 when the file stores RGB (Adobe transform 0), not YCbCr */
  int data_precision;         /* bits per sample in the file */
  int progressive;
  /* JFIF density: unit 0 = aspect ratio only, 1 = dots per inch, 2 = dots per cm. */
  int saw_jfif;
  int density_unit;
  uint32_t x_density;
  uint32_t y_density;
  /* Layout of `pixels`: 1 (gray) or 3 (RGB) 8-bit channels, rows packed. */
  int channels;
} densito_jpeg_info;

/*
 * Decodes a baseline or progressive JPEG held in memory with libjpeg(-turbo): gray stays
 * gray, YCbCr/RGB become RGB; CMYK/YCCK are refused (DENSITO_ERR_UNSUPPORTED).
 *
 * A premature end of the data (libjpeg's JWRN_JPEG_EOF warning, after which it would pad
 * with zeros) is reported as DENSITO_ERR_TRUNCATED; corrupt-data warnings that change
 * pixels (bad Huffman code, hit marker, resync) as DENSITO_ERR_CORRUPT.
 *
 * `max_pixels` bounds width * height before jpeg_start_decompress allocates;
 * `max_memory` bounds libjpeg's own working memory (mem->max_memory_to_use).
 */
densito_code densito_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                                 size_t max_memory, densito_jpeg_info *info, void **pixels,
                                 densito_status *status);

/* Releases a buffer returned by the functions above. */
void densito_free(void *pointer);

/* Versions of the libraries linked (for reports). */
const char *densito_libpng_version(void);
int densito_libjpeg_version(void);

/* ---- RGB PNG encoding (report pictures) --------------------------------------------- */

/*
 * Encodes width * height 8-bit RGB triples (row-major, no padding) as a PNG of colour
 * type 2, bit depth 8, compression level 9, no ancillary chunks (same bytes for the same
 * pixels). On success `*out` / `*out_size` hold the file (free with densito_free).
 */
densito_code densito_png_encode_rgb8(const uint8_t *rgb, uint32_t width, uint32_t height,
                                     void **out, size_t *out_size, densito_status *status);

/* ---- File writeback (not a codec: the one system call Swift cannot see) ------------- */

/*
 * Asks the kernel to start writing `count` bytes at `offset` of `fd` to disk without waiting
 * (Linux sync_file_range with SYNC_FILE_RANGE_WRITE; declared only under _GNU_SOURCE, which
 * Swift's Glibc module does not set). A later fsync then waits for less. Returns 0, or -1
 * with errno set; a no-op returning 0 where the call does not exist. Durability still comes
 * from the fsync.
 */
int densito_start_writeback(int fd, long long offset, long long count);

/* ---- SHA-256 with the CPU's SHA extensions (not a codec either) ----------------------- */

/* The 64 round constants of SHA-256 (FIPS 180-4 §4.2.2), shared with the portable path. */
const uint32_t *densito_sha256_constants(void);

/* 1 when this CPU has the x86 SHA extensions with SSSE3 and SSE4.1 (asked with CPUID), else
 * 0 (and always 0 off x86-64). */
int densito_sha256_hw_available(void);

/* Compresses `blocks` 64-byte blocks at `data` into `state` (A..H, FIPS 180-4 §6.2.2) with
 * SHA256RNDS2/MSG1/MSG2. Call only when densito_sha256_hw_available() is 1. */
void densito_sha256_hw_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
