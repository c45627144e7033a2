/*
 * libjpeg(-turbo) behind setjmp: decoding from memory.
 *
 * libjpeg's default error_exit prints and calls exit(); it is replaced by one that
 * records the message and longjmps back to the entry point. Warnings are recorded, never
 * printed; the ones after which libjpeg would carry on with made-up data (premature end
 * of file, corrupt entropy-coded data) stop decoding with an error instead.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

#include "status.h"

/* More scans than this is a decompression bomb (each progressive scan re-walks the
   whole coefficient buffer); libjpeg-turbo's own tools use a limit of the same order. */
enum { DENSITO_JPEG_MAX_SCANS = 500 };

typedef struct {
  struct jpeg_error_mgr manager; /* first, so a j_common_ptr's err can be cast to this */
  jmp_buf jump;
  densito_status *status;
  size_t input_size;
} densito_jpeg_errors;

typedef struct {
  struct jpeg_progress_mgr manager;
  densito_jpeg_errors *errors;
} densito_jpeg_progress;

static void densito_jpeg_format(j_common_ptr cinfo, char *out) {
  out[0] = '\0';
  (*cinfo->err->format_message)(cinfo, out);
}

static void densito_jpeg_error_exit(j_common_ptr cinfo) {
  densito_jpeg_errors *errors = (densito_jpeg_errors *)cinfo->err;
  char message[JMSG_LENGTH_MAX];
  densito_jpeg_format(cinfo, message);
  densito_status_fail(errors->status, DENSITO_ERR_LIBRARY, message);
  longjmp(errors->jump, 1);
}

static void densito_jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

/* Warnings after which libjpeg substitutes data of its own making. */
static int densito_jpeg_warning_corrupts_pixels(int code) {
  switch (code) {
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
#ifdef JWRN_ARITH_BAD_CODE
    case JWRN_ARITH_BAD_CODE:
#endif
      return 1;
    default:
      return 0;
  }
}

static void densito_jpeg_emit_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return; /* trace messages */
  densito_jpeg_errors *errors = (densito_jpeg_errors *)cinfo->err;
  char text[JMSG_LENGTH_MAX];
  densito_jpeg_format(cinfo, text);
  int code = cinfo->err->msg_code;
  if (code == JWRN_JPEG_EOF) {
    char message[DENSITO_MESSAGE_CAPACITY];
    if (!cinfo->is_decompressor) {
      snprintf(message, sizeof message, "file ends after %zu bytes (libjpeg: %s)",
               errors->input_size, text);
    } else {
      j_decompress_ptr d = (j_decompress_ptr)cinfo;
      snprintf(message, sizeof message,
               "file ends after %zu bytes, before the image data is complete (at output "
               "row %u of %u, scan %d; libjpeg: %s)",
               errors->input_size, (unsigned)d->output_scanline, (unsigned)d->output_height,
               d->input_scan_number, text);
    }
    densito_status_fail(errors->status, DENSITO_ERR_TRUNCATED, message);
    longjmp(errors->jump, 1);
  }
  if (densito_jpeg_warning_corrupts_pixels(code)) {
    densito_status_fail(errors->status, DENSITO_ERR_CORRUPT, text);
    longjmp(errors->jump, 1);
  }
  cinfo->err->num_warnings++;
  densito_status_warn(errors->status, text);
}

static void densito_jpeg_progress_monitor(j_common_ptr cinfo) {
  if (!cinfo->is_decompressor) return;
  j_decompress_ptr d = (j_decompress_ptr)cinfo;
  if (d->input_scan_number > DENSITO_JPEG_MAX_SCANS) {
    densito_jpeg_errors *errors = (densito_jpeg_errors *)cinfo->err;
    char message[DENSITO_MESSAGE_CAPACITY];
    snprintf(message, sizeof message, "more than %d scans (a decompression bomb)",
             DENSITO_JPEG_MAX_SCANS);
    densito_status_fail(errors->status, DENSITO_ERR_CORRUPT, message);
    longjmp(errors->jump, 1);
  }
}

static const char *densito_jpeg_space_name(int space) {
  switch (space) {
    case JCS_CMYK: return "CMYK";
    case JCS_YCCK: return "YCCK";
    case JCS_UNKNOWN: return "unknown";
    default: return "other";
  }
}

