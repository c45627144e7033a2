#include "CCodecShims.h"
int densito_codec_shims_version(void) { return 1; }
