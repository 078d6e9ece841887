/*
 * docx_body.c - the document tree as word/document.xml.
 *
 * One walk over the tree with ENTER/EXIT events (no recursion, so deep
 * input cannot exhaust the stack) and one handler per node type.  Blocks
 * become w:p and w:tbl with the named styles of docx_styles.c; what depends
 * on where a block sits (numbering, list level, table widths) comes from
 * small stacks kept in docx_body for the length of one call.
 */
#include "docx.h"
#include "write.h"

#include <string.h>

typedef struct {
    long *grid;     /* column widths, twips */
    int ncols;
    int col;        /* column of the next cell in the current row */
    bool signature; /* borderless two-column signature block */
} docx_table_frame;

typedef struct {
    const docx_package *pkg;
    const house_style *style;
    docx_xml *x;
    int next_list;     /* numId of the next LIST entered */
    int next_link;     /* index in pkg->links of the next LINK with a URL */
    int numbered;      /* NUMBERED nodes met so far */
    int bold, italic, link; /* open STRONG / EMPH / LINK around the run */
    bool ended_with_p; /* the last block element written was a w:p */
    bool after_table;  /* a page-level table just ended (see docx_p_open) */
    GArray *list_nums; /* numId of each open LIST (innermost last) */
    GArray *tables;    /* docx_table_frame of each open table */
    GArray *areas;     /* width (twips) blocks may fill, innermost last */
} docx_body;

/* Paragraph properties that depend on where the paragraph sits. */
typedef struct {
    const char *style; /* NULL: Normal */
    int num_id, ilvl;  /* num_id 0: not numbered */
    double ind_left;   /* pt; < 0: from the style or numbering */
    double hanging;    /* pt, with ind_left */
    double before;     /* pt; < 0: from the style */
    double after;      /* pt; < 0: from the style */
} docx_ppr;

static const docx_ppr DOCX_PPR_NONE = {NULL, 0, 0, -1, 0, -1, -1};

/* ---- small helpers ----------------------------------------------------- */

static int docx_top_int(GArray *stack)
{
    return g_array_index(stack, int, stack->len - 1);
}

static docx_table_frame *docx_top_table(docx_body *b)
{
    return &g_array_index(b->tables, docx_table_frame, b->tables->len - 1);
}

static bool docx_is_first(const doc_node *n) { return doc_node_prev(n) == NULL; }
static bool docx_is_last(const doc_node *n) { return doc_node_next(n) == NULL; }

static bool docx_link_has_target(const doc_node *link)
{
    return doc_node_url(link)[0] != '\0';
}

/* Text x of an item's paragraphs, from the left of its area. */
static double docx_item_text_x(const house_style *style, const doc_node *item)
{
    return docx_list_x(style, doc_node_parent(item)) + style->bullet_hang;
}

/* Left indent of blocks directly inside container (docs/layout.md). */
static double docx_block_indent(const house_style *style, const doc_node *container)
{
    switch (doc_node_type(container)) {
    case DOC_NUMBERED: return style->number_indent;
    case DOC_ITEM: return docx_item_text_x(style, container);
    default: return 0;
    }
}

/* ---- paragraphs -------------------------------------------------------- */

/* Write <w:pPr>, if there is anything to say. */
static void docx_ppr_write(docx_xml *x, const docx_ppr *p)
{
    if (!p->style && !p->num_id && p->ind_left < 0 && p->before < 0 && p->after < 0)
        return;
    docx_start(x, "w:pPr");
    if (p->style)
        docx_val(x, "w:pStyle", p->style);
    if (p->num_id) {
        docx_start(x, "w:numPr");
        docx_val_int(x, "w:ilvl", p->ilvl);
        docx_val_int(x, "w:numId", p->num_id);
        docx_end(x);
    }
    if (p->before >= 0 || p->after >= 0) {
        docx_start(x, "w:spacing");
        if (p->before >= 0)
            docx_attr_int(x, "w:before", docx_twips(p->before));
        if (p->after >= 0)
            docx_attr_int(x, "w:after", docx_twips(p->after));
        docx_end(x);
    }
    if (p->ind_left >= 0) {
        docx_start(x, "w:ind");
        docx_attr_int(x, "w:left", docx_twips(p->ind_left));
        docx_attr_int(x, "w:hanging", docx_twips(p->hanging));
        docx_end(x);
    }
    docx_end(x);
}

