/*
 * style.h - the house style: fonts, sizes, spacing, margins, numbering look.
 *
 * Loaded once from templates/house-style.xml (checked against
 * schemas/house-style.xsd) and handed read-only to every writer, so the
 * DOCX and the PDF of a paper agree.  All lengths are in points (1/72 in)
 * after loading, whatever unit the XML used.
 *
 * Files beside the house style belong to it: a fonts/ folder (its font
 * files are the thread's application fonts while the style is in use,
 * pdf_fonts.h, so a profile can bring the council's own fonts) and the
 * logo.  Loading records both in the
 * build's record of files read, and checks that the render font is there:
 * a missing font is a mistake in the house style, found by papers check.
 */
#ifndef PAPERS_STYLE_H
#define PAPERS_STYLE_H

#include "deps.h"
#include "logo.h"
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

/* The places of a header or footer line. */
typedef enum { STYLE_LEFT, STYLE_CENTRE, STYLE_RIGHT, STYLE_PLACE_COUNT } style_place;

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

    /* Page furniture: the text at each place of the running header and
     * footer (NULL: nothing there), with fields (style_furniture_text):
     * header right "{header}" and footer centre "Page {page} of {pages}"
     * unless the house style says otherwise. */
    bool show_header;                    /* false: no header at all */
    char *header[STYLE_PLACE_COUNT];
    char *footer[STYLE_PLACE_COUNT];

    /* The council's logo (drawn at the top of each paper's first page), or
     * logo_path NULL.  Its height is its width times its shape, the same
     * in every writer. */
    char *logo_path;                     /* PNG or SVG, beside the house style */
    char *logo_alt;                      /* its text alternative, never blank */
    double logo_width;                   /* pt */
    double logo_height;                  /* pt */
    logo_image *logo;                    /* the image, read (owned) */

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

/* A table's caption: the table text's size, bold, no space of its own
 * before it (the block above spaces it) and the item gap between it and
 * its table, which it is kept with.  Made from the house style, so that
 * every writer sets it alike. */
style_para style_caption(const house_style *style);

/* The marking of a full version with exempt information ("NOT FOR
 * PUBLICATION ..."), as the first paragraph of its text, where a screen
 * reader reads it (the running header is page furniture, not read): the
 * body's look, bold, the body's space after.  Every writer sets it alike. */
style_para style_marking(const house_style *style);

/* The values the furniture fields stand for in one document: {title},
 * {subject} and {header} (the template's <meta>), and {marking} ("NOT FOR
 * PUBLICATION - ..." in the full version of a paper with exempt
 * information, empty in every other); NULL is empty. */
typedef struct {
    const char *title, *subject, *header, *marking;
} style_fields;

/* A header or footer text with its fields filled in; {page} and {pages}
 * too when page > 0, else they are left for the writer (Word's PAGE and
 * NUMPAGES fields).  Caller frees. */
char *style_furniture_text(const char *pattern, const style_fields *fields, int page, int pages);

/* Does fontconfig have this family itself (not a substitute)?  Asks this
 * thread's configuration (pdf_fonts.h). */
bool style_font_installed(const char *family);

/* A numbering scheme by name; NULL name gives the default.  NULL when the
 * house style has no such scheme. */
const num_scheme *style_paragraph_scheme(const house_style *style, const char *name);
const num_scheme *style_list_scheme(const house_style *style, const char *name);

#endif
