/*
 * pdf_parts.h - several laid-out documents drawn into one PDF (private to
 * the PDF writer and the meeting pack, pdf_pack.h).
 *
 * write_pdf draws one document; a meeting's agenda pack is many, each in
 * its own house style, with page numbers running through the whole file.
 * So the drawing stage takes a list of parts: each part is a document that
 * pdf_layout.c has measured and paginated on its own, and starts on a new
 * page.  Running furniture prints the file's page numbers ({page}, {pages}),
 * and with page_labels pdf_finish labels every page (/PageLabels) with the
 * number printed on it.  Links whose URL is "#name" jump to the destination of that name.
 *
 * write_pdf is the one-part case (no labels, no destinations): its bytes do
 * not change.
 */
#ifndef PAPERS_PDF_PARTS_H
#define PAPERS_PDF_PARTS_H

#include "pdf_layout.h"
#include "write.h"

/* Outline levels: the pack's item and document bookmarks, then a
 * document's three heading levels beneath them. */
#define PDF_OUTLINE_LEVELS 6

/* A place inside the file that links ("#name") and bookmarks jump to. */
typedef struct {
    const char *name;
    int page; /* 0-based page of the file */
    double x, y;
} pdf_dest;

/* A bookmark added to the outline just before its part's own headings. */
typedef struct {
    int level;         /* 1 .. PDF_OUTLINE_LEVELS */
    const char *title;
    int dest;          /* index into pdf_parts.dests */
} pdf_bookmark;

typedef struct {
    pdf_layout *lay;          /* measured and paginated */
    const doc_document *doc;  /* its furniture's fields */
    const pdf_bookmark *bookmarks;
    int n_bookmarks;
} pdf_part;

typedef struct {
    const pdf_part *parts;
    int n_parts;
    const doc_document *meta; /* title, author, language, date of the file */
    const char *outer_tag;    /* a structure element around every part, or NULL */
    int number_base;          /* the first page prints number_base + 1 */
    bool page_labels;         /* each page's label is its printed number */
    int outline_shift;        /* a heading of level n is outline level n + shift */
    const pdf_dest *dests;
    int n_dests;
} pdf_parts;

/* Draw the parts into one tagged PDF and finish it (pdf_finish.h). */
bool pdf_write_parts(const pdf_parts *parts, const write_options *opt, write_sink *sink,
                     GError **error);

#endif