densito_code densito_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                                 size_t max_memory, densito_jpeg_info *info, void **pixels,
                                 densito_status *status) {
  densito_status_reset(status);
  memset(info, 0, sizeof *info);
  *pixels = NULL;

  struct jpeg_decompress_struct cinfo;
  densito_jpeg_errors errors;
  densito_jpeg_progress progress;
  memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = densito_jpeg_error_exit;
  errors.manager.emit_message = densito_jpeg_emit_message;
  errors.manager.output_message = densito_jpeg_output_message;
  errors.status = status;
  errors.input_size = size;
  /* Written after setjmp and read after a longjmp: must be volatile. */
  uint8_t *volatile buffer = NULL;
  volatile int created = 0;

  if (setjmp(errors.jump)) {
    if (created) jpeg_destroy_decompress(&cinfo);
    free(buffer);
    if (status->code == DENSITO_OK) {
      densito_status_fail(status, DENSITO_ERR_LIBRARY, "libjpeg failed without a message");
    }
    return status->code;
  }

  jpeg_create_decompress(&cinfo);
  created = 1;
  cinfo.mem->max_memory_to_use = max_memory > (size_t)LONG_MAX ? LONG_MAX : (long)max_memory;
  progress.manager.progress_monitor = densito_jpeg_progress_monitor;
  progress.errors = &errors;
  cinfo.progress = &progress.manager;
  if (size > (size_t)(unsigned long)-1) {
    densito_status_fail(status, DENSITO_ERR_TOO_LARGE, "input larger than libjpeg accepts");
    longjmp(errors.jump, 1);
  }
  jpeg_mem_src(&cinfo, data, (unsigned long)size);
  (void)jpeg_read_header(&cinfo, TRUE);

  info->width = cinfo.image_width;
  info->height = cinfo.image_height;
  info->num_components = cinfo.num_components;
  info->jpeg_color_space = cinfo.jpeg_color_space;
  info->source_is_rgb = cinfo.jpeg_color_space == JCS_RGB;
  info->data_precision = cinfo.data_precision;
  info->progressive = cinfo.progressive_mode ? 1 : 0;
  info->saw_jfif = cinfo.saw_JFIF_marker ? 1 : 0;
  info->density_unit = cinfo.density_unit;
  info->x_density = cinfo.X_density;
  info->y_density = cinfo.Y_density;

  switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
      cinfo.out_color_space = JCS_GRAYSCALE;
      break;
    case JCS_YCbCr:
    case JCS_RGB:
      cinfo.out_color_space = JCS_RGB;
      break;
    default: {
      char message[DENSITO_MESSAGE_CAPACITY];
      snprintf(message, sizeof message, "colour space %s (%d components)",
               densito_jpeg_space_name(cinfo.jpeg_color_space), cinfo.num_components);
      densito_status_fail(status, DENSITO_ERR_UNSUPPORTED, message);
      longjmp(errors.jump, 1);
    }
  }
  if (cinfo.image_width == 0 || cinfo.image_height == 0) {
    densito_status_fail(status, DENSITO_ERR_ZERO_SIZE, "zero width or height");
    longjmp(errors.jump, 1);
  }
  if ((uint64_t)cinfo.image_width * (uint64_t)cinfo.image_height > max_pixels) {
    densito_status_fail(status, DENSITO_ERR_TOO_LARGE, "declared size exceeds the budget");
    longjmp(errors.jump, 1);
  }

  (void)jpeg_start_decompress(&cinfo);
  int channels = cinfo.output_components;
  if ((channels != 1 && channels != 3) || cinfo.output_width != cinfo.image_width ||
      cinfo.output_height != cinfo.image_height) {
    densito_status_fail(status, DENSITO_ERR_LIBRARY, "unexpected output layout");
    longjmp(errors.jump, 1);
  }
  info->channels = channels;
  size_t row_bytes = (size_t)cinfo.output_width * (size_t)channels;
  buffer = (uint8_t *)malloc(row_bytes * (size_t)cinfo.output_height);
  if (buffer == NULL) {
    densito_status_fail(status, DENSITO_ERR_NO_MEMORY, "cannot allocate the pixel buffer");
    longjmp(errors.jump, 1);
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rows[16];
    JDIMENSION count = 0;
    while (count < 16 && cinfo.output_scanline + count < cinfo.output_height) {
      rows[count] = buffer + (size_t)(cinfo.output_scanline + count) * row_bytes;
      count++;
    }
    JDIMENSION read = jpeg_read_scanlines(&cinfo, rows, count);
    if (read == 0) {
      densito_status_fail(status, DENSITO_ERR_LIBRARY, "libjpeg returned no rows");
      longjmp(errors.jump, 1);
    }
  }
  (void)jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  *pixels = buffer;
  return DENSITO_OK;
}
