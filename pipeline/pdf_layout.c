/*
 * pdf_layout.c - measure and paginate for the PDF writer (see pdf_layout.h).
 *
 * Measuring walks the tree with doc_iter (ENTER/EXIT events), keeping a
 * stack of frames that say where text and list labels start inside the
 * current container (layout.md, "list container text indent").  Every block
 * of inline content becomes one PangoLayout; table cells collect their text
 * as pieces of a row item instead of items of the page flow.
 */
#include "pdf_layout.h"
#include "pdf_fonts.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

/* Widow and orphan control: at least this many lines of a paragraph on
 * each side of a page break. */
#define PDF_MIN_LINES 2
/* Word and LibreOffice lay lines out in twips (1/20 pt). */
#define PDF_TWIPS 20.0

/* The space between two blocks: the larger of the first's space after
 * and the second's space before, as LibreOffice lays out a Word document
 * (measured: a heading with 12 pt before, after a paragraph with 10 pt
 * after, starts 12 pt below it), not their sum. */
static double pdf_between(double after, double before)
{
    return fmax(after, before);
}

/* ---- text blocks --------------------------------------------------------- */

static PangoFontDescription *pdf_font(const house_style *style, const style_para *ps)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, style->render_font);
    /* Absolute size: one pango device unit is one point on our surface. */
    pango_font_description_set_absolute_size(fd, ps->size * PANGO_SCALE);
    pango_font_description_set_weight(fd, ps->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, ps->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return fd;
}

/* The font's line gap (the OpenType hhea lineGap), pt: the leading Word
 * and LibreOffice put below every line and pango's logical extents leave
 * out.  Single spacing is ascent + descent + line gap (Arial 12 pt: 13.8 pt).
 * Asking pango for metrics costs as much as shaping a paragraph, and a
 * document has a handful of looks, so each is asked once per layout. */
static double pdf_line_gap(pdf_layout *lay, PangoLayout *layout)
{
    const PangoFontDescription *fd = pango_layout_get_font_description(layout);
    pdf_gap key = {pango_font_description_get_size(fd), pango_font_description_get_weight(fd),
                   pango_font_description_get_style(fd), 0};
    for (int i = 0; i < lay->n_gaps; i++)
        if (lay->gaps[i].size == key.size && lay->gaps[i].weight == key.weight &&
            lay->gaps[i].style == key.style)
            return lay->gaps[i].gap;
    PangoContext *ctx = pango_layout_get_context(layout);
    PangoFontMetrics *m = pango_context_get_metrics(ctx, fd, pango_context_get_language(ctx));
    int gap = pango_font_metrics_get_height(m) - pango_font_metrics_get_ascent(m) -
              pango_font_metrics_get_descent(m);
    pango_font_metrics_unref(m);
    key.gap = gap > 0 ? pango_units_to_double(gap) : 0;
    if (lay->n_gaps < PDF_LAYOUT_GAPS)
        lay->gaps[lay->n_gaps++] = key;
    return key.gap;
}

/* Line boxes as LibreOffice makes them from the Word document (measured
 * with its DOCX import): single spacing is the line's ascent, descent and
 * the font's line gap, in whole twips; the house line spacing multiplies
 * it, the product cut to whole twips (Arial 12 pt: 276 twips single,
 * 317 at 1.15, 358 at 1.3); the text sits at the top of the box.  A page's
 * last line needs only its single-spaced height inside the text area. */
static void pdf_text_measure_lines(pdf_layout *lay, pdf_text *t)
{
    double line_spacing = lay->style->line_spacing;
    t->n_lines = pango_layout_get_line_count(t->layout);
    t->lines = g_new0(pdf_line, t->n_lines);
    double top = 0, gap = pdf_line_gap(lay, t->layout);
    for (int i = 0; i < t->n_lines; i++) {
        PangoRectangle logical;
        pango_layout_line_get_extents(pango_layout_get_line_readonly(t->layout, i), NULL,
                                      &logical);
        double single = round((pango_units_to_double(logical.height) + gap) * PDF_TWIPS);
        t->lines[i].top = top;
        t->lines[i].height = floor(single * line_spacing + 1e-6) / PDF_TWIPS;
        t->lines[i].fit = MIN(single / PDF_TWIPS, t->lines[i].height);
        t->lines[i].baseline = top - pango_units_to_double(logical.y);
        top += t->lines[i].height;
    }
}

