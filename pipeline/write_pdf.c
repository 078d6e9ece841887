/*
 * write_pdf.c - the typeset, tagged PDF (issue 4).
 *
 * The font is checked first (fontconfig), then pdf_layout.c measures the
 * tree and paginates it, and this file draws the placements on a cairo PDF
 * surface: text run by run (so a link's runs can be wrapped in a Link tag
 * whose rectangles cover exactly its text, line by line), table rows, the
 * running header and the "Page X of Y" footer; structure tags, the outline
 * go in as drawing proceeds.  The page is drawn into memory; pdf_finish.c
 * then makes the file PDF/UA-1 and PDF/A-2a (metadata, artifacts, ...).
 *
 * Tagging rule: cairo 1.16 marks content only in leaf structure elements.
 * So content that belongs to an element either goes straight into a leaf
 * (PDF_RUNS_DIRECT) or, when the element also has children (links, a
 * paragraph split across pages), into a Span or Link child of its own
 * (PDF_RUNS_WRAPPED).  Page furniture, repeated table header rows, fills
 * and borders are drawn with no leaf open (PDF_RUNS_ARTIFACT), and
 * pdf_finish marks them as artifacts.  pdf_draw keeps its own copy of
 * cairo's tag stack to check this while drawing.
 *
 * The bytes go to the sink the build hands over; nothing here touches a
 * file.  Nothing here is static or global; the font map is the calling
 * thread's (pdf_fonts.h).
 */
#include "guard.h"
#include "pdf_finish.h"
#include "pdf_layout.h"
#include "pdf_parts.h"
#include "write.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- the font ------------------------------------------------------------ */

/* The house style's loader has checked the font; a writer called with a
 * style made in code checks again rather than let pango quietly use
 * another face. */
static bool pdf_check_font(const char *family, GError **error)
{
    bool found = style_font_installed(family);
    if (!found)
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FONT,
                    "the font \"%s\" is not installed (fontconfig finds no such family); "
                    "'fc-list : family' shows the fonts there are",
                    family);
    return found;
}

/* ---- drawing state ------------------------------------------------------- */

/* A structure element begun in cairo and not yet ended. */
typedef struct {
    const char *tag;  /* static */
    bool kids;        /* a child element has begun */
    bool direct;      /* content was drawn straight into it */
    bool artifact;    /* artifact content was drawn while it was innermost
                         (on the page being drawn) */
} pdf_open_tag;

typedef struct {
    pdf_layout *lay;
    const house_style *style;
    const doc_document *doc;
    cairo_surface_t *surface;
    cairo_t *cr;
    int page;                /* the page being drawn, 0-based */
    GPtrArray *pending;      /* tags begun in the flow but not yet in cairo */
    GArray *open;            /* pdf_open_tag: cairo's tag stack */
    bool *split;             /* per item: a TEXT placed on more than one page */
    GPtrArray *link_texts;   /* each Link tag's text, in order (owned) */
    const char *fault;       /* the first broken tagging rule, or NULL */
    GError *error;           /* the first failure to draw (the logo), or NULL */
    GArray *outline_entries; /* pdf_outline_entry, in reading order */
    double link_rgb[3];
    GArray *bars;            /* pdf_bar: change bars of the page being drawn */
    const pdf_parts *parts;  /* what is drawn (pdf_parts.h) */
    int first_page;          /* the first page of the part being drawn, 0-based */
    int total_pages;         /* pages in the file */
    GPtrArray *images;       /* const logo_pixels *: the PNG logos drawn, first drawn first */
    GPtrArray *placeholders; /* cairo_surface_t *, one for each of images (owned) */
} pdf_draw;

/* A change bar: beside the lines from top to bottom of the current page. */
typedef struct {
    double top, bottom;
} pdf_bar;

/* How the runs of a text block are tagged (see the top of the file). */
typedef enum { PDF_RUNS_DIRECT, PDF_RUNS_WRAPPED, PDF_RUNS_ARTIFACT } pdf_runs;

static pdf_open_tag *pdf_open_top(pdf_draw *d)
{
    return d->open->len ? &g_array_index(d->open, pdf_open_tag, d->open->len - 1) : NULL;
}

static void pdf_fault(pdf_draw *d, const char *what)
{
    if (!d->fault)
        d->fault = what;
}

static void pdf_tag_begin(pdf_draw *d, const char *tag, const char *attributes)
{
    pdf_open_tag *top = pdf_open_top(d);
    if (top)
        top->kids = true;
    pdf_open_tag t = {.tag = tag};
    g_array_append_val(d->open, t);
    cairo_tag_begin(d->cr, tag, attributes);
}

/* An element with both children and content of its own would lose that
 * content (cairo leaves it unmarked); one with artifacts and no children
 * is a leaf, and the artifacts would be read as its content. */
static void pdf_tag_end(pdf_draw *d, const char *tag)
{
    pdf_open_tag *top = pdf_open_top(d);
    if (!top || strcmp(top->tag, tag) != 0)
        pdf_fault(d, "a structure tag ends that is not the innermost one");
    else if (top->direct && top->kids)
        pdf_fault(d, "content drawn into an element that has child elements");
    else if (top->artifact && !top->kids)
        pdf_fault(d, "an artifact drawn inside a leaf element");
    if (top)
        g_array_set_size(d->open, d->open->len - 1);
    cairo_tag_end(d->cr, tag);
}

/* Before a page is shown: cairo decides which elements are leaves from
 * what the page began, so artifacts drawn on it must sit in an element
 * that has children by now. */
static void pdf_check_page_artifacts(pdf_draw *d)
{
    for (guint i = 0; i < d->open->len; i++) {
        pdf_open_tag *t = &g_array_index(d->open, pdf_open_tag, i);
        if (t->artifact && !t->kids)
            pdf_fault(d, "an artifact drawn inside a leaf element");
        t->artifact = false;
    }
}