/* The house look of a paragraph style (docx_styles.c names them). */
static const style_para *docx_style_look(const house_style *style, const char *id)
{
    static const struct { const char *id; style_para_kind kind; } looks[] = {
        {"Title", STYLE_TITLE1},      {"Subtitle", STYLE_TITLE2},
        {"Heading1", STYLE_HEADING1}, {"Heading2", STYLE_HEADING2},
        {"Heading3", STYLE_HEADING3}, {"Motion", STYLE_MOTION},
        {"Signature", STYLE_SIGNATURE}, {"TableText", STYLE_TABLE},
        {"TableHeading", STYLE_TABLE},
    };
    for (size_t i = 0; id && i < G_N_ELEMENTS(looks); i++)
        if (strcmp(id, looks[i].id) == 0)
            return &style->para[looks[i].kind];
    return &style->para[STYLE_BODY];
}

/* Open <w:p>.  A table is followed by the body's space after, as in the
 * PDF; Word has no space after a table, so the paragraph that follows one
 * gets it as extra space before. */
static void docx_p_open(docx_body *b, const docx_ppr *given)
{
    docx_ppr p = *given;
    if (b->after_table)
        p.before = docx_style_look(b->style, p.style)->space_before +
                   b->style->para[STYLE_BODY].space_after;
    b->after_table = false;
    docx_start(b->x, "w:p");
    docx_ppr_write(b->x, &p);
}

static void docx_p_close(docx_body *b)
{
    docx_end(b->x);
    b->ended_with_p = true;
}

static void docx_empty_p(docx_body *b, const docx_ppr *p)
{
    docx_p_open(b, p);
    docx_p_close(b);
}

/* The numbered paragraph that carries a NUMBERED node's number. */
static docx_ppr docx_ppr_numbered(void)
{
    docx_ppr p = DOCX_PPR_NONE;
    p.style = "NumberedParagraph";
    p.num_id = DOCX_NUM_PARAGRAPHS;
    return p;
}

static docx_ppr docx_ppr_in_cell(const doc_node *cell)
{
    docx_ppr p = DOCX_PPR_NONE;
    const doc_node *holder = doc_node_parent(cell);
    if (doc_node_type(holder) == DOC_SIGNATURE)
        p.style = "Signature";
    else if (doc_node_is_header_row(holder))
        p.style = "TableHeading";
    else
        p.style = "TableText";
    return p;
}

/* The table cell a node sits in, or NULL. */
static const doc_node *docx_enclosing_cell(const doc_node *n)
{
    while (n && doc_node_type(n) != DOC_CELL)
        n = doc_node_parent(n);
    return n;
}

/* The paragraph that carries an item's bullet or number. */
static docx_ppr docx_ppr_item_label(docx_body *b, const doc_node *item)
{
    const doc_node *list = doc_node_parent(item);
    docx_ppr p = DOCX_PPR_NONE;
    p.style = doc_node_list_kind(list) == DOC_LIST_ORDERED ? "ListNumber" : "ListBullet";
    const doc_node *cell = docx_enclosing_cell(list);
    if (cell) { /* cell text look, items 4 pt apart (as the PDF) */
        p.style = docx_ppr_in_cell(cell).style;
        p.after = 4;
    }
    p.num_id = docx_top_int(b->list_nums);
    p.ilvl = MIN(doc_node_depth(item), DOCX_LEVELS - 1);
    if (doc_node_depth(item) >= DOCX_LEVELS) { /* deeper than Word's levels */
        p.ind_left = docx_item_text_x(b->style, item);
        p.hanging = b->style->bullet_hang;
    }
    return p;
}