static pdf_text *pdf_text_new(pdf_layout *lay, const style_para *ps, double x, double width,
                              PangoAlignment align)
{
    pdf_text *t = g_new0(pdf_text, 1);
    t->layout = pango_layout_new(lay->context);
    PangoFontDescription *fd = pdf_font(lay->style, ps);
    pango_layout_set_font_description(t->layout, fd);
    pango_font_description_free(fd);
    t->x = x;
    t->width = width;
    if (width > 0) {
        pango_layout_set_width(t->layout, pango_units_from_double(width));
        /* WORD_CHAR: a word or URL longer than the line breaks between
         * characters instead of running into the margin. */
        pango_layout_set_wrap(t->layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(t->layout, align);
    return t;
}

void pdf_text_free(pdf_text *t)
{
    if (!t)
        return;
    g_object_unref(t->layout);
    g_free(t->lines);
    g_free(t->links);
    g_free(t->marks);
    g_free(t);
}

static PangoAttribute *pdf_colour_attr(guint rgb)
{
    return pango_attr_foreground_new((guint16)(((rgb >> 16) & 0xFF) * 257),
                                     (guint16)(((rgb >> 8) & 0xFF) * 257),
                                     (guint16)((rgb & 0xFF) * 257));
}

static guint pdf_change_rgb(doc_change change)
{
    return change == DOC_CHANGE_INSERTED ? PDF_INSERTED_RGB : PDF_DELETED_RGB;
}

/* A block, label or cell piece inserted or deleted whole: all its text is
 * one mark. */
static void pdf_text_mark_all(pdf_text *t, doc_change change)
{
    if (change == DOC_CHANGE_NONE)
        return;
    int len = (int)strlen(pango_layout_get_text(t->layout));
    g_free(t->marks);
    t->marks = g_new(pdf_mark, 1);
    t->marks[0] = (pdf_mark){0, len, change};
    t->n_marks = 1;
}

pdf_text *pdf_layout_plain_text(pdf_layout *lay, const style_para *ps, double x, double width,
                                PangoAlignment align, const char *text)
{
    pdf_text *t = pdf_text_new(lay, ps, x, width, align);
    pango_layout_set_text(t->layout, text, -1);
    pdf_text_measure_lines(lay, t);
    return t;
}

/* A one-line label (paragraph number, bullet). */
static pdf_text *pdf_label_new(pdf_layout *lay, const style_para *ps, double x, const char *s)
{
    return pdf_layout_plain_text(lay, ps, x, -1, PANGO_ALIGN_LEFT, s);
}

/* Gather a block's inline content into text, attributes, links and
 * change marks.  STRONG, EMPH, LINK, INSERTED and DELETED ranges are known
 * at their EXIT event; a colour attribute makes pango end its runs
 * exactly at the edges of links and marks, which the drawing relies on. */
static void pdf_inlines(const doc_node *block, GString *text, PangoAttrList *attrs,
                        GArray *links, GArray *marks, const house_style *style)
{
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(guint));
    guint colour = 0;
    sscanf(style->link_colour ? style->link_colour : "0000FF", "%6x", &colour);
    doc_iter it;
    doc_iter_init(&it, (doc_node *)block);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        doc_type type = doc_node_type(n);
        if (n == block || type == DOC_EXEMPT) /* words as any other: no look of their own */
            continue;
        if (type == DOC_TEXT) {
            g_string_append(text, doc_node_text(n));
        } else if (type == DOC_BREAK) {
            g_string_append_c(text, '\n');
        } else if (ev == DOC_EVENT_ENTER) {
            guint start = (guint)text->len;
            g_array_append_val(starts, start);
        } else {
            guint start = g_array_index(starts, guint, starts->len - 1);
            g_array_set_size(starts, starts->len - 1);
            PangoAttribute *a;
            if (type == DOC_STRONG) {
                a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            } else if (type == DOC_EMPH) {
                a = pango_attr_style_new(PANGO_STYLE_ITALIC);
            } else if (type == DOC_INSERTED || type == DOC_DELETED) {
                doc_change change =
                    type == DOC_INSERTED ? DOC_CHANGE_INSERTED : DOC_CHANGE_DELETED;
                a = pdf_colour_attr(pdf_change_rgb(change));
                pdf_mark mark = {(int)start, (int)text->len, change};
                g_array_append_val(marks, mark);
            } else {
                a = pdf_colour_attr(colour);
                pdf_link link = {(int)start, (int)text->len, doc_node_url(n)};
                g_array_append_val(links, link);
            }
            a->start_index = start;
            a->end_index = (guint)text->len;
            pango_attr_list_insert(attrs, a);
        }
    }
    g_array_free(starts, TRUE);
}

/* Links were appended at their EXIT; a link cannot hold another, so sorting
 * by start gives text order. */
static gint pdf_link_cmp(gconstpointer a, gconstpointer b)
{
    return ((const pdf_link *)a)->start - ((const pdf_link *)b)->start;
}

static pdf_text *pdf_block_text(pdf_layout *lay, const doc_node *block, const style_para *ps,
                                double x, double width, PangoAlignment align)
{
    pdf_text *t = pdf_text_new(lay, ps, x, width, align);
    GString *text = g_string_new(NULL);
    PangoAttrList *attrs = pango_attr_list_new();
    GArray *links = g_array_new(FALSE, FALSE, sizeof(pdf_link));
    GArray *marks = g_array_new(FALSE, FALSE, sizeof(pdf_mark));
    /* A word broken for want of room must not gain a hyphen the text does
     * not have: it would corrupt URLs and the extracted text. */
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pdf_inlines(block, text, attrs, links, marks, lay->style);
    g_array_sort(links, pdf_link_cmp);
    pango_layout_set_text(t->layout, text->str, (int)text->len);
    pango_layout_set_attributes(t->layout, attrs);
    pango_attr_list_unref(attrs);
    g_string_free(text, TRUE);
    t->n_links = (int)links->len;
    t->links = (pdf_link *)g_array_free(links, FALSE);
    t->n_marks = (int)marks->len; /* marks hold only text: already in order */
    t->marks = (pdf_mark *)g_array_free(marks, FALSE);
    pdf_text_mark_all(t, doc_node_change(block));
    pdf_text_measure_lines(lay, t);
    return t;
}

static double pdf_text_height(const pdf_text *t, int first, int end)
{
    if (end <= first)
        return 0;
    return t->lines[end - 1].top + t->lines[end - 1].height - t->lines[first].top;
}

/* The room lines [first, end) need at the foot of a page (see pdf_line). */
static double pdf_text_fit_height(const pdf_text *t, int first, int end)
{
    if (end <= first)
        return 0;
    return t->lines[end - 1].top + t->lines[end - 1].fit - t->lines[first].top;
}

/* ---- items --------------------------------------------------------------- */

static void pdf_item_clear(pdf_item *it)
{
    pdf_text_free(it->text);
    g_free(it->outline_text);
    for (int c = 0; c < it->n_cells; c++) {
        GArray *pieces = it->cells[c].pieces;
        for (guint i = 0; i < pieces->len; i++)
            pdf_text_free(g_array_index(pieces, pdf_piece, i).text);
        g_array_free(pieces, TRUE);
    }
    g_free(it->cells);
}

static int pdf_push(pdf_layout *lay, pdf_item it)
{
    it.header_first = it.kind == PDF_ITEM_ROW ? it.header_first : -1;
    g_array_append_val(lay->items, it);
    return (int)lay->items->len - 1;
}

static void pdf_push_tag(pdf_layout *lay, pdf_item_kind kind, const char *tag)
{
    pdf_push(lay, (pdf_item){.kind = kind, .tag = tag});
}

