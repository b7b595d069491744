/* hpdf_adapter.c: the reads of libharu 2.3.0's structs (hpdf_adapter.h). */
#include "hpdf_adapter.h"

#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <string.h>

int hpdfa_version_ok(void)
{
  const char *v = HPDF_GetVersion();
  return v && strcmp(v, HPDF_VERSION_TEXT) == 0;
}

HPDF_MMgr hpdfa_mmgr(HPDF_Doc pdf) { return pdf->mmgr; }

HPDF_Xref hpdfa_xref(HPDF_Doc pdf) { return pdf->xref; }

HPDF_Dict hpdfa_stream_new(HPDF_Doc pdf) { return HPDF_DictStream_New(pdf->mmgr, pdf->xref); }

HPDF_Dict hpdfa_page_contents(HPDF_Page page)
{
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  return attr ? attr->contents : NULL;
}

/* Dictionary write hook: the /Filter of a stream deflated by the caller
 * (libharu writes /Filter only for the filters it applies itself). */
static HPDF_STATUS flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
  (void)dict;
  return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

HPDF_STATUS hpdfa_put_deflated(HPDF_Dict s, const void *data, size_t n)
{
  if (!s || !s->stream || s->stream->type != HPDF_STREAM_MEMORY || n > 0xFFFFFFFFu) return HPDF_INVALID_OBJECT;
  HPDF_MemStream_FreeData(s->stream);
  s->filter = HPDF_STREAM_FILTER_NONE;
  s->write_fn = flate_filter;
  return HPDF_Stream_Write(s->stream, data, (HPDF_UINT)n);
}

HPDF_Dict hpdfa_catalog(HPDF_Doc pdf) { return pdf->catalog; }

HPDF_Dict hpdfa_trailer(HPDF_Doc pdf) { return pdf->trailer; }

void hpdfa_set_version(HPDF_Doc pdf, HPDF_PDFVer v) { pdf->pdf_version = v; }

void hpdfa_each_page_content(HPDF_Doc pdf, void (*each)(const void *data, size_t n, void *user), void *user)
{
  for (HPDF_UINT i = 0; pdf->page_list && i < pdf->page_list->count; i++) {
    HPDF_Dict c = hpdfa_page_contents((HPDF_Page)HPDF_List_ItemAt(pdf->page_list, i));
    if (!c || !c->stream || c->stream->type != HPDF_STREAM_MEMORY) continue;
    HPDF_UINT nb = HPDF_MemStream_GetBufCount(c->stream);
    for (HPDF_UINT k = 0; k < nb; k++) {
      HPDF_UINT len = 0;
      HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(c->stream, k, &len);
      if (p && len) each(p, len, user);
    }
  }
}

HPDF_STATUS hpdfa_put_raw(HPDF_Dict s, const void *data, size_t n)
{
  if (!s || !s->stream || s->stream->type != HPDF_STREAM_MEMORY || n > 0xFFFFFFFFu) return HPDF_INVALID_OBJECT;
  HPDF_MemStream_FreeData(s->stream);
  s->filter = HPDF_STREAM_FILTER_NONE;
  return HPDF_Stream_Write(s->stream, data, (HPDF_UINT)n);
}