/* Is para the last paragraph of a whole list nest?  A nested list that is
 * followed by more items of its parent list does not end the nest. */
static bool docx_ends_list_nest(const doc_node *para)
{
    for (const doc_node *n = para;;) {
        const doc_node *item = doc_node_parent(n);
        if (!docx_is_last(n) || !docx_is_last(item))
            return false;
        const doc_node *list = doc_node_parent(item);
        const doc_node *holder = doc_node_parent(list);
        if (!holder || doc_node_type(holder) != DOC_ITEM)
            return true;
        n = list;
    }
}

/* A paragraph inside a list item: the first carries the label, the rest
 * line up with its text.  Items are 4 pt apart (the list styles); the
 * paragraph that ends the list nest gets the body spacing after, except in
 * a table cell (so the PDF writer does it too). */
static docx_ppr docx_ppr_in_item(docx_body *b, const doc_node *para, const doc_node *item)
{
    docx_ppr p;
    if (docx_is_first(para)) {
        p = docx_ppr_item_label(b, item);
    } else {
        const doc_node *cell = docx_enclosing_cell(item);
        p = cell ? docx_ppr_in_cell(cell) : DOCX_PPR_NONE;
        p.style = cell ? p.style : "ListContinue";
        p.after = cell ? 4 : -1;
        p.ind_left = docx_item_text_x(b->style, item);
    }
    if (docx_ends_list_nest(para) && !docx_enclosing_cell(item)) /* as the PDF */
        p.after = b->style->para[STYLE_BODY].space_after;
    return p;
}

/* Paragraph properties for a PARAGRAPH, from its parent. */
static docx_ppr docx_ppr_for(docx_body *b, const doc_node *para)
{
    const doc_node *parent = doc_node_parent(para);
    docx_ppr p = DOCX_PPR_NONE;
    switch (doc_node_type(parent)) {
    case DOC_NUMBERED:
        if (docx_is_first(para))
            return docx_ppr_numbered();
        p.style = "NumberedContinue";
        return p;
    case DOC_ITEM:
        return docx_ppr_in_item(b, para, parent);
    case DOC_CELL:
        return docx_ppr_in_cell(parent);
    case DOC_MOTION:
        p.style = "Motion";
        return p;
    default:
        return p;
    }
}

/* ---- runs ---------------------------------------------------------------- */

/* Write <w:rPr> for the STRONG / EMPH / LINK around the run. */
static void docx_rpr(docx_body *b)
{
    if (!b->link && !b->bold && !b->italic)
        return;
    docx_start(b->x, "w:rPr");
    if (b->link)
        docx_val(b->x, "w:rStyle", "Hyperlink");
    if (b->bold) {
        docx_empty(b->x, "w:b");
        docx_empty(b->x, "w:bCs");
    }
    if (b->italic) {
        docx_empty(b->x, "w:i");
        docx_empty(b->x, "w:iCs");
    }
    docx_end(b->x);
}

static void docx_enter_text(docx_body *b, const doc_node *n)
{
    const char *text = doc_node_text(n);
    if (!text[0])
        return;
    docx_start(b->x, "w:r");
    docx_rpr(b);
    docx_run_text(b->x, text);
    docx_end(b->x);
}

static void docx_enter_break(docx_body *b)
{
    docx_start(b->x, "w:r");
    docx_rpr(b);
    docx_empty(b->x, "w:br");
    docx_end(b->x);
}

/* Open <w:hyperlink> to the relationship the package gave this link. */
static void docx_enter_link(docx_body *b, const doc_node *n)
{
    if (!docx_link_has_target(n))
        return;
    char rid[32];
    g_snprintf(rid, sizeof rid, "rId%d", b->pkg->rid_first_link + b->next_link++);
    docx_start(b->x, "w:hyperlink");
    docx_attr(b->x, "r:id", rid);
    docx_attr(b->x, "w:history", "1");
    b->link++;
}

