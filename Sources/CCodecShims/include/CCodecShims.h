#ifndef DENSITO_CCODECSHIMS_H
#define DENSITO_CCODECSHIMS_H
/* C entry points around libpng and libjpeg, each with its own setjmp. Filled in by the
   codec work of issue 2. */
int densito_codec_shims_version(void);
#endif