static void pdf_mark_content(pdf_draw *d, pdf_runs runs)
{
    pdf_open_tag *top = pdf_open_top(d);
    if (runs == PDF_RUNS_ARTIFACT) {
        if (top)
            top->artifact = true;
    } else if (!top) {
        pdf_fault(d, "tagged content drawn outside the structure");
    } else if (runs == PDF_RUNS_DIRECT) {
        top->direct = true;
    }
}

/* A structure tag begins only when its first content is drawn, so that an
 * element that starts a page is opened after the page break, not before. */
static void pdf_flush_tags(pdf_draw *d)
{
    for (guint i = 0; i < d->pending->len; i++)
        pdf_tag_begin(d, g_ptr_array_index(d->pending, i), NULL);
    g_ptr_array_set_size(d->pending, 0);
}

/* ---- text ---------------------------------------------------------------- */

/* The link a run belongs to, or -1.  Runs end at link edges (the links
 * carry a colour attribute), so the run's first byte decides. */
static int pdf_run_link(const pdf_text *t, const PangoLayoutRun *run)
{
    int offset = run->item->offset;
    for (int k = 0; k < t->n_links; k++)
        if (offset >= t->links[k].start && offset < t->links[k].end)
            return k;
    return -1;
}

/* Calls fn for every run of lines [first, end) with its line index. */
typedef void (*pdf_run_fn)(void *data, const pdf_text *t, PangoLayoutIter *iter, int line);