static void docx_exit_link(docx_body *b, const doc_node *n)
{
    if (!docx_link_has_target(n))
        return;
    docx_end(b->x);
    b->link--;
}

/* ---- blocks ------------------------------------------------------------- */

static void docx_enter_title(docx_body *b, const doc_node *n)
{
    docx_ppr p = DOCX_PPR_NONE;
    p.style = doc_node_level(n) <= 1 ? "Title" : "Subtitle";
    docx_p_open(b, &p);
}

static void docx_enter_heading(docx_body *b, const doc_node *n)
{
    static const char *const ids[] = {"Heading1", "Heading2", "Heading3"};
    docx_ppr p = DOCX_PPR_NONE;
    p.style = ids[CLAMP(doc_node_level(n), 1, 3) - 1];
    docx_p_open(b, &p);
}

static void docx_enter_paragraph(docx_body *b, const doc_node *n)
{
    docx_ppr p = docx_ppr_for(b, n);
    docx_p_open(b, &p);
}

/* A NUMBERED node: Word counts numbered paragraphs, so its number must be
 * the count so far; a node without a leading paragraph still gets one. */
static void docx_enter_numbered(docx_body *b, const doc_node *n)
{
    b->numbered++;
    if (doc_node_number(n) != b->numbered) {
        docx_xml_fail(b->x, g_error_new(WRITE_ERROR, WRITE_ERROR_FAILED,
                      "numbered paragraph %s has number %d where Word would give %d; "
                      "was the document prepared (doc_document_prepare)?",
                      doc_node_id(n) ? doc_node_id(n) : "?", doc_node_number(n),
                      b->numbered));
        return;
    }
    const doc_node *first = doc_node_first_child(n);
    if (!first || doc_node_type(first) != DOC_PARAGRAPH) {
        docx_ppr p = docx_ppr_numbered();
        docx_empty_p(b, &p);
    }
}

static void docx_enter_list(docx_body *b)
{
    int num_id = DOCX_NUM_FIRST_LIST + b->next_list++;
    g_array_append_val(b->list_nums, num_id);
}

static void docx_enter_item(docx_body *b, const doc_node *n)
{
    const doc_node *first = doc_node_first_child(n);
    if (!first || doc_node_type(first) != DOC_PARAGRAPH) {
        docx_ppr p = docx_ppr_item_label(b, n);
        docx_empty_p(b, &p);
    }
}

static void docx_enter_page_break(docx_body *b)
{
    b->after_table = false; /* the next block starts a page */
    docx_start(b->x, "w:p");
    docx_start(b->x, "w:r");
    docx_start(b->x, "w:br");
    docx_attr(b->x, "w:type", "page");
    docx_end(b->x);
    docx_end(b->x);
    docx_p_close(b);
}

/* ---- tables --------------------------------------------------------------- */

/* Columns: as many as the widest row, or the widths given. */
static int docx_column_count(const doc_node *table)
{
    int n = 0;
    doc_node_column_widths(table, &n);
    for (const doc_node *row = doc_node_first_child(table); row; row = doc_node_next(row))
        n = MAX(n, doc_node_child_count(row));
    return MAX(n, 1);
}

/* Split width twips in the ratio of the table's column widths (equal when
 * unset); the last column takes the rounding so the sum is exact. */
static long *docx_grid(const doc_node *table, int ncols, long width)
{
    int nw = 0;
    const double *w = doc_node_column_widths(table, &nw);
    double *ratio = g_new(double, ncols);
    double sum = 0;
    for (int i = 0; i < ncols; i++) {
        ratio[i] = (i < nw && w[i] > 0) ? w[i] : 1;
        sum += ratio[i];
    }
    long *grid = g_new(long, ncols), used = 0;
    for (int i = 0; i < ncols; i++) {
        grid[i] = i + 1 < ncols ? (long)(width * ratio[i] / sum) : width - used;
        used += grid[i];
    }
    g_free(ratio);
    return grid;
}

