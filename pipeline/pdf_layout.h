/*
 * pdf_layout.h - the PDF writer's measure and paginate stages (private).
 *
 * write_pdf works in three steps:
 *
 *   1. measure  (pdf_layout_measure): the tree becomes a flat list of items:
 *      text blocks (one PangoLayout each, with per-line metrics so they can
 *      split at line boundaries), hanging labels (numbers, bullets), table
 *      rows, page breaks, and the begin/end of structure tags;
 *   2. paginate (pdf_layout_paginate): items and their lines are placed on
 *      pages, honouring keep-with-next, widows and orphans, whole table rows
 *      with the header row repeated, and explicit page breaks; the page count
 *      is known before anything is drawn;
 *   3. draw (write_pdf.c): each placement is drawn on a cairo PDF surface.
 *
 * Steps 1 and 2 need no cairo surface, so unit tests run them alone.
 *
 * Ownership: a pdf_layout holds a reference to the thread's font map
 * (pdf_fonts.h) and owns its pango context, every item,
 * every PangoLayout and every placement; pdf_layout_free releases all of
 * them.  Strings taken from the tree (link URLs) stay the tree's.
 * All lengths are points, y grows down the page (cairo's convention).
 */
#ifndef PAPERS_PDF_LAYOUT_H
#define PAPERS_PDF_LAYOUT_H

#include "doc.h"
#include "style.h"

#include <pango/pango.h>
#include <stdbool.h>

/* One line of a text block, relative to the block's top. */
typedef struct {
    double top;      /* top of the line box */
    double height;   /* line box height (line_spacing applied) */
    double fit;      /* what of the box must be inside the text area when the
                        line is the last on a page: its height at single
                        spacing (the rest may hang into the margin) */
    double baseline; /* baseline, from the block's top */
} pdf_line;

/* A link: a byte range of the layout's text and its target. */
typedef struct {
    int start, end;  /* byte offsets into pango_layout_get_text() */
    const char *url; /* the tree's string */
} pdf_link;

/* Redlines: a byte range of inserted or deleted text (doc.h, "Changes"). */
typedef struct {
    int start, end;
    doc_change change; /* DOC_CHANGE_INSERTED or DOC_CHANGE_DELETED */
} pdf_mark;

/* Table lines: 0.5 pt black (layout.md).  LibreOffice counts a row's top
 * border in its height, and the table's bottom border after the last row;
 * so does the layout. */
#define PDF_BORDER_WIDTH 0.5

/* How changes look: inserted text underlined, deleted text struck
 * through, each in its colour (dark enough for 4.5:1 contrast on white),
 * and a bar in the left margin beside every line with a change. */
#define PDF_INSERTED_RGB 0x007A33 /* green */
#define PDF_DELETED_RGB 0xC00000  /* red */
#define PDF_CHANGE_BAR_WIDTH 1.5  /* pt */
#define PDF_CHANGE_BAR_GAP 9.0    /* pt from the bar to the text area */

/* A block of text laid out by pango at a fixed x and width. */
typedef struct {
    PangoLayout *layout; /* owned */
    double x;            /* page x of the layout's left edge */
    double width;        /* the width the layout wraps at; < 0 for labels */
    pdf_line *lines;     /* owned, n_lines of them */
    int n_lines;
    pdf_link *links;     /* owned, n_links of them, in text order */
    int n_links;
    pdf_mark *marks;     /* owned, n_marks of them, in text order */
    int n_marks;
} pdf_text;

/* What a table cell (or a signature column) holds, in reading order: text
 * (y from the row top), and the begin and end of the structure tags around
 * it (P, Lbl, L ...), as the page flow has tag items. */
typedef struct {
    pdf_text *text;  /* owned; NULL for a tag */
    double y;
    const char *tag; /* static: a tag begins here (or ends, tag_end) */
    bool tag_end;
} pdf_piece;

typedef struct {
    double x, width; /* outer edges of the cell on the page */
    GArray *pieces;  /* pdf_piece, owned */
} pdf_cell;

typedef enum {
    PDF_ITEM_TEXT,       /* a paragraph, heading or title line block */
    PDF_ITEM_LABEL,      /* number or bullet hanging beside the next TEXT */
    PDF_ITEM_ROW,        /* a table row (or the signature block) */
    PDF_ITEM_PAGE_BREAK,
    PDF_ITEM_FIGURE,     /* the logo: an image, height tall, never split */
    PDF_ITEM_TAG_BEGIN,  /* structure tag (no size) */
    PDF_ITEM_TAG_END,
} pdf_item_kind;

