/* memory.c: how the process takes memory from the kernel (memory.h).
 *
 * A render touches some 15 MB of heap (trees, display list, font subsets,
 * compression buffers), much of it freed and taken again from document to
 * document, and page faults were a large part of a render's time. So:
 * - the heap grows 64 MB at a time and keeps what is freed (a worker reuses
 *   the same pages for every county instead of faulting them in again), and
 *   buffers up to 32 MB come from the heap rather than from their own mmap;
 * - the heap is marked MADV_HUGEPAGE, so that where transparent huge pages are
 *   enabled (always, or on request as on Debian) one fault maps 2 MB.
 * The same settings as glibc's tunables glibc.malloc.hugetlb=1 and
 * glibc.malloc.top_pad, which only the environment can set. Every block is
 * still freed by its owner; this only decides what the heap gives back. */
#include "memory.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

enum { TOP_PAD = 64 << 20, BIG = 32 << 20, HUGE_PAGE = 2 << 20, PROBE = 16 << 20 };

void memory_tune(void)
{
  mallopt(M_TOP_PAD, TOP_PAD);
  mallopt(M_TRIM_THRESHOLD, 2 * TOP_PAD);
  mallopt(M_MMAP_THRESHOLD, BIG);
#ifdef MADV_HUGEPAGE
  /* grow the heap now, then mark it; a heap that is not the brk area (a
   * sanitizer's allocator) is left alone */
  char *probe = malloc(PROBE);
  char *top = sbrk(0);
  if (probe && top != (char *)-1 && probe < top && (size_t)(top - probe) <= (size_t)TOP_PAD + 2 * PROBE) {
    uintptr_t lo = ((uintptr_t)probe + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t hi = (uintptr_t)top & ~(uintptr_t)(HUGE_PAGE - 1);
    if (hi > lo) madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
  }
  free(probe);
#endif
}

void memory_give_back(void)
{
  malloc_trim(0);
}

static void *fork_gap;   /* the block memory_fork_prepare holds */

void memory_fork_prepare(void)
{
#ifdef MADV_HUGEPAGE
  if (fork_gap) return;
  struct mallinfo2 mi = mallinfo2();
  char *end = sbrk(0);
  if (end == (char *)-1 || mi.keepcost == 0) return;   /* not glibc's brk heap (a sanitizer's) */
  uintptr_t top = (uintptr_t)end - mi.keepcost;
  size_t gap = (HUGE_PAGE - top % HUGE_PAGE) % HUGE_PAGE;
  /* nothing to take, or not room for it in the free top of the heap */
  if (gap < 4096 || gap + 4096 >= mi.keepcost) return;
  fork_gap = malloc(gap - 64);   /* less a chunk header: the next block starts on the boundary */
#endif
}

void memory_fork_release(void)
{
  free(fork_gap);
  fork_gap = NULL;
}

size_t memory_mark(void)
{
  FILE *f = fopen("/proc/self/status", "re");
  char line[128];
  size_t kb = 0;
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "VmData:", 7) == 0) {
      kb = strtoull(line + 7, NULL, 10);
      break;
    }
  if (f) fclose(f);
  /* less the free top of the heap: counted already, but not in use */
  size_t top = mallinfo2().keepcost;
  return kb * 1024 > top ? kb * 1024 - top : 0;
}

static struct rlimit unbounded;   /* the limit before the first bound */
static int bounded;

void memory_bound(size_t mark, size_t bytes)
{
#if defined(__SANITIZE_ADDRESS__)
  (void)mark;
  (void)bytes;
#else
  if (!mark) return;   /* no /proc: nothing to count from */
  if (!bounded && getrlimit(RLIMIT_DATA, &unbounded) != 0) return;
  struct rlimit r = unbounded;
  rlim_t want = mark + bytes < mark ? RLIM_INFINITY : (rlim_t)(mark + bytes);
  if (r.rlim_cur == RLIM_INFINITY || want < r.rlim_cur) r.rlim_cur = want;
  if (setrlimit(RLIMIT_DATA, &r) == 0) bounded = 1;
#endif
}

void memory_unbound(void)
{
  if (bounded && setrlimit(RLIMIT_DATA, &unbounded) == 0) bounded = 0;
}
