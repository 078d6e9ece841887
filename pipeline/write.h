/*
 * write.h - the writers: one entry point per output format.
 *
 * Each writer reads only the prepared document tree and the house style,
 * keeps all its state in locals of one call (nothing survives from one
 * build to the next), and writes one file.  Output is deterministic: the
 * same tree, style and options give the same bytes.
 */
#ifndef PAPERS_WRITE_H
#define PAPERS_WRITE_H

#include "doc.h"
#include "style.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define WRITE_ERROR (write_error_quark())
GQuark write_error_quark(void);
typedef enum { WRITE_ERROR_IO, WRITE_ERROR_FONT, WRITE_ERROR_FAILED } write_error_code;

typedef struct {
    /* Seconds since 1970 for "created"/"modified" metadata.  When negative,
     * the document's own date (DOC_META_DATE, midnight UTC) is used; never
     * the clock.  The command line fills this from SOURCE_DATE_EPOCH. */
    int64_t source_date_epoch;
} write_options;

/* The metadata timestamp the options and document call for, as a UTC
 * GDateTime (caller unrefs).  Never NULL: falls back to 1980-01-01. */
GDateTime *write_timestamp(const doc_document *doc, const write_options *opt);

/* Plain text: the document as a reader sees it, wrapped at 78 columns. */
char *write_txt_string(const doc_document *doc, const house_style *style);
bool write_txt(const doc_document *doc, const house_style *style,
               const write_options *opt, const char *path, GError **error);

/* The document tree itself as canonical XML (doc_document_dump): for
 * checking what a template made, and for golden tests. */
bool write_tree(const doc_document *doc, const house_style *style,
                const write_options *opt, const char *path, GError **error);

/* WordprocessingML package (libzip + libxml2's xmlTextWriter). */
bool write_docx(const doc_document *doc, const house_style *style,
                const write_options *opt, const char *path, GError **error);

/* Typeset PDF (pango on a cairo PDF surface), tagged. */
bool write_pdf(const doc_document *doc, const house_style *style,
               const write_options *opt, const char *path, GError **error);

#endif