static void docx_width_attr(docx_xml *x, const char *name, long twips)
{
    docx_start(x, name);
    docx_attr_int(x, "w:w", twips);
    docx_attr(x, "w:type", "dxa");
    docx_end(x);
}

/* Write <w:tblCellMar> with the same margin on every side. */
static void docx_cell_margins(docx_xml *x, long twips)
{
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right"};
    docx_start(x, "w:tblCellMar");
    for (int i = 0; i < 4; i++)
        docx_width_attr(x, sides[i], twips);
    docx_end(x);
}

/* Write <w:tblPr>.  Borders and margins are repeated from the table style
 * because not every reader applies table styles fully. */
static void docx_tbl_pr(docx_body *b, bool signature, long width, long indent)
{
    docx_xml *x = b->x;
    docx_start(x, "w:tblPr");
    docx_val(x, "w:tblStyle", signature ? "TableNormal" : "CouncilTable");
    docx_width_attr(x, "w:tblW", width);
    docx_width_attr(x, "w:tblInd", indent);
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right",
                                        "w:insideH", "w:insideV"};
    docx_start(x, "w:tblBorders");
    for (int i = 0; i < 6; i++)
        docx_border(x, sides[i], !signature);
    docx_end(x);
    docx_start(x, "w:tblLayout");
    docx_attr(x, "w:type", "fixed");
    docx_end(x);
    docx_cell_margins(x, signature ? 0 : docx_twips(b->style->cell_padding));
    docx_end(x);
}

static void docx_tbl_grid(docx_xml *x, const docx_table_frame *f)
{
    docx_start(x, "w:tblGrid");
    for (int i = 0; i < f->ncols; i++) {
        docx_start(x, "w:gridCol");
        docx_attr_int(x, "w:w", f->grid[i]);
        docx_end(x);
    }
    docx_end(x);
}

/* Open a table (or the signature block) filling the current area from
 * its container's text indent. */
static void docx_table_open(docx_body *b, const doc_node *n, bool signature)
{
    long indent = signature ? 0 : docx_twips(docx_block_indent(b->style, doc_node_parent(n)));
    long width = MAX(docx_top_int(b->areas) - indent, 1);
    docx_table_frame f = {.signature = signature};
    f.ncols = signature ? 2 : docx_column_count(n);
    f.grid = docx_grid(n, f.ncols, width);
    if (signature) /* the right cell starts at the middle of the text area */
        f.grid[0] = width / 2, f.grid[1] = width - width / 2;
    g_array_append_val(b->tables, f);
    docx_start(b->x, "w:tbl");
    docx_tbl_pr(b, signature, width, indent);
    docx_tbl_grid(b->x, &f);
}

static void docx_table_close(docx_body *b)
{
    docx_table_frame *f = docx_top_table(b);
    b->after_table = !f->signature && b->tables->len == 1; /* not in a cell */
    g_free(f->grid);
    g_array_set_size(b->tables, b->tables->len - 1);
    docx_end(b->x);
    b->ended_with_p = false;
}

/* Open <w:tr>: rows are not split across pages; header rows repeat. */
static void docx_row_open(docx_body *b, bool header)
{
    docx_top_table(b)->col = 0;
    docx_start(b->x, "w:tr");
    docx_start(b->x, "w:trPr");
    docx_empty(b->x, "w:cantSplit");
    if (header)
        docx_empty(b->x, "w:tblHeader");
    docx_end(b->x);
}