static void pdf_each_run(const pdf_text *t, int first, int end, pdf_run_fn fn, void *data)
{
    PangoLayoutIter *iter = pango_layout_get_iter(t->layout);
    PangoLayoutLine *current = pango_layout_iter_get_line_readonly(iter);
    int line = 0;
    do {
        PangoLayoutLine *l = pango_layout_iter_get_line_readonly(iter);
        if (l != current) {
            current = l;
            line++;
        }
        if (line >= end)
            break;
        if (line >= first && pango_layout_iter_get_run_readonly(iter))
            fn(data, t, iter, line);
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
}

/* Link rectangles: per line, the union of the link's runs. */
typedef struct {
    int link;
    double top;         /* page y of the block's top */
    int line;           /* line of the open rectangle, or -1 */
    double x0, x1;
    GString *rects;
} pdf_rect_acc;

static void pdf_rect_flush(pdf_rect_acc *acc, const pdf_text *t)
{
    if (acc->line < 0)
        return;
    const pdf_line *ln = &t->lines[acc->line];
    char buf[4][G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(acc->rects, "%s%s %s %s %s", acc->rects->len ? " " : "",
                           g_ascii_formatd(buf[0], sizeof buf[0], "%.2f", acc->x0),
                           g_ascii_formatd(buf[1], sizeof buf[1], "%.2f", acc->top + ln->top),
                           g_ascii_formatd(buf[2], sizeof buf[2], "%.2f", acc->x1 - acc->x0),
                           g_ascii_formatd(buf[3], sizeof buf[3], "%.2f", ln->height));
    acc->line = -1;
}

static void pdf_rect_run(void *data, const pdf_text *t, PangoLayoutIter *iter, int line)
{
    pdf_rect_acc *acc = data;
    if (pdf_run_link(t, pango_layout_iter_get_run_readonly(iter)) != acc->link)
        return;
    PangoRectangle r;
    pango_layout_iter_get_run_extents(iter, NULL, &r);
    double x0 = t->x + pango_units_to_double(r.x);
    double x1 = x0 + pango_units_to_double(r.width);
    if (acc->line != line) {
        pdf_rect_flush(acc, t);
        acc->line = line;
        acc->x0 = x0;
        acc->x1 = x1;
    }
    acc->x0 = fmin(acc->x0, x0);
    acc->x1 = fmax(acc->x1, x1);
}

/* cairo's attribute strings quote with ' and escape ' and \ by \. */
static void pdf_append_quoted(GString *out, const char *s)
{
    g_string_append_c(out, '\'');
    for (; *s; s++) {
        if (*s == '\'' || *s == '\\')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *s);
    }
    g_string_append_c(out, '\'');
}

/* A link's target as cairo's attributes: a URI, or for "#name" the page
 * and place of that destination (pdf_parts.h). */
static void pdf_link_target(pdf_draw *d, GString *attrs, const char *url)
{
    for (int i = 0; url[0] == '#' && i < d->parts->n_dests; i++) {
        const pdf_dest *dest = &d->parts->dests[i];
        if (strcmp(dest->name, url + 1) == 0) {
            char xbuf[G_ASCII_DTOSTR_BUF_SIZE], ybuf[G_ASCII_DTOSTR_BUF_SIZE];
            g_string_append_printf(attrs, "page=%d pos=[%s %s]", dest->page + 1,
                                   g_ascii_formatd(xbuf, sizeof xbuf, "%.2f", dest->x),
                                   g_ascii_formatd(ybuf, sizeof ybuf, "%.2f", dest->y));
            return;
        }
    }
    if (url[0] == '#')
        pdf_fault(d, "a link to a destination the file does not have");
    g_string_append(attrs, "uri=");
    pdf_append_quoted(attrs, url);
}

/* Open a Link tag for link k on lines [first, end): its clickable area is
 * one rectangle per line the link's text is on. */
static void pdf_begin_link(pdf_draw *d, const pdf_text *t, int k, double top, int first,
                           int end)
{
    pdf_rect_acc acc = {.link = k, .top = top, .line = -1, .rects = g_string_new(NULL)};
    pdf_each_run(t, first, end, pdf_rect_run, &acc);
    pdf_rect_flush(&acc, t);
    GString *attrs = g_string_new(NULL);
    pdf_link_target(d, attrs, t->links[k].url);
    g_string_append_printf(attrs, " rect=[%s]", acc.rects->str);
    /* pdf_finish makes the text the annotation's description */
    const char *text = pango_layout_get_text(t->layout);
    g_ptr_array_add(d->link_texts,
                    g_strndup(text + t->links[k].start, t->links[k].end - t->links[k].start));
    pdf_tag_begin(d, CAIRO_TAG_LINK, attrs->str);
    g_string_free(attrs, TRUE);
    g_string_free(acc.rects, TRUE);
}

typedef struct {
    pdf_draw *d;
    double top;      /* page y of the block's top */
    int first, end;  /* the lines being drawn */
    pdf_runs runs;
    int open_link;   /* link whose tag is open, PDF_SPAN_TAG or PDF_NO_RUN_TAG */
    bool space_after; /* an invisible space after the text's last line */
} pdf_text_draw;

/* PDF_RUNS_WRAPPED: every run sits in a leaf of its own, Link or Span. */
enum { PDF_NO_RUN_TAG = -2, PDF_SPAN_TAG = -1 };

static void pdf_end_run_tag(pdf_draw *d, int open)
{
    if (open >= 0)
        pdf_tag_end(d, CAIRO_TAG_LINK);
    else if (open == PDF_SPAN_TAG)
        pdf_tag_end(d, "Span");
}

static void pdf_underline(cairo_t *cr, PangoFont *font, double x, double baseline, double width)
{
    PangoFontMetrics *m = pango_font_get_metrics(font, NULL);
    double pos = pango_units_to_double(pango_font_metrics_get_underline_position(m));
    double thick = pango_units_to_double(pango_font_metrics_get_underline_thickness(m));
    pango_font_metrics_unref(m);
    cairo_rectangle(cr, x, baseline - pos, width, thick > 0 ? thick : 0.6);
    cairo_fill(cr);
}

/* Show a run's glyphs with its text, so the PDF's text is exact.  Pango
 * gives the white space at a line end an empty glyph; cairo would then wrap
 * that space in an empty /ActualText span, and PDF readers' structure
 * extraction stops there, losing the rest of the paragraph.  So such a space
 * is drawn as the font's own space glyph (it has no width at a line end):
 * invisible, and the text keeps its space.
 *
 * space_after: the run ends a line that a line break ends (pango draws no
 * glyph for the break), or a title line that another follows; a space
 * glyph is added after it, read as the space between the words on either
 * side ("Manager Tel:", not "ManagerTel:"), and seen nowhere.  It goes into
 * the same show call: a glyph shown alone after a kerned run is lost. */
static void pdf_show_run(cairo_t *cr, const char *text, PangoGlyphItem *run, bool space_after)
{
    const PangoGlyphString *glyphs = run->glyphs;
    hb_font_t *hb = pango_font_get_hb_font(run->item->analysis.font);
    hb_codepoint_t space;
    bool has_empty = false;
    for (int i = 0; i < glyphs->num_glyphs; i++)
        has_empty |= glyphs->glyphs[i].glyph == PANGO_GLYPH_EMPTY;
    if ((!has_empty && !space_after) || !hb || !hb_font_get_nominal_glyph(hb, ' ', &space)) {
        pango_cairo_show_glyph_item(cr, text, run);
        return;
    }
    PangoGlyphItem *copy = pango_glyph_item_copy(run);
    PangoGlyphString *g = copy->glyphs;
    /* The text with the space where the break is (or at the end). */
    int end = copy->item->offset + copy->item->length;
    bool break_inside = space_after && end > 0 && text[end - 1] == '\n';
    bool add = space_after && !break_inside;
    char *spaced = add && !text[end] ? g_strconcat(text, " ", NULL) : g_strdup(text);
    if (add)
        spaced[end] = ' ';
    for (int i = 0; i < g->num_glyphs; i++) {
        char *c = &spaced[copy->item->offset + g->log_clusters[i]];
        if (g->glyphs[i].glyph == PANGO_GLYPH_EMPTY && (*c == ' ' || *c == '\t' || *c == '\n')) {
            g->glyphs[i].glyph = space;
            *c = ' '; /* a break the run holds (a link starts after it) */
        }
    }
    if (add) {
        int n = g->num_glyphs;
        pango_glyph_string_set_size(g, n + 1);
        g->glyphs[n].glyph = space;
        g->glyphs[n].geometry =
            (PangoGlyphGeometry){hb_font_get_glyph_h_advance(hb, space), 0, 0};
        g->glyphs[n].attr.is_cluster_start = 1;
        g->log_clusters[n] = copy->item->length;
        copy->item->length++;
        copy->item->num_chars++;
    }
    pango_cairo_show_glyph_item(cr, spaced, copy);
    pango_glyph_item_free(copy);
    g_free(spaced);
}

/* The change mark a run belongs to, or NULL (runs end at mark edges). */
static const pdf_mark *pdf_run_mark(const pdf_text *t, const PangoLayoutRun *run)
{
    int offset = run->item->offset;
    for (int k = 0; k < t->n_marks; k++)
        if (offset >= t->marks[k].start && offset < t->marks[k].end)
            return &t->marks[k];
    return NULL;
}

static void pdf_set_rgb(cairo_t *cr, guint rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                         (rgb & 0xFF) / 255.0);
}

static void pdf_strike(cairo_t *cr, PangoFont *font, double x, double baseline, double width)
{
    PangoFontMetrics *m = pango_font_get_metrics(font, NULL);
    double pos = pango_units_to_double(pango_font_metrics_get_strikethrough_position(m));
    double thick = pango_units_to_double(pango_font_metrics_get_strikethrough_thickness(m));
    pango_font_metrics_unref(m);
    cairo_rectangle(cr, x, baseline - pos, width, thick > 0 ? thick : 0.6);
    cairo_fill(cr);
}

/* A changed line of text: a bar beside it, once per line. */
static void pdf_add_bar(pdf_draw *d, double top, double bottom)
{
    pdf_bar *last = d->bars->len ? &g_array_index(d->bars, pdf_bar, d->bars->len - 1) : NULL;
    if (last && last->top == top && last->bottom == bottom)
        return;
    pdf_bar bar = {top, bottom};
    g_array_append_val(d->bars, bar);
}