/* ---- the walk ------------------------------------------------------------ */

/* The current container: the area its blocks' indents are measured from
 * (the page's text area, or a cell's inside) and how their text looks. */
typedef struct {
    const doc_node *node;
    double left;            /* page x of the area's left edge */
    double right;           /* right edge of the text */
    style_para_kind kind;   /* look of plain paragraphs inside */
    bool bold;              /* header-row cells: every paragraph bold */
    bool lbody_open;        /* ITEM, NUMBERED: its LBody tag has begun */
} pdf_frame;

typedef struct {
    pdf_layout *lay;
    const house_style *style;
    GArray *frames;         /* pdf_frame stack */
    pdf_cell *cell;         /* non-NULL: text goes into this cell */
    double cell_y;          /* next piece's y in the cell */
    double cell_after;      /* space after the last piece */
    bool cell_spaced;       /* a table cell: its first piece's space before
                               and its last one's space after are inside it */
    bool cell_started;      /* a text piece is in the cell */
    pdf_text *label;        /* pending label for the next paragraph (owned) */
    bool label_is_item;     /* a list item's or numbered paragraph's label
                               (tagged Lbl), or a heading's number */
    const doc_node *label_node; /* the node the label is of */
} pdf_walk;

static pdf_frame *pdf_top(pdf_walk *w)
{
    return &g_array_index(w->frames, pdf_frame, w->frames->len - 1);
}

/* A structure tag in the page flow, or among a cell's pieces (the TD or
 * TH around them is begun when the row is drawn). */
static void pdf_tag(pdf_walk *w, pdf_item_kind kind, const char *tag)
{
    if (!w->cell) {
        pdf_push_tag(w->lay, kind, tag);
        return;
    }
    pdf_piece piece = {.tag = tag, .tag_end = kind == PDF_ITEM_TAG_END};
    g_array_append_val(w->cell->pieces, piece);
}

/* The space after a paragraph, as the tree resolved it. */
static double pdf_space_after(const house_style *style, const doc_node *node,
                              const style_para *ps)
{
    if (doc_node_type(node) != DOC_PARAGRAPH)
        return ps->space_after;
    switch (doc_node_gap(node)) {
    case DOC_GAP_ITEM: return style->item_gap;
    case DOC_GAP_BODY: return style->para[STYLE_BODY].space_after;
    default: return ps->space_after;
    }
}

/* Where the next piece of a cell goes: below the previous one, the larger
 * of the two spaces between.  In a table cell the first piece's space
 * before and the last one's space after are inside the cell, as Word and
 * LibreOffice lay out a cell's paragraphs; a signature's lines sit
 * together (its space before belongs to the block). */
static double pdf_cell_next_y(const pdf_walk *w, const style_para *ps)
{
    double before = w->cell_spaced ? ps->space_before : 0;
    return w->cell_y + (w->cell_started ? pdf_between(w->cell_after, before) : before);
}

static void pdf_cell_piece(pdf_walk *w, pdf_text *t, double y)
{
    pdf_piece piece = {.text = t, .y = y};
    g_array_append_val(w->cell->pieces, piece);
}

/* Text t as the cell's next block, its top at y: the cell continues
 * below it, space_after on. */
static void pdf_cell_block(pdf_walk *w, pdf_text *t, double y, double space_after)
{
    pdf_cell_piece(w, t, y);
    w->cell_y = y + pdf_text_height(t, 0, t->n_lines);
    w->cell_after = space_after;
    w->cell_started = true;
}

/* The pending label, beside text t whose top is at y (cells) or placed by
 * paginate where t's first line lands (the flow).  A list item's or
 * numbered paragraph's label is an Lbl, followed by the LBody that holds
 * the paragraph; a heading's number is part of the heading. */
static void pdf_emit_label(pdf_walk *w, const doc_node *node, const pdf_text *t, double y,
                           bool as_lbl)
{
    pdf_text *label = w->label;
    w->label = NULL;
    if (as_lbl)
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, "Lbl");
    if (w->cell)
        pdf_cell_piece(w, label, y + t->lines[0].baseline - label->lines[0].baseline);
    else
        pdf_push(w->lay, (pdf_item){.kind = PDF_ITEM_LABEL, .node = node, .text = label});
    if (as_lbl) {
        pdf_tag(w, PDF_ITEM_TAG_END, "Lbl");
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, "LBody");
        pdf_top(w)->lbody_open = true;
    }
}

/* Emit one block of inline content, with its tag (none: NULL) and any
 * pending label, in the page flow or into the current cell (in reading
 * order: the label first, as the text a reader copies or a screen reader
 * reads it).  Returns the TEXT item's index in the flow, or -1 in a cell. */
static int pdf_emit_block(pdf_walk *w, const doc_node *node, const style_para *ps,
                          PangoAlignment align, const char *tag, int heading_level)
{
    pdf_frame *f = pdf_top(w);
    double x = f->left + doc_node_indent(node);
    pdf_text *t = pdf_block_text(w->lay, node, ps, x, f->right - x, align);
    double y = w->cell ? pdf_cell_next_y(w, ps) : 0;
    int index = -1;
    if (w->label && w->label_is_item)
        pdf_emit_label(w, node, t, y, true);
    if (tag)
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, tag);
    if (w->label)
        pdf_emit_label(w, node, t, y, false);
    if (w->cell) {
        pdf_cell_block(w, t, y, pdf_space_after(w->style, node, ps));
    } else {
        index = pdf_push(w->lay, (pdf_item){.kind = PDF_ITEM_TEXT, .node = node, .text = t,
                                            .space_before = ps->space_before,
                                            .space_after = pdf_space_after(w->style, node, ps),
                                            .keep_with_next = heading_level > 0,
                                            .heading_level = heading_level});
    }
    if (tag)
        pdf_tag(w, PDF_ITEM_TAG_END, tag);
    return index;
}

/* A label still waiting when a list or table begins (an item or numbered
 * paragraph whose first block is not a paragraph): it goes on an empty
 * paragraph of its own, as Word shows it (docx_body.c writes one). */
