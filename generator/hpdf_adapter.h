/* hpdf_adapter.h: what reformgen does with libharu beyond its public API
 * (hpdf.h), in one place. pdf.c builds font and stream objects with libharu's
 * object layer (hpdf_objects.h, installed and exported, but not documented as
 * API) and hands it streams it deflated itself; the few reads of libharu's
 * structs this needs are in hpdf_adapter.c, written against libharu 2.3.0's
 * headers: the build stops on another version, and hpdfa_version_ok catches a
 * shared library swapped under the executable. */
#ifndef REFORMGEN_HPDF_ADAPTER_H
#define REFORMGEN_HPDF_ADAPTER_H

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_version.h>
#include <stddef.h>

#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0
#error "hpdf_adapter.c reads libharu 2.3.0's structs (HPDF_Doc_Rec, HPDF_Dict_Rec, HPDF_PageAttr_Rec): check them against this version's headers and update the version test"
#endif

/* Whether the libharu loaded at run time is the one compiled against. */
int hpdfa_version_ok(void);

/* The document's memory manager and cross-reference table, which the object
 * layer's constructors take. */
HPDF_MMgr hpdfa_mmgr(HPDF_Doc pdf);
HPDF_Xref hpdfa_xref(HPDF_Doc pdf);

/* A new indirect stream object, empty. */
HPDF_Dict hpdfa_stream_new(HPDF_Doc pdf);

/* The content stream of a page made by HPDF_AddPage. */
HPDF_Dict hpdfa_page_contents(HPDF_Page page);

/* Makes data[0..n), already deflated (zlib format), the whole stream of
 * dict s (an image or a stream object), marked /Filter /FlateDecode.
 * libharu must not compress it again: the document's compression mode is
 * HPDF_COMP_NONE. Returns HPDF_OK or libharu's error. */
HPDF_STATUS hpdfa_put_deflated(HPDF_Dict s, const void *data, size_t n);

/* For PDF/A (pdfa.h): the catalog and trailer dictionaries, the version
 * written in the header, and data[0..n) as the whole of stream s, not
 * compressed (the document's compression mode is HPDF_COMP_NONE). */
HPDF_Dict hpdfa_catalog(HPDF_Doc pdf);
HPDF_Dict hpdfa_trailer(HPDF_Doc pdf);
void hpdfa_set_version(HPDF_Doc pdf, HPDF_PDFVer v);
HPDF_STATUS hpdfa_put_raw(HPDF_Dict s, const void *data, size_t n);
/* Calls each(data, n, user) with the bytes of every page's content stream as
 * they will be written (deflated), page by page in order. */
void hpdfa_each_page_content(HPDF_Doc pdf, void (*each)(const void *data, size_t n, void *user), void *user);

#endif