/* The page's change bars, in the left margin, black (a bar says that a
 * line changed; its words say how): decoration, drawn with the page
 * furniture, so they are artifacts. */
static void pdf_draw_bars(pdf_draw *d)
{
    if (!d->bars->len)
        return;
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    double x = d->lay->left - PDF_CHANGE_BAR_GAP - PDF_CHANGE_BAR_WIDTH;
    for (guint i = 0; i < d->bars->len; i++) {
        const pdf_bar *bar = &g_array_index(d->bars, pdf_bar, i);
        cairo_rectangle(d->cr, x, bar->top, PDF_CHANGE_BAR_WIDTH, bar->bottom - bar->top);
    }
    cairo_fill(d->cr);
    pdf_mark_content(d, PDF_RUNS_ARTIFACT);
    g_array_set_size(d->bars, 0);
}

static void pdf_draw_run(void *data, const pdf_text *t, PangoLayoutIter *iter, int line)
{
    pdf_text_draw *td = data;
    pdf_draw *d = td->d;
    PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
    int link = pdf_run_link(t, run);
    if (td->runs == PDF_RUNS_WRAPPED && link != td->open_link) {
        pdf_end_run_tag(d, td->open_link);
        if (link >= 0)
            pdf_begin_link(d, t, link, td->top, td->first, td->end);
        else
            pdf_tag_begin(d, "Span", NULL);
        td->open_link = link;
    }
    pdf_mark_content(d, td->runs);
    PangoRectangle r;
    pango_layout_iter_get_run_extents(iter, NULL, &r);
    double x = t->x + pango_units_to_double(r.x);
    double baseline = td->top + t->lines[line].baseline;
    double width = pango_units_to_double(r.width);
    const pdf_mark *mark = pdf_run_mark(t, run);
    if (mark)
        pdf_set_rgb(d->cr, mark->change == DOC_CHANGE_INSERTED ? PDF_INSERTED_RGB
                                                               : PDF_DELETED_RGB);
    else if (link >= 0)
        cairo_set_source_rgb(d->cr, d->link_rgb[0], d->link_rgb[1], d->link_rgb[2]);
    else
        cairo_set_source_rgb(d->cr, 0, 0, 0);
    cairo_move_to(d->cr, x, baseline);
    const char *text = pango_layout_get_text(t->layout);
    const PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(iter);
    int line_end = ln->start_index + ln->length;
    /* (a run may hold the line break itself, when a link starts after it) */
    bool ends_line = run->item->offset + run->item->length >= line_end;
    pdf_show_run(d->cr, text, run,
                 ends_line &&
                     (text[line_end] == '\n' || (td->space_after && line == t->n_lines - 1)));
    PangoFont *font = run->item->analysis.font;
    if ((link >= 0 && d->style->link_underline) ||
        (mark && mark->change == DOC_CHANGE_INSERTED))
        pdf_underline(d->cr, font, x, baseline, width);
    if (mark && mark->change == DOC_CHANGE_DELETED)
        pdf_strike(d->cr, font, x, baseline, width);
    if (mark && td->runs != PDF_RUNS_ARTIFACT) {
        double top = td->top + t->lines[line].top;
        pdf_add_bar(d, top, top + t->lines[line].height);
    }
}

/* Draw lines [first, end) of t, line `first` at page y `y`.  Links need
 * tags of their own, so tagged text with links is always wrapped. */
static void pdf_draw_text(pdf_draw *d, const pdf_text *t, double y, int first, int end,
                          pdf_runs runs, bool space_after)
{
    if (runs == PDF_RUNS_DIRECT && t->n_links > 0)
        runs = PDF_RUNS_WRAPPED;
    pdf_text_draw td = {d, y - t->lines[first].top, first, end, runs, PDF_NO_RUN_TAG,
                        space_after};
    pdf_each_run(t, first, end, pdf_draw_run, &td);
    pdf_end_run_tag(d, td.open_link);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
}

/* ---- rows, furniture, outline -------------------------------------------- */

/* A cell's pieces in order: its paragraphs (P, Lbl, ...) inside the TD or
 * TH as on the page, every text in a leaf of its own; a repeated header
 * row is all artifact, without tags. */
static void pdf_draw_cell(pdf_draw *d, const pdf_cell *cell, double y, bool tagged)
{
    for (guint i = 0; i < cell->pieces->len; i++) {
        const pdf_piece *pc = &g_array_index(cell->pieces, pdf_piece, i);
        if (!pc->text) {
            if (tagged && pc->tag_end)
                pdf_tag_end(d, pc->tag);
            else if (tagged)
                pdf_tag_begin(d, pc->tag, NULL);
            continue;
        }
        pdf_draw_text(d, pc->text, y + pc->y, 0, pc->text->n_lines,
                      tagged ? PDF_RUNS_DIRECT : PDF_RUNS_ARTIFACT, false);
    }
}

/* A row: fills and borders are decoration, drawn outside its TR (so they
 * become artifacts); a header row repeated on a new page is all artifact,
 * the table has its header once. */