static void pdf_emit_lone_label(pdf_walk *w)
{
    const doc_node *labelled = w->label_node;
    if (!w->label)
        return;
    style_para ps = w->style->para[pdf_top(w)->kind];
    if (doc_node_type(labelled) == DOC_ITEM)
        ps.space_after = w->style->item_gap;
    pdf_frame *f = pdf_top(w);
    double x = f->left + doc_node_indent(labelled);
    pdf_text *t = pdf_layout_plain_text(w->lay, &ps, x, f->right - x, PANGO_ALIGN_LEFT, "");
    double y = w->cell ? pdf_cell_next_y(w, &ps) : 0;
    pdf_emit_label(w, labelled, t, y, w->label_is_item);
    if (w->cell) {
        pdf_cell_block(w, t, y, ps.space_after);
    } else {
        pdf_push(w->lay, (pdf_item){.kind = PDF_ITEM_TEXT, .node = labelled, .text = t,
                                    .space_before = ps.space_before,
                                    .space_after = ps.space_after});
    }
}

static style_para pdf_para_style(const pdf_walk *w, const pdf_frame *f);

/* The label of a labelled node, in the look ps, where the tree puts it.
 * A heading's number is read with the heading: a space after it (it hangs
 * left-aligned, so the space is not seen) keeps "1. Purpose" two words. */
static void pdf_set_label(pdf_walk *w, const doc_node *n, const style_para *ps, bool is_item)
{
    pdf_emit_lone_label(w); /* a label still waiting has its own line */
    double x = pdf_top(w)->left + doc_node_label_indent(n);
    char *text = g_strconcat(doc_node_label(n), is_item ? "" : " ", NULL);
    w->label = pdf_label_new(w->lay, ps, x, text);
    g_free(text);
    pdf_text_mark_all(w->label, doc_node_change(n));
    w->label_is_item = is_item;
    w->label_node = n;
}

/* ---- tables -------------------------------------------------------------- */

static void pdf_measure_cell(pdf_walk *inner, const doc_node *cell_node, double inner_left,
                             double inner_right, style_para_kind kind, bool bold);

/* Cell boxes of a row: columns in the table's width ratio. */
static void pdf_row_cells(pdf_walk *w, const doc_node *row, pdf_item *it, double x0,
                          double width, const double *fractions, int n_fractions, bool header)
{
    const house_style *s = w->style;
    it->n_cells = MIN(doc_node_child_count(row), n_fractions);
    it->cells = g_new0(pdf_cell, it->n_cells);
    double x = x0, tallest = 0;
    /* A row's top border is part of its height, as in LibreOffice. */
    double top = it->borders ? PDF_BORDER_WIDTH : 0;
    int c = 0;
    for (const doc_node *cn = doc_node_first_child(row); cn && c < it->n_cells;
         cn = doc_node_next(cn), c++) {
        pdf_cell *cell = &it->cells[c];
        cell->x = x;
        cell->width = width * fractions[c];
        cell->pieces = g_array_new(FALSE, FALSE, sizeof(pdf_piece));
        double pad = it->table ? s->cell_padding : 0;
        pdf_walk inner = {.lay = w->lay, .style = s, .cell = cell, .cell_y = top + pad,
                          .cell_spaced = it->table};
        pdf_measure_cell(&inner, cn, x + pad, x + cell->width - pad, STYLE_TABLE, header);
        double after = inner.cell_started && it->table ? inner.cell_after : 0;
        tallest = fmax(tallest, inner.cell_y + after + pad);
        x += cell->width;
    }
    it->height = tallest;
}

/* A table's caption: the first child of its Table, kept with its first
 * row, set from where the table starts (style_caption); in a cell, where a
 * table is its text one block after another, a P. */
static void pdf_emit_caption(pdf_walk *w, const doc_node *table)
{
    const char *caption = doc_node_caption(table);
    if (!caption)
        return;
    pdf_frame *f = pdf_top(w);
    style_para look = style_caption(w->style);
    double x = f->left + doc_node_indent(table);
    pdf_text *t = pdf_layout_plain_text(w->lay, &look, x, f->right - x, PANGO_ALIGN_LEFT, caption);
    pdf_text_mark_all(t, doc_node_change(table));
    const char *tag = w->cell ? "P" : "Caption";
    pdf_tag(w, PDF_ITEM_TAG_BEGIN, tag);
    if (w->cell) {
        pdf_cell_block(w, t, pdf_cell_next_y(w, &look), look.space_after);
    } else {
        pdf_push(w->lay, (pdf_item){.kind = PDF_ITEM_TEXT, .node = table, .text = t,
                                    .space_before = look.space_before,
                                    .space_after = look.space_after, .keep_with_next = true});
    }
    pdf_tag(w, PDF_ITEM_TAG_END, tag);
}

/* A table: its rows as items between Table tags, its caption first; header
 * rows are bold (set before measuring, as bold text is wider) and kept with
 * the next row. */
static void pdf_measure_table(pdf_walk *w, const doc_node *table)
{
    pdf_frame *f = pdf_top(w);
    int n_fractions = 0;
    const double *fractions = doc_node_column_fractions(table, &n_fractions);
    double x = f->left + doc_node_indent(table);
    int header_first = -1, header_count = 0, last = -1;
    pdf_push_tag(w->lay, PDF_ITEM_TAG_BEGIN, "Table");
    pdf_emit_caption(w, table);
    for (const doc_node *row = doc_node_first_child(table); row; row = doc_node_next(row)) {
        bool header = doc_node_is_header_row(row);
        pdf_item it = {.kind = PDF_ITEM_ROW, .node = row, .header_row = header,
                       .table = true, .borders = doc_node_has_borders(table),
                       .keep_with_next = header,
                       .header_first = header ? -1 : header_first,
                       .header_count = header ? 0 : header_count};
        pdf_row_cells(w, row, &it, x, f->right - x, fractions, n_fractions, header);
        last = pdf_push(w->lay, it);
        if (header) {
            if (header_count == 0 || header_first + header_count != last)
                header_first = last, header_count = 0;
            header_count++;
        }
    }
    if (last >= 0) {
        pdf_item *end = pdf_layout_item(w->lay, last);
        end->space_after = w->style->para[STYLE_BODY].space_after;
        if (end->borders) /* and the table's bottom border */
            end->height += PDF_BORDER_WIDTH;
    }
    pdf_push_tag(w->lay, PDF_ITEM_TAG_END, "Table");
}