typedef struct {
    pdf_item_kind kind;
    const doc_node *node;   /* the block it came from (NULL for tags) */
    const char *tag;        /* TAG_*: static structure type, e.g. "P" */
    pdf_text *text;         /* TEXT, LABEL: owned */
    double space_before, space_after;
    bool keep_with_next;    /* headings, header rows */
    bool wrap;              /* TEXT: its runs in Span children of its tag
                               (one tag holds several texts: the title block) */
    bool space_after_text;  /* TEXT: a space follows its words, for readers
                               (a title line that another follows) */
    int heading_level;      /* the outline level of a heading or of the title
                               block's first line (doc_node_outline_level),
                               for the bookmarks; else 0 */
    char *outline_text;     /* owned: the bookmark's text when it is not the
                               item's own (the whole title block); or NULL */
    /* ROW */
    pdf_cell *cells;        /* owned, n_cells of them */
    int n_cells;
    double height;          /* whole row, padding included; FIGURE: the image */
    double x, width;        /* FIGURE: where the image goes, how wide */
    bool header_row;        /* bold on a fill, repeated after a page break */
    bool table;             /* a table's row (the signature block is not) */
    bool borders;           /* drawn with lines (not borderless tables) */
    int header_first;       /* body row: index of its table's first header
                               row item, or -1; header_count rows follow */
    int header_count;
} pdf_item;

/* Where an item (or some of its lines) goes. */
typedef struct {
    int item;             /* index into items */
    int page;             /* 0-based */
    double y;             /* page y of the top of the placed lines or row */
    int first_line;       /* TEXT: lines [first_line, end_line) */
    int end_line;
    bool repeat;          /* ROW: a header row repeated on a new page */
} pdf_place;

/* A look's line gap (pdf_line_gap), by its pango size, weight and style. */
typedef struct {
    int size, weight, style;
    double gap;
} pdf_gap;

/* A document has a title, headings of a few levels, body, table and
 * furniture text, each perhaps bold or italic: fewer looks than this. */
#define PDF_LAYOUT_GAPS 32

typedef struct {
    const house_style *style; /* borrowed */
    PangoFontMap *font_map;   /* a reference to this thread's (pdf_fonts.h) */
    PangoContext *context;    /* owned */
    double left, right, top, bottom; /* the text area on the page */
    GArray *items;            /* pdf_item */
    GArray *places;           /* pdf_place, filled by paginate */
    int n_pages;
    PangoLayout *measuring;   /* owned, made on first use: pdf_layout_text_width's */
    pdf_gap gaps[PDF_LAYOUT_GAPS]; /* line gaps asked so far */
    int n_gaps;
} pdf_layout;

/* A layout for style (which must outlive it), with this thread's font map. */
pdf_layout *pdf_layout_new(const house_style *style, const char *language);
void pdf_layout_free(pdf_layout *lay);

/* Turn the prepared tree into items (replacing any earlier ones). */
void pdf_layout_measure(pdf_layout *lay, const doc_document *doc);

/* Place the items on pages; sets places and n_pages. */
void pdf_layout_paginate(pdf_layout *lay);

/* A block of plain text in the look ps (page furniture); width <= 0 for a
 * single unwrapped line.  Caller frees with pdf_text_free. */
pdf_text *pdf_layout_plain_text(pdf_layout *lay, const style_para *ps, double x, double width,
                                PangoAlignment align, const char *text);
void pdf_text_free(pdf_text *t);

/* How wide text is, in pt, set on one line in the layout's render font at
 * size pt: a doc_measure width callback (data: the pdf_layout), so table
 * columns are fitted to words as the PDF sets them. */
double pdf_layout_text_width(void *data, const char *text, double size, bool bold, bool italic);

static inline pdf_item *pdf_layout_item(const pdf_layout *lay, int i)
{
    return &g_array_index(lay->items, pdf_item, i);
}

static inline pdf_place *pdf_layout_place(const pdf_layout *lay, int i)
{
    return &g_array_index(lay->places, pdf_place, i);
}

#endif
