/* hpdf_mem.c: libharu 2.3.0's memory helpers, one word at a time.
 *
 * libharu copies every stream it holds and writes (the compressed fonts and
 * pages, twice over when saving) with HPDF_MemCpy and clears its buffers with
 * HPDF_MemSet, both loops of one byte per turn: 5.1 M of the 116 M
 * instructions of the peers' benchmark document in a worker (callgrind). The
 * library calls them through its procedure linkage table, so these
 * definitions, which the executable exports, are the ones its calls reach
 * (tests/t_pdf_fonts.sh checks that the executable exports them). They keep
 * the library's contract: each returns the end of the area it wrote. */
#include <hpdf.h>
#include <hpdf_utils.h>
#include <string.h>

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
  if (n) memcpy(out, in, n);
  return out + n;
}

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
  if (n) memset(s, c, n);
  return (HPDF_BYTE *)s + n;
}