/* The signature: two borderless columns, date left, name and role from the
 * middle of the text area. */
static void pdf_measure_signature(pdf_walk *w, const doc_node *sig)
{
    pdf_frame *f = pdf_top(w);
    pdf_item it = {.kind = PDF_ITEM_ROW, .node = sig, .header_first = -1,
                   .space_before = w->style->para[STYLE_SIGNATURE].space_before,
                   .space_after = w->style->para[STYLE_SIGNATURE].space_after};
    it.n_cells = doc_node_child_count(sig);
    it.cells = g_new0(pdf_cell, it.n_cells);
    double left = f->left + doc_node_indent(sig);
    double half = (f->right - left) / 2, tallest = 0;
    int c = 0;
    for (const doc_node *cn = doc_node_first_child(sig); cn; cn = doc_node_next(cn), c++) {
        pdf_cell *cell = &it.cells[c];
        cell->x = left + half * c;
        cell->width = half;
        cell->pieces = g_array_new(FALSE, FALSE, sizeof(pdf_piece));
        pdf_walk inner = {.lay = w->lay, .style = w->style, .cell = cell};
        pdf_measure_cell(&inner, cn, cell->x, cell->x + half, STYLE_SIGNATURE, false);
        tallest = fmax(tallest, inner.cell_y);
    }
    it.height = tallest;
    pdf_push_tag(w->lay, PDF_ITEM_TAG_BEGIN, "Div");
    pdf_push(w->lay, it);
    pdf_push_tag(w->lay, PDF_ITEM_TAG_END, "Div");
}

/* ---- block events -------------------------------------------------------- */

static void pdf_push_frame(pdf_walk *w, const doc_node *n, style_para_kind kind)
{
    pdf_frame f = *pdf_top(w);
    f.node = n;
    f.kind = kind;
    f.lbody_open = false;
    g_array_append_val(w->frames, f);
}

/* Headings by outline level (doc_node_outline_level). */
static const char *const pdf_heading_tags[] = {"H1", "H2", "H3", "H4", "H5", "H6"};

static const char *pdf_heading_tag(const doc_node *n)
{
    return pdf_heading_tags[CLAMP(doc_node_outline_level(n), 1, 6) - 1];
}

static bool pdf_is_type(const doc_node *n, doc_type type)
{
    return n && doc_node_type(n) == type;
}

/* The words of the title block that starts at first, for its bookmark. */
static char *pdf_title_block_text(const doc_node *first)
{
    GString *all = g_string_new(NULL);
    for (const doc_node *n = first; pdf_is_type(n, DOC_TITLE); n = doc_node_next(n)) {
        char *line = doc_node_plain_text(n);
        g_strdelimit(line, "\n", ' ');
        g_string_append_printf(all, "%s%s", all->len ? " " : "", g_strstrip(line));
        g_free(line);
    }
    return g_string_free(all, FALSE);
}

/* The title block is one H1 (the document's first heading, as in the web
 * page), its lines Spans of it; its first line has the bookmark. */
static void pdf_enter_title(pdf_walk *w, const doc_node *n)
{
    bool first = !pdf_is_type(doc_node_prev(n), DOC_TITLE);
    bool last = !pdf_is_type(doc_node_next(n), DOC_TITLE);
    const char *tag = pdf_heading_tag(n);
    if (first)
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, tag);
    int i = pdf_emit_block(w, n, style_title(w->style, doc_node_level(n)), PANGO_ALIGN_CENTER,
                           NULL, first ? doc_node_outline_level(n) : 0);
    if (i >= 0) {
        pdf_item *it = pdf_layout_item(w->lay, i);
        it->wrap = true;
        it->space_after_text = !last;
        it->keep_with_next = false; /* as Word's Title style */
        if (first)
            it->outline_text = pdf_title_block_text(n);
    }
    if (last)
        pdf_tag(w, PDF_ITEM_TAG_END, tag);
}

/* Numbered paragraphs are a list: each its own LI, its number the Lbl and
 * its paragraphs the LBody, and the numbered paragraphs that stand
 * together one L (see docs/layout.md, "Structure"). */
static void pdf_enter_numbered(pdf_walk *w, const doc_node *n)
{
    pdf_frame *f = pdf_top(w);
    style_para ps = pdf_para_style(w, f);
    pdf_set_label(w, n, &ps, true);
    if (!pdf_is_type(doc_node_prev(n), DOC_NUMBERED))
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, "L");
    pdf_tag(w, PDF_ITEM_TAG_BEGIN, "LI");
    pdf_push_frame(w, n, f->kind);
}

static style_para pdf_para_style(const pdf_walk *w, const pdf_frame *f)
{
    style_para ps = w->style->para[f->kind];
    ps.bold = ps.bold || f->bold;
    return ps;
}