static void pdf_draw_row(pdf_draw *d, const pdf_item *it, double y, bool repeat)
{
    cairo_t *cr = d->cr;
    bool tagged = !repeat;
    const char *cell_tag = it->header_row ? "TH" : "TD";
    if (it->header_row) {
        guint fill = 0xD9D9D9;
        sscanf(d->style->header_fill ? d->style->header_fill : "D9D9D9", "%6x", &fill);
        cairo_set_source_rgb(cr, ((fill >> 16) & 0xFF) / 255.0, ((fill >> 8) & 0xFF) / 255.0,
                             (fill & 0xFF) / 255.0);
        for (int c = 0; c < it->n_cells; c++)
            cairo_rectangle(cr, it->cells[c].x, y, it->cells[c].width, it->height);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        pdf_mark_content(d, PDF_RUNS_ARTIFACT);
    }
    if (tagged && it->table)
        pdf_tag_begin(d, "TR", NULL);
    for (int c = 0; c < it->n_cells; c++) {
        if (tagged && it->table)
            pdf_tag_begin(d, cell_tag, NULL);
        pdf_draw_cell(d, &it->cells[c], y, tagged);
        if (tagged && it->table)
            pdf_tag_end(d, cell_tag);
    }
    if (tagged && it->table)
        pdf_tag_end(d, "TR");
    if (!it->borders)
        return;
    cairo_set_line_width(cr, PDF_BORDER_WIDTH);
    for (int c = 0; c < it->n_cells; c++)
        cairo_rectangle(cr, it->cells[c].x, y, it->cells[c].width, it->height);
    cairo_stroke(cr);
    pdf_mark_content(d, PDF_RUNS_ARTIFACT);
}

/* Where the places of a furniture line go: x and width of each.  When the
 * texts fit side by side on one line (a space of the font's size between
 * them, the centre text at the page's middle), each keeps its own width and
 * is not wrapped (width < 0).  Else a place alone takes the whole width;
 * the centre takes the middle third and the sides the rest, or the sides
 * half each; and each text wraps in its box. */
static void pdf_furniture_boxes(pdf_layout *lay, const style_para *look,
                                char *const text[STYLE_PLACE_COUNT], double x[], double w[])
{
    double width = lay->right - lay->left, natural[STYLE_PLACE_COUNT];
    int shown = 0;
    for (int i = 0; i < STYLE_PLACE_COUNT; i++) {
        natural[i] = *text[i] ? pdf_layout_text_width(lay, text[i], look->size, look->bold,
                                                      look->italic)
                              : 0;
        shown += *text[i] != '\0';
    }
    double centre = natural[STYLE_CENTRE], gap = look->size;
    double side_room = *text[STYLE_CENTRE] ? (width - centre) / 2 - gap : width - gap;
    bool fits = *text[STYLE_CENTRE]
                    ? natural[STYLE_LEFT] <= side_room && natural[STYLE_RIGHT] <= side_room
                    : natural[STYLE_LEFT] + natural[STYLE_RIGHT] <= side_room;
    if (fits && !strchr(text[0], '\n') && !strchr(text[1], '\n') && !strchr(text[2], '\n')) {
        x[STYLE_LEFT] = lay->left;
        x[STYLE_CENTRE] = lay->left + (width - centre) / 2;
        x[STYLE_RIGHT] = lay->right - natural[STYLE_RIGHT];
        w[STYLE_LEFT] = w[STYLE_CENTRE] = w[STYLE_RIGHT] = -1;
        return;
    }
    double mid = shown == 1 ? width : *text[STYLE_CENTRE] ? width / 3 : 0;
    double side = shown == 1 ? width : (width - mid) / 2;
    x[STYLE_LEFT] = lay->left;
    x[STYLE_CENTRE] = shown == 1 ? lay->left : lay->left + (width - mid) / 2;
    x[STYLE_RIGHT] = shown == 1 ? lay->left : lay->right - side;
    w[STYLE_LEFT] = w[STYLE_RIGHT] = side;
    w[STYLE_CENTRE] = mid;
}

/* One line of page furniture: the header hangs from top, the footer
 * stands on bottom. */
