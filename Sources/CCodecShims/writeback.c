/* Starting the kernel's writeback of a written file range early (Linux sync_file_range). */
#define _GNU_SOURCE
#include <fcntl.h>

#include "CCodecShims.h"

int densito_start_writeback(int fd, long long offset, long long count) {
#ifdef SYNC_FILE_RANGE_WRITE
  return sync_file_range(fd, (off_t)offset, (off_t)count, SYNC_FILE_RANGE_WRITE);
#else
  (void)fd; (void)offset; (void)count;
  return 0;
#endif
}