/* Returns true when the node's children are handled (skip them). */
static bool pdf_enter(pdf_walk *w, const doc_node *n)
{
    const house_style *s = w->style;
    pdf_frame *f = pdf_top(w);
    switch (doc_node_type(n)) {
    case DOC_SECTION:
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, "Sect");
        pdf_push_frame(w, n, f->kind);
        return false;
    case DOC_TITLE:
        pdf_enter_title(w, n);
        return true;
    case DOC_HEADING: {
        int level = CLAMP(doc_node_level(n), 1, 3);
        if (doc_node_label(n))
            pdf_set_label(w, n, style_heading(s, level), false);
        pdf_emit_block(w, n, style_heading(s, level), PANGO_ALIGN_LEFT, pdf_heading_tag(n),
                       w->cell ? 0 : doc_node_outline_level(n));
        return true;
    }
    case DOC_PARAGRAPH: {
        style_para ps = pdf_para_style(w, f);
        pdf_emit_block(w, n, &ps, PANGO_ALIGN_LEFT, "P", 0);
        return true;
    }
    case DOC_NUMBERED:
        pdf_enter_numbered(w, n);
        return false;
    case DOC_LIST:
        pdf_emit_lone_label(w);
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, "L");
        pdf_push_frame(w, n, f->kind);
        return false;
    case DOC_ITEM: {
        style_para ps = pdf_para_style(w, f);
        pdf_set_label(w, n, &ps, true);
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, "LI");
        pdf_push_frame(w, n, f->kind);
        return false;
    }
    case DOC_TABLE:
        pdf_emit_lone_label(w);
        if (w->cell) {
            pdf_emit_caption(w, n);
            return false; /* a table in a cell: its text, one block after another */
        }
        pdf_measure_table(w, n);
        return true;
    case DOC_MOTION:
        pdf_tag(w, PDF_ITEM_TAG_BEGIN, "Div");
        pdf_push_frame(w, n, STYLE_MOTION);
        return false;
    case DOC_SIGNATURE:
        if (!w->cell)
            pdf_measure_signature(w, n);
        return !w->cell;
    case DOC_PAGE_BREAK:
        if (!w->cell)
            pdf_push(w->lay, (pdf_item){.kind = PDF_ITEM_PAGE_BREAK, .node = n});
        return true;
    default: /* DOCUMENT, ROW, CELL (nested tables), stray inlines */
        return doc_type_is_inline(doc_node_type(n));
    }
}

static void pdf_exit(pdf_walk *w, const doc_node *n)
{
    pdf_frame *f = pdf_top(w);
    if (f->node != n)
        return; /* only framed containers need an exit */
    if (doc_node_type(n) == DOC_ITEM || doc_node_type(n) == DOC_NUMBERED) {
        /* An item or numbered paragraph with no text: its label stands on
         * its own line, not on whatever block comes next. */
        pdf_emit_lone_label(w);
    }
    switch (doc_node_type(n)) {
    case DOC_SECTION: pdf_tag(w, PDF_ITEM_TAG_END, "Sect"); break;
    case DOC_MOTION: pdf_tag(w, PDF_ITEM_TAG_END, "Div"); break;
    case DOC_ITEM:
    case DOC_NUMBERED:
        if (f->lbody_open)
            pdf_tag(w, PDF_ITEM_TAG_END, "LBody");
        pdf_tag(w, PDF_ITEM_TAG_END, "LI");
        if (doc_node_type(n) == DOC_NUMBERED && !pdf_is_type(doc_node_next(n), DOC_NUMBERED))
            pdf_tag(w, PDF_ITEM_TAG_END, "L");
        break;
    case DOC_LIST: pdf_tag(w, PDF_ITEM_TAG_END, "L"); break;
    default: break;
    }
    g_array_set_size(w->frames, w->frames->len - 1);
}

/* Walk root's subtree (without recursion), skipping the children of nodes
 * that pdf_enter handled whole. */
static void pdf_walk_tree(pdf_walk *w, const doc_node *root)
{
    const doc_node *skip = NULL;
    doc_iter it;
    doc_iter_init(&it, (doc_node *)root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (skip) {
            if (n == skip && ev == DOC_EVENT_EXIT)
                skip = NULL;
            continue;
        }
        if (ev == DOC_EVENT_ENTER) {
            if (pdf_enter(w, n) && !doc_type_is_leaf(doc_node_type(n)))
                skip = n;
        } else {
            pdf_exit(w, n);
        }
    }
    pdf_text_free(w->label);
    w->label = NULL;
}

static void pdf_measure_cell(pdf_walk *inner, const doc_node *cell_node, double inner_left,
                             double inner_right, style_para_kind kind, bool bold)
{
    inner->frames = g_array_new(FALSE, FALSE, sizeof(pdf_frame));
    pdf_frame f = {.node = NULL, .left = inner_left, .right = inner_right, .kind = kind,
                   .bold = bold};
    g_array_append_val(inner->frames, f);
    pdf_walk_tree(inner, cell_node);
    g_array_free(inner->frames, TRUE);
}

/* A full version's marking, before its first block (style_marking): its
 * running header is an artifact, so the text says it too. */
static void pdf_measure_marking(pdf_walk *w, const doc_document *doc)
{
    const char *marking = doc_document_meta(doc, DOC_META_MARKING);
    if (!marking || !*marking)
        return;
    pdf_layout *lay = w->lay;
    style_para ps = style_marking(w->style);
    pdf_text *t = pdf_layout_plain_text(lay, &ps, lay->left, lay->right - lay->left,
                                        PANGO_ALIGN_LEFT, marking);
    pdf_push_tag(lay, PDF_ITEM_TAG_BEGIN, "P");
    pdf_push(lay, (pdf_item){.kind = PDF_ITEM_TEXT, .text = t, .space_before = 0,
                             .space_after = ps.space_after});
    pdf_push_tag(lay, PDF_ITEM_TAG_END, "P");
}

/* A redline's note, before its first block: which versions are compared,
 * and how the changes are shown. */
static void pdf_measure_change_note(pdf_walk *w, const doc_document *doc)
{
    const char *note = doc_document_meta(doc, DOC_META_CHANGE_NOTE);
    if (!note || !*note)
        return;
    pdf_layout *lay = w->lay;
    style_para ps = w->style->para[STYLE_BODY];
    ps.italic = true;
    char *text = g_strconcat(note, " Inserted words are underlined in green and deleted words "
                                   "struck through in red; a bar in the margin marks each "
                                   "line with a change.", NULL);
    pdf_text *t = pdf_layout_plain_text(lay, &ps, lay->left, lay->right - lay->left,
                                        PANGO_ALIGN_LEFT, text);
    g_free(text);
    pdf_push_tag(lay, PDF_ITEM_TAG_BEGIN, "P");
    pdf_push(lay, (pdf_item){.kind = PDF_ITEM_TEXT, .text = t, .space_before = 0,
                             .space_after = 2 * ps.space_after});
    pdf_push_tag(lay, PDF_ITEM_TAG_END, "P");
}