static void pdf_draw_furniture_line(pdf_draw *d, char *const places[STYLE_PLACE_COUNT],
                                    const style_para *look, double top, double bottom)
{
    static const PangoAlignment align[STYLE_PLACE_COUNT] = {
        PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
    pdf_layout *lay = d->lay;
    style_fields fields = {doc_document_meta(d->doc, DOC_META_TITLE),
                           doc_document_meta(d->doc, DOC_META_SUBJECT),
                           doc_document_meta(d->doc, DOC_META_HEADER),
                           doc_document_meta(d->doc, DOC_META_MARKING)};
    char *text[STYLE_PLACE_COUNT];
    for (int i = 0; i < STYLE_PLACE_COUNT; i++) {
        text[i] = style_furniture_text(places[i], &fields, d->parts->number_base + d->page + 1,
                                       d->parts->number_base + d->total_pages);
        g_strstrip(text[i]);
    }
    double x[STYLE_PLACE_COUNT], w[STYLE_PLACE_COUNT];
    pdf_furniture_boxes(lay, look, text, x, w);
    for (int i = 0; i < STYLE_PLACE_COUNT; i++) {
        if (*text[i]) {
            pdf_text *t = pdf_layout_plain_text(lay, look, x[i], w[i], align[i], text[i]);
            double height = t->lines[t->n_lines - 1].top + t->lines[t->n_lines - 1].height;
            pdf_draw_text(d, t, bottom > 0 ? bottom - height : top, 0, t->n_lines,
                          PDF_RUNS_ARTIFACT, false);
            pdf_text_free(t);
        }
        g_free(text[i]);
    }
}

static void pdf_draw_furniture(pdf_draw *d)
{
    const house_style *s = d->style;
    if (s->show_header)
        pdf_draw_furniture_line(d, s->header, &s->para[STYLE_HEADER], s->header_distance, 0);
    pdf_draw_furniture_line(d, s->footer, &s->para[STYLE_FOOTER], 0,
                            s->page_height - s->footer_distance);
}

/* An outline entry, kept until the pages are drawn: cairo 1.16 writes the
 * outline while finishing the surface and aborts if an entry names a page
 * it never showed, which happens once the surface is in an error state.
 * So entries reach cairo only from a surface without errors. */
typedef struct {
    int level;
    char *title;
    char *dest;
} pdf_outline_entry;

static void pdf_outline_entry_clear(void *p)
{
    pdf_outline_entry *e = p;
    g_free(e->title);
    g_free(e->dest);
}

static void pdf_add_outline(pdf_draw *d, const pdf_item *it, double y)
{
    pdf_outline_entry e = {.level = it->heading_level + d->parts->outline_shift};
    const char *label = it->node ? doc_node_label(it->node) : NULL;
    e.title = it->outline_text ? g_strdup(it->outline_text)
                               : g_strconcat(label ? label : "", label ? " " : "",
                                             pango_layout_get_text(it->text->layout), NULL);
    g_strdelimit(e.title, "\n", ' ');
    char ybuf[G_ASCII_DTOSTR_BUF_SIZE], xbuf[G_ASCII_DTOSTR_BUF_SIZE];
    e.dest = g_strdup_printf("page=%d pos=[%s %s]", d->page + 1,
                             g_ascii_formatd(xbuf, sizeof xbuf, "%.2f", it->text->x),
                             g_ascii_formatd(ybuf, sizeof ybuf, "%.2f", y));
    g_array_append_val(d->outline_entries, e);
}

/* Headings nest in the outline by level; a level with no parent above it
 * hangs from the nearest higher level, or the root. */
static void pdf_write_outline(pdf_draw *d)
{
    int last[PDF_OUTLINE_LEVELS + 1] = {0};
    for (guint i = 0; i < d->outline_entries->len; i++) {
        const pdf_outline_entry *e = &g_array_index(d->outline_entries, pdf_outline_entry, i);
        int level = CLAMP(e->level, 1, PDF_OUTLINE_LEVELS);
        int parent = CAIRO_PDF_OUTLINE_ROOT;
        for (int l = 1; l < level; l++)
            if (last[l])
                parent = last[l];
        last[level] = cairo_pdf_surface_add_outline(d->surface, parent, e->title, e->dest,
                                                    CAIRO_PDF_OUTLINE_FLAG_OPEN);
        for (int l = level + 1; l <= PDF_OUTLINE_LEVELS; l++)
            last[l] = 0;
    }
}

/* ---- the pages ----------------------------------------------------------- */

static void pdf_next_page(pdf_draw *d)
{
    pdf_draw_bars(d);
    pdf_draw_furniture(d);
    pdf_check_page_artifacts(d);
    cairo_show_page(d->cr);
    d->page++;
}

/* A paragraph split across pages keeps its element open over the page
 * break, where the furniture is drawn: it must not be a leaf then.  The
 * title block's lines are Spans of its one heading. */
static pdf_runs pdf_text_runs(const pdf_draw *d, int item)
{
    return d->split[item] || pdf_layout_item(d->lay, item)->wrap ? PDF_RUNS_WRAPPED
                                                                 : PDF_RUNS_DIRECT;
}

/* A label in an Lbl is that leaf's content; any other label (a heading's
 * number) is part of the text that follows and is tagged as its text is. */
static pdf_runs pdf_label_runs(pdf_draw *d, int item)
{
    const pdf_open_tag *top = pdf_open_top(d);
    if (top && strcmp(top->tag, "Lbl") == 0)
        return PDF_RUNS_DIRECT;
    for (int j = item + 1; j < (int)d->lay->items->len; j++) {
        const pdf_item *next = pdf_layout_item(d->lay, j);
        if (next->kind == PDF_ITEM_TEXT)
            return next->text->n_links > 0 ? PDF_RUNS_WRAPPED : pdf_text_runs(d, j);
        if (next->kind == PDF_ITEM_ROW || next->kind == PDF_ITEM_LABEL)
            break;
    }
    return PDF_RUNS_DIRECT;
}


/* The logo.  A PNG logo is drawn as a placeholder image stretched over its
 * place, and pdf_finish puts the pixels, deflated once, into that image
 * object: cairo would deflate them again for every document, which was a
 * fifth of a batch's PDF time.  The placeholder of the file's i-th PNG
 * logo is 1 pixel wide and i + 1 high (pdf_finish.h), half transparent
 * when the logo has transparency, so that cairo writes its soft mask.  An
 * SVG logo is drawn as vectors. */
/* Grey pixels, half transparent (premultiplied: 0x40 is half of 0x80) or
 * opaque, written straight into the surface: a cairo_t to paint them
 * would be one more context, and cairo hands freed contexts from thread
 * to thread in a way ThreadSanitizer cannot follow. */
static cairo_surface_t *pdf_placeholder_new(int height, bool transparent)
{
    cairo_surface_t *s = cairo_image_surface_create(
        transparent ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, 1, height);
    cairo_surface_flush(s);
    guint8 *rows = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < height; y++)
        *(guint32 *)(void *)(rows + (gsize)y * (gsize)stride) =
            transparent ? 0x80404040u : 0x00808080u;
    cairo_surface_mark_dirty(s);
    return s;
}

