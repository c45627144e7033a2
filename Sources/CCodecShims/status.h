/* Helpers shared by the codec shims (private to this target). */
#ifndef DENSITO_SHIM_STATUS_H
#define DENSITO_SHIM_STATUS_H
#include "CCodecShims.h"

/* Records `code` and `message` unless an earlier error is already recorded (the first
   error is the cause; later ones are consequences). */
void densito_status_fail(densito_status *status, densito_code code, const char *message);

/* Appends one line to the warnings buffer; drops it when the buffer is full. */
void densito_status_warn(densito_status *status, const char *message);

/* Clears a status before use. */
void densito_status_reset(densito_status *status);

/* 1 on little-endian hosts. */
int densito_host_is_little_endian(void);
#endif