/* Open <w:tc> in the next column; its content fills the cell less padding. */
static void docx_cell_open(docx_body *b, bool header)
{
    docx_table_frame *f = docx_top_table(b);
    long width = f->grid[MIN(f->col, f->ncols - 1)];
    f->col++;
    docx_start(b->x, "w:tc");
    docx_start(b->x, "w:tcPr");
    docx_width_attr(b->x, "w:tcW", width);
    if (header) {
        docx_start(b->x, "w:shd");
        docx_attr(b->x, "w:val", "clear");
        docx_attr(b->x, "w:color", "auto");
        docx_attr(b->x, "w:fill", "D9D9D9");
        docx_end(b->x);
    }
    docx_end(b->x);
    int inner = (int)MAX(width - (f->signature ? 0 : 2 * docx_twips(b->style->cell_padding)), 1);
    g_array_append_val(b->areas, inner);
    b->ended_with_p = false;
}

/* Close <w:tc>: Word needs every cell to end with a paragraph. */
static void docx_cell_close(docx_body *b, bool header, bool signature)
{
    if (!b->ended_with_p) {
        docx_ppr p = DOCX_PPR_NONE;
        p.style = signature ? "Signature" : header ? "TableHeading" : "TableText";
        docx_empty_p(b, &p);
    }
    g_array_set_size(b->areas, b->areas->len - 1);
    docx_end(b->x);
}

/* Close a row, filling short rows with empty cells so the grid holds. */
static void docx_row_close(docx_body *b, bool header)
{
    docx_table_frame *f = docx_top_table(b);
    while (f->col < f->ncols) {
        docx_cell_open(b, header);
        docx_cell_close(b, header, f->signature);
    }
    docx_end(b->x);
}

static void docx_enter_signature(docx_body *b, const doc_node *n)
{
    docx_table_open(b, n, true);
    docx_row_open(b, false);
}

static void docx_exit_signature(docx_body *b)
{
    docx_row_close(b, false);
    docx_table_close(b);
}

static bool docx_cell_is_header(const doc_node *cell)
{
    const doc_node *holder = doc_node_parent(cell);
    return doc_node_type(holder) == DOC_ROW && doc_node_is_header_row(holder);
}

/* ---- the document ------------------------------------------------------- */

static void docx_rel_ref(docx_xml *x, const char *name, int rid)
{
    char id[32];
    g_snprintf(id, sizeof id, "rId%d", rid);
    docx_start(x, name);
    docx_attr(x, "w:type", "default");
    docx_attr(x, "r:id", id);
    docx_end(x);
}

/* Write <w:sectPr>: page furniture, A4 page and margins. */
static void docx_sect_pr(docx_body *b)
{
    const house_style *s = b->style;
    docx_xml *x = b->x;
    docx_start(x, "w:sectPr");
    if (b->pkg->rid_header)
        docx_rel_ref(x, "w:headerReference", b->pkg->rid_header);
    if (b->pkg->rid_footer)
        docx_rel_ref(x, "w:footerReference", b->pkg->rid_footer);
    docx_start(x, "w:pgSz");
    docx_attr_int(x, "w:w", docx_twips(s->page_width));
    docx_attr_int(x, "w:h", docx_twips(s->page_height));
    docx_end(x);
    docx_start(x, "w:pgMar");
    docx_attr_int(x, "w:top", docx_twips(s->margin_top));
    docx_attr_int(x, "w:right", docx_twips(s->margin_right));
    docx_attr_int(x, "w:bottom", docx_twips(s->margin_bottom));
    docx_attr_int(x, "w:left", docx_twips(s->margin_left));
    docx_attr_int(x, "w:header", docx_twips(s->header_distance));
    docx_attr_int(x, "w:footer", docx_twips(s->footer_distance));
    docx_attr_int(x, "w:gutter", 0);
    docx_end(x);
    docx_end(x);
}

static void docx_enter_document(docx_body *b)
{
    docx_start(b->x, "w:document");
    docx_attr(b->x, "xmlns:w", DOCX_NS_W);
    docx_attr(b->x, "xmlns:r", DOCX_NS_R);
    docx_start(b->x, "w:body");
}