static void pdf_draw_logo(pdf_draw *d, const pdf_item *it, double y)
{
    logo_image *logo = d->style->logo;
    const logo_pixels *px = logo_pdf_pixels(logo);
    if (!px) {
        if (!d->error)
            logo_draw(logo, d->cr, it->x, y, it->width, &d->error);
        return;
    }
    guint i;
    if (!g_ptr_array_find(d->images, px, &i)) {
        i = d->images->len;
        g_ptr_array_add(d->images, (gpointer)px);
        g_ptr_array_add(d->placeholders, pdf_placeholder_new((int)i + 1, px->alpha != NULL));
    }
    double height = it->width * px->height / px->width;
    cairo_t *cr = d->cr;
    cairo_save(cr);
    cairo_translate(cr, it->x, y);
    cairo_scale(cr, it->width, height / (i + 1));
    cairo_set_source_surface(cr, g_ptr_array_index(d->placeholders, i), 0, 0);
    /* FAST: cairo then writes no /Interpolate true, which PDF/A forbids. */
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_FAST);
    /* A filled rectangle, not cairo_paint: cairo 1.16 cannot finish a
     * tagged PDF that paints an image inside a structure element. */
    cairo_rectangle(cr, 0, 0, 1, i + 1);
    cairo_fill(cr);
    cairo_restore(cr);
}
static void pdf_draw_place(pdf_draw *d, const pdf_place *pl)
{
    const pdf_item *it = pdf_layout_item(d->lay, pl->item);
    if (it->kind == PDF_ITEM_TAG_BEGIN) {
        g_ptr_array_add(d->pending, (gpointer)it->tag);
        return;
    }
    if (it->kind == PDF_ITEM_TAG_END) {
        pdf_flush_tags(d);
        pdf_tag_end(d, it->tag);
        return;
    }
    if (it->kind == PDF_ITEM_PAGE_BREAK)
        return;
    while (d->page < d->first_page + pl->page)
        pdf_next_page(d);
    pdf_flush_tags(d);
    if (it->kind == PDF_ITEM_ROW) {
        pdf_draw_row(d, it, pl->y, pl->repeat);
        return;
    }
    if (it->kind == PDF_ITEM_FIGURE) { /* the logo, the Figure's content */
        pdf_mark_content(d, PDF_RUNS_DIRECT);
        pdf_draw_logo(d, it, pl->y);
        return;
    }
    if (it->kind == PDF_ITEM_LABEL) {
        pdf_draw_text(d, it->text, pl->y, 0, it->text->n_lines, pdf_label_runs(d, pl->item),
                      false);
        return;
    }
    if (it->heading_level > 0 && pl->first_line == 0)
        pdf_add_outline(d, it, pl->y);
    pdf_draw_text(d, it->text, pl->y, pl->first_line, pl->end_line,
                  pdf_text_runs(d, pl->item), it->space_after_text);
}

/* Which TEXT items are placed on more than one page. */
static bool *pdf_split_items(const pdf_layout *lay)
{
    int *places = g_new0(int, lay->items->len + 1);
    for (guint i = 0; i < lay->places->len; i++)
        places[pdf_layout_place(lay, (int)i)->item]++;
    bool *split = g_new0(bool, lay->items->len + 1);
    for (guint i = 0; i < lay->items->len; i++)
        split[i] = pdf_layout_item(lay, (int)i)->kind == PDF_ITEM_TEXT && places[i] > 1;
    g_free(places);
    return split;
}

/* Part i becomes the one drawn, from a new page in its own page size; its
 * bookmarks go into the outline before its headings. */
static void pdf_begin_part(pdf_draw *d, int i)
{
    const pdf_part *part = &d->parts->parts[i];
    d->lay = part->lay;
    d->style = part->lay->style;
    d->doc = part->doc;
    d->first_page = d->page;
    g_free(d->split);
    d->split = pdf_split_items(d->lay);
    if (i > 0)
        cairo_pdf_surface_set_size(d->surface, d->style->page_width, d->style->page_height);
    guint colour = 0;
    sscanf(d->style->link_colour ? d->style->link_colour : "0000FF", "%6x", &colour);
    d->link_rgb[0] = ((colour >> 16) & 0xFF) / 255.0;
    d->link_rgb[1] = ((colour >> 8) & 0xFF) / 255.0;
    d->link_rgb[2] = (colour & 0xFF) / 255.0;
    for (int b = 0; b < part->n_bookmarks; b++) {
        const pdf_bookmark *mark = &part->bookmarks[b];
        const pdf_dest *dest = &d->parts->dests[mark->dest];
        char xbuf[G_ASCII_DTOSTR_BUF_SIZE], ybuf[G_ASCII_DTOSTR_BUF_SIZE];
        pdf_outline_entry e = {.level = mark->level, .title = g_strdup(mark->title)};
        e.dest = g_strdup_printf("page=%d pos=[%s %s]", dest->page + 1,
                                 g_ascii_formatd(xbuf, sizeof xbuf, "%.2f", dest->x),
                                 g_ascii_formatd(ybuf, sizeof ybuf, "%.2f", dest->y));
        g_array_append_val(d->outline_entries, e);
    }
}

static void pdf_draw_all(pdf_draw *d)
{
    const pdf_parts *parts = d->parts;
    if (parts->outer_tag)
        g_ptr_array_add(d->pending, (gpointer)parts->outer_tag);
    for (int i = 0; i < parts->n_parts; i++) {
        pdf_begin_part(d, i);
        for (guint k = 0; k < d->lay->places->len; k++)
            pdf_draw_place(d, pdf_layout_place(d->lay, (int)k));
        pdf_flush_tags(d);
        if (i == parts->n_parts - 1 && parts->outer_tag)
            pdf_tag_end(d, parts->outer_tag);
        while (d->page < d->first_page + d->lay->n_pages)
            pdf_next_page(d);
    }
}

/* ---- metadata ------------------------------------------------------------ */

/* The title (PDF/UA needs one): the document's, else its first title
 * line, else its first heading. */
static char *pdf_title(const doc_document *doc)
{
    const char *title = doc_document_meta(doc, DOC_META_TITLE);
    if (title && *title)
        return g_strdup(title);
    for (doc_node *n = doc_node_first_child(doc_document_root(doc)); n; n = doc_node_next(n))
        if (doc_node_type(n) == DOC_TITLE)
            return doc_node_plain_text(n);
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (ev == DOC_EVENT_ENTER && doc_node_type(doc_iter_node(&it)) == DOC_HEADING)
            return doc_node_plain_text(doc_iter_node(&it));
    return NULL;
}

/* cairo's own dates: without them it would write the clock's time (into
 * the document information that pdf_finish replaces). */
static void pdf_set_dates(cairo_surface_t *surface, GDateTime *when)
{
    char *date = g_date_time_format(when, "%Y-%m-%dT%H:%M:%SZ");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    g_free(date);
}

/* ---- the file ------------------------------------------------------------ */

static cairo_status_t pdf_sink_write(void *closure, const unsigned char *data,
                                     unsigned int length)
{
    return write_sink_put(closure, data, length) ? CAIRO_STATUS_SUCCESS
                                                  : CAIRO_STATUS_WRITE_ERROR;
}


/* Draw the whole document into memory as cairo writes it; false with
 * error on any failure.  d->link_texts is left for pdf_finish. */
