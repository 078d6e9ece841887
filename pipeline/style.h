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

    /* Numbered paragraphs: number in a hanging indent. */
    double number_indent;                /* pt from the margin to the text */
    char *number_format;                 /* "%d." : printf-style, one %d */

    /* Lists: indent per level, and the bullet glyph per level (0..2). */
    double list_indent;                  /* pt per nesting level */
    double bullet_hang;                  /* pt from bullet to text */
    char *bullet[3];

    /* Motion: extra left indent. */
    double motion_indent;

    /* Links. */
    char *link_colour;                   /* "RRGGBB" */
    bool link_underline;

    /* Page furniture.  footer: "{page}" and "{pages}" are replaced. */
    bool show_header;                    /* print DOC_META_HEADER if set */
    char *footer_format;                 /* e.g. "Page {page} of {pages}" */

    /* Table cell padding. */
    double cell_padding;                 /* pt */
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

/* Format a paragraph number with number_format.  Caller frees. */
char *style_number_text(const house_style *style, int number);

#endif
