/*
 * style.h - the house style: fonts, sizes, spacing, margins, numbering look.
 *
 * Loaded once from templates/house-style.xml (checked against
 * schemas/house-style.xsd) and handed read-only to every writer, so the
 * DOCX and the PDF of a paper agree.  All lengths are in points (1/72 in)
 * after loading, whatever unit the XML used.
 */
#ifndef PAPERS_STYLE_H
#define PAPERS_STYLE_H

#include "deps.h"
#include "numbering.h"

#include <glib.h>
#include <stdbool.h>

/* How one kind of paragraph looks. */
typedef struct {
    double size;         /* font size, pt */
    bool bold;
    bool italic;
    double space_before; /* pt */
    double space_after;  /* pt */
} style_para;

typedef enum {
    STYLE_BODY,      /* plain and numbered paragraphs, list items */
    STYLE_TITLE1,    /* first title line ("REPORT OF THE CABINET") */
    STYLE_TITLE2,    /* second title line ("B. COMMUNITY SAFETY ...") */
    STYLE_HEADING1,
    STYLE_HEADING2,
    STYLE_HEADING3,
    STYLE_MOTION,
    STYLE_SIGNATURE,
    STYLE_TABLE,     /* text in table cells */
    STYLE_HEADER,    /* running header */
    STYLE_FOOTER,    /* running footer */
    STYLE_PARA_COUNT
} style_para_kind;

typedef struct house_style {
    /* Page. */
    double page_width, page_height;      /* pt; A4 = 595.28 x 841.89 */
    double margin_top, margin_bottom, margin_left, margin_right;
    double header_distance, footer_distance; /* from the page edge, pt */

    /* Fonts.  font is what the DOCX names (Arial); render_font is the
     * metric-compatible face the PDF writer lays out with (Liberation
     * Sans), found through fontconfig. */
    char *font;
    char *render_font;
    double line_spacing;                 /* multiple of single spacing */

    style_para para[STYLE_PARA_COUNT];

    /* Paragraph numbering schemes (numbered paragraphs and headings); a
     * template picks one by name, else the default. */
    num_scheme *paragraph_schemes;
    int n_paragraph_schemes;
    int paragraph_scheme_default;        /* index into paragraph_schemes */

    /* Lists.  A top-level list's labels sit list_indent in from the text
     * they belong to; each level's text is its label plus the hang. */
    double list_indent;                  /* pt */
    double bullet_hang;                  /* pt from label to text (default) */
    double item_gap;                     /* pt between the items of a list */
    num_scheme bullets;                  /* one glyph per level */
    num_scheme *list_schemes;            /* ordered lists, by name */
    int n_list_schemes;
    int list_scheme_default;

    /* Motion: extra left indent. */
    double motion_indent;

    /* Links. */
    char *link_colour;                   /* "RRGGBB" */
    bool link_underline;

    /* Page furniture.  footer: "{page}" and "{pages}" are replaced. */
    bool show_header;                    /* print DOC_META_HEADER if set */
    char *footer_format;                 /* e.g. "Page {page} of {pages}" */

    /* Tables. */
    double cell_padding;                 /* pt */
    char *header_fill;                   /* "RRGGBB" behind header rows */
} house_style;

/* Load and validate.  On error returns NULL and sets error with
 * "file:line: what is wrong".  The files read (the house style and its
 * schema) are recorded in read when it is not NULL. */
house_style *style_load(const char *path, const char *schema_dir, build_deps *read,
                        GError **error);

/* Built-in defaults (the same values as templates/house-style.xml ships);
 * for unit tests of writers that do not want to read files. */
house_style *style_default(void);

void style_free(house_style *style);

/* The paragraph look for a heading level (1..3) or title level (1..2). */
const style_para *style_heading(const house_style *style, int level);
const style_para *style_title(const house_style *style, int level);

/* Format a footer: replaces {page} and {pages}.  Caller frees. */
char *style_footer_text(const house_style *style, int page, int pages);

/* A numbering scheme by name; NULL name gives the default.  NULL when the
 * house style has no such scheme. */
const num_scheme *style_paragraph_scheme(const house_style *style, const char *name);
const num_scheme *style_list_scheme(const house_style *style, const char *name);

#endif