/* The council's logo at the top of the first page, at the right of the
 * text area, its own block with the body's space after it (layout.md): a
 * Figure, its text alternative added by pdf_finish. */
static void pdf_measure_logo(pdf_walk *w)
{
    const house_style *s = w->style;
    if (!s->logo)
        return;
    pdf_layout *lay = w->lay;
    pdf_push_tag(lay, PDF_ITEM_TAG_BEGIN, "Figure");
    pdf_push(lay, (pdf_item){.kind = PDF_ITEM_FIGURE, .height = s->logo_height,
                             .width = s->logo_width, .x = lay->right - s->logo_width,
                             .space_after = s->para[STYLE_BODY].space_after});
    pdf_push_tag(lay, PDF_ITEM_TAG_END, "Figure");
}

/* ---- public: layout ------------------------------------------------------ */

pdf_layout *pdf_layout_new(const house_style *style, const char *language)
{
    pdf_layout *lay = g_new0(pdf_layout, 1);
    lay->style = style;
    lay->font_map = pdf_fonts_map();
    lay->context = pango_font_map_create_context(lay->font_map);
    /* No hinting: glyph advances must not depend on a device resolution,
     * so measuring and drawing agree and output is reproducible. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(lay->context, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(lay->context, 72);
    /* Glyphs where the font's advances put them, not rounded to whole
     * points (one device unit here): rounding spaces letters visibly and
     * makes lines wider than in Word, so they break elsewhere. */
    pango_context_set_round_glyph_positions(lay->context, FALSE);
    if (language)
        pango_context_set_language(lay->context, pango_language_from_string(language));
    lay->left = style->margin_left;
    lay->right = style->page_width - style->margin_right;
    lay->top = style->margin_top;
    lay->bottom = style->page_height - style->margin_bottom;
    lay->items = g_array_new(FALSE, FALSE, sizeof(pdf_item));
    lay->places = g_array_new(FALSE, FALSE, sizeof(pdf_place));
    return lay;
}