static bool pdf_render(pdf_draw *d, GDateTime *when, GByteArray *out, GError **error)
{
    const house_style *s = d->style;
    write_sink mem;
    write_sink_to_bytes(&mem, out);
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(pdf_sink_write, &mem, s->page_width, s->page_height);
    pdf_set_dates(surface, when);
    d->surface = surface;
    d->cr = cairo_create(surface);
    pdf_draw_all(d);
    cairo_status_t status = cairo_status(d->cr);
    if (status == CAIRO_STATUS_SUCCESS && !d->fault)
        pdf_write_outline(d);
    cairo_destroy(d->cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (d->error) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED, "%s", d->error->message);
        return false;
    }
    if (d->fault) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED,
                    "internal error in the PDF writer: %s; please report it with the input",
                    d->fault);
        return false;
    }
    if (status != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED, "cannot make the PDF: %s",
                    cairo_status_to_string(status));
        return false;
    }
    return true;
}

/* Drawn into memory, then finished into sink (pdf_finish.h). */
bool pdf_write_parts(const pdf_parts *parts, const write_options *opt, write_sink *sink,
                     GError **error)
{
    const doc_document *doc = parts->meta;
    pdf_draw d = {.lay = parts->parts[0].lay, .style = parts->parts[0].lay->style,
                  .doc = parts->parts[0].doc, .parts = parts,
                  .pending = g_ptr_array_new(),
                  .open = g_array_new(FALSE, FALSE, sizeof(pdf_open_tag)),
                  .link_texts = g_ptr_array_new_with_free_func(g_free),
                  .bars = g_array_new(FALSE, FALSE, sizeof(pdf_bar)),
                  .images = g_ptr_array_new(),
                  .placeholders = g_ptr_array_new_with_free_func(
                      (GDestroyNotify)cairo_surface_destroy)};
    for (int i = 0; i < parts->n_parts; i++)
        d.total_pages += parts->parts[i].lay->n_pages;
    d.outline_entries = g_array_new(FALSE, TRUE, sizeof(pdf_outline_entry));
    g_array_set_clear_func(d.outline_entries, pdf_outline_entry_clear);
    GDateTime *when = write_timestamp(doc, opt);
    GByteArray *drawn = g_byte_array_new();
    bool ok = pdf_render(&d, when, drawn, error);
    char *title = pdf_title(doc);
    if (ok) {
        char *producer = g_strdup_printf("cairo %s", cairo_version_string());
        int n_links = (int)d.link_texts->len;
        g_ptr_array_add(d.link_texts, NULL); /* pdata is then never NULL */
        GPtrArray *alts = g_ptr_array_new(); /* each part drawn with a logo has one */
        for (int i = 0; i < parts->n_parts; i++)
            if (parts->parts[i].lay->style->logo)
                g_ptr_array_add(alts, parts->parts[i].lay->style->logo_alt);
        pdf_finish_info info = {
            .title = title,
            .author = doc_document_meta(doc, DOC_META_AUTHOR),
            .subject = doc_document_meta(doc, DOC_META_SUBJECT),
            .keywords = doc_document_meta(doc, DOC_META_MARKING),
            .language = doc_document_meta(doc, DOC_META_LANGUAGE),
            .creator_tool = "papers",
            .producer = producer,
            .timestamp = when,
            .link_texts = (const char *const *)d.link_texts->pdata,
            .n_link_texts = n_links,
            .first_page_label = parts->page_labels ? parts->number_base + 1 : 0,
            .figure_alts = (const char *const *)alts->pdata,
            .n_figure_alts = (int)alts->len,
            .images = (const logo_pixels *const *)d.images->pdata,
            .n_images = (int)d.images->len,
        };
        ok = pdf_finish(drawn, &info, sink, error);
        g_ptr_array_free(alts, TRUE);
        g_free(producer);
    }
    g_free(title);
    g_byte_array_free(drawn, TRUE);
    g_date_time_unref(when);
    g_ptr_array_free(d.pending, TRUE);
    g_array_free(d.open, TRUE);
    g_free(d.split);
    g_ptr_array_free(d.link_texts, TRUE);
    g_array_free(d.outline_entries, TRUE);
    g_array_free(d.bars, TRUE);
    g_ptr_array_free(d.images, TRUE);
    g_ptr_array_free(d.placeholders, TRUE);
    g_clear_error(&d.error);
    return ok;
}

/* No more pages than guard.h allows: checked before anything is drawn.
 * The message names the template the document was made from. */
static bool pdf_pages_allowed(const pdf_layout *lay, const doc_document *doc, GError **error)
{
    long max = guard_limit(GUARD_PAGES);
    if (lay->n_pages <= max)
        return true;
    const doc_node *first = doc_node_first_child(doc_document_root(doc));
    const char *source = first ? doc_node_source_file(first) : NULL;
    g_set_error(error, WRITE_ERROR, WRITE_ERROR_LIMIT,
                "%s: the document makes %d pages, more than the %ld one PDF may have (%s); "
                "split it into appendices, or shorten it",
                source ? source : "the document", lay->n_pages, max,
                guard_limit_variable(GUARD_PAGES));
    return false;
}

bool write_pdf(const doc_document *doc, const house_style *style, const write_options *opt,
               write_sink *sink, GError **error)
{
    if (!pdf_check_font(style->render_font, error))
        return false;
    pdf_layout *lay = pdf_layout_new(style, doc_document_meta(doc, DOC_META_LANGUAGE));
    pdf_layout_measure(lay, doc);
    pdf_layout_paginate(lay);
    pdf_part part = {.lay = lay, .doc = doc};
    pdf_parts one = {.parts = &part, .n_parts = 1, .meta = doc};
    bool ok = pdf_pages_allowed(lay, doc, error) && pdf_write_parts(&one, opt, sink, error);
    pdf_layout_free(lay);
    return ok;
}