static void docx_exit_document(docx_body *b)
{
    if (!b->ended_with_p) /* as Word does, end the body with a paragraph */
        docx_empty_p(b, &DOCX_PPR_NONE);
    docx_sect_pr(b);
    docx_end(b->x);
    docx_end(b->x);
}

/* ---- dispatch ------------------------------------------------------------- */

static void docx_enter(docx_body *b, const doc_node *n)
{
    switch (doc_node_type(n)) {
    case DOC_DOCUMENT: docx_enter_document(b); break;
    case DOC_TITLE: docx_enter_title(b, n); break;
    case DOC_HEADING: docx_enter_heading(b, n); break;
    case DOC_PARAGRAPH: docx_enter_paragraph(b, n); break;
    case DOC_NUMBERED: docx_enter_numbered(b, n); break;
    case DOC_LIST: docx_enter_list(b); break;
    case DOC_ITEM: docx_enter_item(b, n); break;
    case DOC_TABLE: docx_table_open(b, n, false); break;
    case DOC_ROW: docx_row_open(b, doc_node_is_header_row(n)); break;
    case DOC_CELL: docx_cell_open(b, docx_cell_is_header(n)); break;
    case DOC_SIGNATURE: docx_enter_signature(b, n); break;
    case DOC_PAGE_BREAK: docx_enter_page_break(b); break;
    case DOC_TEXT: docx_enter_text(b, n); break;
    case DOC_BREAK: docx_enter_break(b); break;
    case DOC_STRONG: b->bold++; break;
    case DOC_EMPH: b->italic++; break;
    case DOC_LINK: docx_enter_link(b, n); break;
    default: break; /* SECTION, MOTION: containers with no mark-up of their own */
    }
}

static void docx_exit(docx_body *b, const doc_node *n)
{
    switch (doc_node_type(n)) {
    case DOC_DOCUMENT: docx_exit_document(b); break;
    case DOC_TITLE: case DOC_HEADING: case DOC_PARAGRAPH: docx_p_close(b); break;
    case DOC_LIST: g_array_set_size(b->list_nums, b->list_nums->len - 1); break;
    case DOC_TABLE: docx_table_close(b); break;
    case DOC_ROW: docx_row_close(b, doc_node_is_header_row(n)); break;
    case DOC_CELL:
        docx_cell_close(b, docx_cell_is_header(n),
                        doc_node_type(doc_node_parent(n)) == DOC_SIGNATURE);
        break;
    case DOC_SIGNATURE: docx_exit_signature(b); break;
    case DOC_STRONG: b->bold--; break;
    case DOC_EMPH: b->italic--; break;
    case DOC_LINK: docx_exit_link(b, n); break;
    default: break;
    }
}

static void docx_body_free(docx_body *b)
{
    for (guint i = 0; i < b->tables->len; i++) /* left open by an error */
        g_free(g_array_index(b->tables, docx_table_frame, i).grid);
    g_array_free(b->tables, TRUE);
    g_array_free(b->list_nums, TRUE);
    g_array_free(b->areas, TRUE);
}

void docx_write_document(docx_xml *x, const docx_package *pkg)
{
    const house_style *s = pkg->style;
    docx_body b = {.pkg = pkg, .style = s, .x = x};
    b.list_nums = g_array_new(FALSE, FALSE, sizeof(int));
    b.tables = g_array_new(FALSE, FALSE, sizeof(docx_table_frame));
    b.areas = g_array_new(FALSE, FALSE, sizeof(int));
    int text_width = (int)MAX(docx_twips(s->page_width - s->margin_left - s->margin_right), 1);
    g_array_append_val(b.areas, text_width);

    doc_iter it;
    doc_iter_init(&it, doc_document_root(pkg->doc));
    for (doc_event ev; !x->failed && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        if (ev == DOC_EVENT_ENTER)
            docx_enter(&b, doc_iter_node(&it));
        else
            docx_exit(&b, doc_iter_node(&it));
    }
    docx_body_free(&b);
}