double pdf_layout_text_width(void *data, const char *text, double size, bool bold, bool italic)
{
    pdf_layout *lay = data;
    const char *family = lay->style->render_font;
    double width;
    if (pdf_fonts_width(family, size, bold, italic, text, &width))
        return width;
    style_para look = {size, bold, italic, 0, 0};
    PangoFontDescription *fd = pdf_font(lay->style, &look);
    if (!lay->measuring) /* one line, never wrapped, left aligned */
        lay->measuring = pango_layout_new(lay->context);
    pango_layout_set_font_description(lay->measuring, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(lay->measuring, text, -1);
    PangoRectangle logical;
    pango_layout_get_extents(lay->measuring, NULL, &logical);
    width = pango_units_to_double(logical.width);
    pdf_fonts_keep_width(family, size, bold, italic, text, width);
    return width;
}

static void pdf_layout_clear_items(pdf_layout *lay)
{
    for (guint i = 0; i < lay->items->len; i++)
        pdf_item_clear(pdf_layout_item(lay, (int)i));
    g_array_set_size(lay->items, 0);
    g_array_set_size(lay->places, 0);
    lay->n_pages = 0;
}

void pdf_layout_free(pdf_layout *lay)
{
    if (!lay)
        return;
    pdf_layout_clear_items(lay);
    g_array_free(lay->items, TRUE);
    g_array_free(lay->places, TRUE);
    if (lay->measuring)
        g_object_unref(lay->measuring);
    g_object_unref(lay->context);
    g_object_unref(lay->font_map);
    g_free(lay);
}

void pdf_layout_measure(pdf_layout *lay, const doc_document *doc)
{
    pdf_layout_clear_items(lay);
    pdf_walk w = {.lay = lay, .style = lay->style};
    w.frames = g_array_new(FALSE, FALSE, sizeof(pdf_frame));
    pdf_frame root = {.node = NULL, .left = lay->left, .right = lay->right,
                      .kind = STYLE_BODY};
    g_array_append_val(w.frames, root);
    pdf_push_tag(lay, PDF_ITEM_TAG_BEGIN, "Document");
    pdf_measure_logo(&w);
    pdf_measure_marking(&w, doc);
    pdf_measure_change_note(&w, doc);
    pdf_walk_tree(&w, doc_document_root(doc));
    pdf_push_tag(lay, PDF_ITEM_TAG_END, "Document");
    g_array_free(w.frames, TRUE);
}

/* ---- paginate ------------------------------------------------------------ */

typedef struct {
    pdf_layout *lay;
    int page;
    double y;           /* where the next thing may start */
    bool empty;         /* nothing placed on this page yet */
    double after;       /* space after the last thing placed */
    int label_place;    /* placement of a label waiting for its text, or -1 */
} pdf_pager;

static void pdf_new_page(pdf_pager *p)
{
    p->page++;
    p->y = p->lay->top;
    p->empty = true;
    p->after = 0;
}

static int pdf_place_add(pdf_pager *p, pdf_place pl)
{
    g_array_append_val(p->lay->places, pl);
    return (int)p->lay->places->len - 1;
}

/* The next item that has a size, after i; -1 at the end. */
static int pdf_next_content(const pdf_layout *lay, int i)
{
    for (int j = i + 1; j < (int)lay->items->len; j++) {
        pdf_item_kind k = pdf_layout_item(lay, j)->kind;
        if (k == PDF_ITEM_TEXT || k == PDF_ITEM_ROW || k == PDF_ITEM_FIGURE ||
            k == PDF_ITEM_PAGE_BREAK)
            return j;
    }
    return -1;
}

/* Height that must fit below y for item i to start here: i whole, the
 * rows and figures it is kept with, whole, and the first line of the next
 * paragraph, unless that paragraph is itself kept with the next (a heading
 * over a heading): then nothing of it.  As LibreOffice lays out Word's
 * keepNext, measured on the examples: two headings over a four-line
 * paragraph, with one line's room left below them, stay and the orphan
 * rule moves the paragraph alone; with no room for the second heading,
 * the first stays alone at the foot of the page.  Word may move the
 * headings with the paragraph; LibreOffice is the reference here because
 * it is what the tests can run.  Space before the first is the caller's. */
static double pdf_keep_need(const pdf_layout *lay, int i)
{
    double need = 0, after = 0;
    bool first = true;
    for (int j = i; j >= 0; j = pdf_next_content(lay, j), first = false) {
        const pdf_item *it = pdf_layout_item(lay, j);
        if (it->kind == PDF_ITEM_PAGE_BREAK)
            break;
        double before = first ? 0 : pdf_between(after, it->space_before);
        if (it->kind == PDF_ITEM_ROW || it->kind == PDF_ITEM_FIGURE) {
            need += before + it->height;
        } else if (first && it->keep_with_next) {
            need += pdf_text_height(it->text, 0, it->text->n_lines);
        } else {
            if (!it->keep_with_next)
                need += before + pdf_text_fit_height(it->text, 0, 1);
            break;
        }
        if (!it->keep_with_next)
            break;
        after = it->space_after;
    }
    return need;
}

/* How many of t's lines from first fit in avail. */
static int pdf_lines_fitting(const pdf_text *t, int first, double avail)
{
    int k = 0;
    while (first + k < t->n_lines &&
           pdf_text_fit_height(t, first, first + k + 1) <= avail + 1e-6)
        k++;
    return k;
}

static void pdf_place_lines(pdf_pager *p, int i, double y, int first, int end)
{
    const pdf_item *it = pdf_layout_item(p->lay, i);
    pdf_place_add(p, (pdf_place){.item = i, .page = p->page, .y = y, .first_line = first,
                                 .end_line = end});
    if (first == 0 && p->label_place >= 0) {
        pdf_place *lp = pdf_layout_place(p->lay, p->label_place);
        const pdf_text *label = pdf_layout_item(p->lay, lp->item)->text;
        lp->page = p->page;
        lp->y = y + it->text->lines[0].baseline - label->lines[0].baseline;
        p->label_place = -1;
    }
    p->y = y + pdf_text_height(it->text, first, end);
    p->empty = false;
}

/* How many lines to put on this page when not all fit: widows and orphans
 * allowed for; 0 means start the paragraph on the next page. */
static int pdf_split_at(const pdf_text *t, int first, int fitting, bool page_empty)
{
    int rest = t->n_lines - first;
    int take = fitting;
    if (rest - take < PDF_MIN_LINES)
        take = rest - PDF_MIN_LINES;   /* no widow at the head of the next page */
    if (take < PDF_MIN_LINES)
        take = 0;                      /* no orphan at the foot of this one */
    if (take == 0 && page_empty)
        take = fitting > 0 ? fitting : 1; /* the page cannot do better */
    return take;
}

static void pdf_paginate_text(pdf_pager *p, int i)
{
    const pdf_item *it = pdf_layout_item(p->lay, i);
    const pdf_text *t = it->text;
    double bottom = p->lay->bottom;
    double gap = p->empty ? 0 : pdf_between(p->after, it->space_before);
    if (!p->empty && p->y + gap + pdf_keep_need(p->lay, i) > bottom + 1e-6) {
        pdf_new_page(p);
        gap = 0;
    }
    int first = 0;
    while (first < t->n_lines) {
        int fitting = pdf_lines_fitting(t, first, bottom - (p->y + gap));
        int take = fitting >= t->n_lines - first ? t->n_lines - first
                                                 : pdf_split_at(t, first, fitting, p->empty);
        if (take > 0)
            pdf_place_lines(p, i, p->y + gap, first, first + take);
        first += take;
        if (first < t->n_lines)
            pdf_new_page(p);
        gap = 0;
    }
    p->after = it->space_after;
}

static void pdf_place_row(pdf_pager *p, int i, double y, bool repeat)
{
    pdf_place_add(p, (pdf_place){.item = i, .page = p->page, .y = y, .repeat = repeat});
    p->y = y + pdf_layout_item(p->lay, i)->height;
    p->empty = false;
}

/* A row (or the logo) is never split: it moves whole to the next page,
 * under a repeat of its table's header rows. */
static void pdf_paginate_row(pdf_pager *p, int i)
{
    const pdf_item *it = pdf_layout_item(p->lay, i);
    double gap = p->empty ? 0 : pdf_between(p->after, it->space_before);
    if (!p->empty && p->y + gap + pdf_keep_need(p->lay, i) > p->lay->bottom + 1e-6) {
        pdf_new_page(p);
        gap = 0;
        for (int h = 0; it->header_first >= 0 && h < it->header_count; h++)
            pdf_place_row(p, it->header_first + h, p->y, true);
    }
    pdf_place_row(p, i, p->y + gap, false);
    p->after = it->space_after;
}

void pdf_layout_paginate(pdf_layout *lay)
{
    g_array_set_size(lay->places, 0);
    pdf_pager p = {.lay = lay, .page = -1, .label_place = -1};
    pdf_new_page(&p);
    for (int i = 0; i < (int)lay->items->len; i++) {
        const pdf_item *it = pdf_layout_item(lay, i);
        switch (it->kind) {
        case PDF_ITEM_TEXT: pdf_paginate_text(&p, i); break;
        case PDF_ITEM_ROW:
        case PDF_ITEM_FIGURE: pdf_paginate_row(&p, i); break;
        case PDF_ITEM_PAGE_BREAK:
            if (!p.empty)
                pdf_new_page(&p);
            break;
        case PDF_ITEM_LABEL:
            /* Placed where its paragraph's first line lands (see above). */
            p.label_place = pdf_place_add(&p, (pdf_place){.item = i, .page = p.page});
            break;
        case PDF_ITEM_TAG_BEGIN:
        case PDF_ITEM_TAG_END:
            pdf_place_add(&p, (pdf_place){.item = i, .page = p.page, .y = p.y});
            break;
        }
    }
    lay->n_pages = p.page + 1;
}
