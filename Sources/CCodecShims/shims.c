/* Status helpers, buffer release and library versions shared by the codec shims. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <jpeglib.h>

#include "status.h"

void densito_status_reset(densito_status *status) {
  status->code = DENSITO_OK;
  status->message[0] = '\0';
  status->warnings[0] = '\0';
}

void densito_status_fail(densito_status *status, densito_code code, const char *message) {
  if (status->code != DENSITO_OK) return;
  status->code = code;
  snprintf(status->message, sizeof status->message, "%s", message ? message : "(no message)");
}

void densito_status_warn(densito_status *status, const char *message) {
  size_t used = strlen(status->warnings);
  size_t needed = strlen(message ? message : "") + 2;
  if (used + needed > sizeof status->warnings) return;
  snprintf(status->warnings + used, sizeof status->warnings - used, "%s\n",
           message ? message : "");
}

int densito_host_is_little_endian(void) {
  const uint16_t probe = 1;
  return *(const uint8_t *)&probe == 1;
}

void densito_free(void *pointer) { free(pointer); }

const char *densito_libpng_version(void) { return png_get_libpng_ver(NULL); }

int densito_libjpeg_version(void) { return JPEG_LIB_VERSION; }
