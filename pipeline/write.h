/*
 * write.h - the writers: one entry point per output format.
 *
 * Each writer reads only the prepared document tree and the house style,
 * keeps all its state in locals of one call (nothing survives from one
 * build to the next), and puts its bytes into a sink it is handed.  A
 * writer never opens, renames or removes a file: the build owns files,
 * staging and atomicity.  Output is deterministic: the same tree, style
 * and options give the same bytes.
 */
#ifndef PAPERS_WRITE_H
#define PAPERS_WRITE_H

#include "doc.h"
#include "style.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define WRITE_ERROR (write_error_quark())
GQuark write_error_quark(void);
/* IO and FAILED: the output could not be made; FONT and LIMIT (a document
 * longer than guard.h allows): the inputs ask for what cannot be made. */
typedef enum {
    WRITE_ERROR_IO,
    WRITE_ERROR_FONT,
    WRITE_ERROR_FAILED,
    WRITE_ERROR_LIMIT,
} write_error_code;

typedef struct {
    /* Seconds since 1970 for "created"/"modified" metadata.  When negative,
     * the document's own date (DOC_META_DATE, midnight UTC) is used; never
     * the clock.  The command line fills this from SOURCE_DATE_EPOCH. */
    int64_t source_date_epoch;
} write_options;

/* Where a writer's bytes go: memory (what the build uses) or an open
 * stream.  After a failed put, error holds the errno-style cause and every
 * later put fails too, so a writer may check once at the end. */
typedef struct write_sink write_sink;
struct write_sink {
    bool (*put)(write_sink *sink, const void *data, size_t len);
    void *target; /* GByteArray * or FILE *, as set up below */
    int error;    /* 0, or the errno of the first failure */
};

void write_sink_to_bytes(write_sink *sink, GByteArray *bytes);
void write_sink_to_stream(write_sink *sink, FILE *stream);
bool write_sink_put(write_sink *sink, const void *data, size_t len);
/* The sink's failure as WRITE_ERROR_IO naming what was being written. */
bool write_sink_failed(const write_sink *sink, const char *what, GError **error);

typedef bool (*write_fn)(const doc_document *doc, const house_style *style,
                         const write_options *opt, write_sink *sink, GError **error);

/* For tools and tests: run a writer into memory, then save the bytes at
 * path (g_file_set_contents: temporary file and rename).  The build does
 * not use this; it stages whole versions itself. */
bool write_to_file(write_fn fn, const doc_document *doc, const house_style *style,
                   const write_options *opt, const char *path, GError **error);

/* The metadata timestamp the options and document call for, as a UTC
 * GDateTime (caller unrefs).  Never NULL: falls back to 1980-01-01. */
GDateTime *write_timestamp(const doc_document *doc, const write_options *opt);

/* Plain text: the document as a reader sees it, wrapped at 78 columns. */
char *write_txt_string(const doc_document *doc, const house_style *style);
bool write_txt(const doc_document *doc, const house_style *style,
               const write_options *opt, write_sink *sink, GError **error);

/* The document tree itself as canonical XML (doc_document_dump): for
 * checking what a template made, and for golden tests. */
bool write_tree(const doc_document *doc, const house_style *style,
                const write_options *opt, write_sink *sink, GError **error);

/* WordprocessingML package (libzip + libxml2's xmlTextWriter). */
bool write_docx(const doc_document *doc, const house_style *style,
                const write_options *opt, write_sink *sink, GError **error);

/* Typeset PDF (pango on a cairo PDF surface), tagged. */
bool write_pdf(const doc_document *doc, const house_style *style,
               const write_options *opt, write_sink *sink, GError **error);

/* One self-contained web page (semantic HTML5, its stylesheet embedded,
 * no scripts); the index page of a report is html_index.h. */
bool write_html(const doc_document *doc, const house_style *style,
                const write_options *opt, write_sink *sink, GError **error);

#endif
