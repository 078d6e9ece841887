/*
 * docx_body.c - the document tree as word/document.xml.
 *
 * One walk over the tree with ENTER/EXIT events (no recursion, so deep
 * input cannot exhaust the stack) and one handler per node type.  Blocks
 * become w:p and w:tbl with the named styles of docx_styles.c; what depends
 * on where a block sits (numbering, list level, table widths) comes from
 * small stacks kept in docx_body for the length of one call.
 *
 * Redlines (doc.h, "Changes") become Word's tracked changes: every run of
 * a change in its own w:ins or w:del (a hyperlink may hold them, not the
 * other way round), with the tree's change author and date; a block
 * inserted or deleted whole also has its paragraph marks and table rows
 * marked.  A paragraph mark belongs to the text before it, and the last
 * paragraph of the body or a cell, or one just before a table, has no
 * paragraph after it to join: Word never deletes that mark.  So for a run
 * of inserted or deleted paragraphs that ends there, the mark of the
 * paragraph before the run is marked instead (Word does the same when
 * such paragraphs are deleted by hand); with no such paragraph, an
 * unchanged empty paragraph is added after the run for it to join, so that
 * no numbered or styled paragraph is left behind, only an empty plain one.
 * Where the marks go depends on what comes after a paragraph, so a tree
 * with block changes is walked twice: once to list the paragraphs, once to
 * write them.
 */
#include "docx.h"
#include "write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    long *grid;     /* column widths, twips */
    int ncols;
    int col;        /* column of the next cell in the current row */
    bool signature; /* borderless two-column signature block */
} docx_table_frame;

/* One w:p of the document, in order (the first walk of a redline). */
typedef struct {
    doc_change own;  /* of the block it comes from */
    int container;   /* the body (0) or a cell, numbered as opened */
    bool terminal;   /* no w:p follows it in its container before a table or the end */
    doc_change mark; /* its paragraph mark's change: planned after the walk */
    bool filler;     /* planned: an empty w:p follows it, for its mark to join */
} docx_para;

/* The body or an open cell: where paragraph marks can join. */
typedef struct {
    int id;
    int last_para;           /* index of its last w:p so far, or -1 */
    const char *filler_style; /* of an empty paragraph in it: NULL (Normal) or the cell's */
} docx_container;

typedef struct {
    const docx_package *pkg;
    const house_style *style;
    docx_xml *x;
    /* Tracked changes. */
    const char *author, *date; /* the tree's change author and date */
    int next_revision;         /* w:id of the next w:ins or w:del */
    int inserted, deleted;     /* open INSERTED / DELETED inlines */
    doc_change block_change;   /* of the paragraph being written */
    GArray *paras;             /* docx_para of every w:p; NULL: no block changes */
    bool listing;              /* the first walk: paras is being filled */
    int para_index;            /* the next w:p's index in paras */
    GArray *containers;        /* docx_container: the body, then open cells */
    int next_container;
    int next_link;     /* index in pkg->links of the next LINK with a URL */
    int bold, italic, link; /* open STRONG / EMPH / LINK around the run */
    bool ended_with_p; /* the last block element written was a w:p */
    bool after_table;  /* a page-level table just ended (see docx_p_open) */
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
    doc_change mark;   /* the paragraph mark inserted or deleted */
    double tab;        /* pt: a left tab stop there; < 0: none */
} docx_ppr;

static const docx_ppr DOCX_PPR_NONE = {NULL, 0, 0, -1, 0, -1, -1, DOC_CHANGE_NONE, -1};

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

static bool docx_link_has_target(const doc_node *link)
{
    return doc_node_url(link)[0] != '\0';
}

/* ---- tracked changes --------------------------------------------------- */

/* Open <w:ins> or <w:del> for change (nothing for none). */
static void docx_change_open(docx_body *b, doc_change change)
{
    if (change == DOC_CHANGE_NONE)
        return;
    docx_start(b->x, change == DOC_CHANGE_INSERTED ? "w:ins" : "w:del");
    docx_attr_int(b->x, "w:id", b->next_revision++);
    docx_attr(b->x, "w:author", b->author);
    if (b->date)
        docx_attr(b->x, "w:date", b->date);
}

static void docx_change_close(docx_body *b, doc_change change)
{
    if (change != DOC_CHANGE_NONE)
        docx_end(b->x);
}

/* An empty <w:ins/> or <w:del/>: a paragraph mark's or a row's change. */
static void docx_change_mark(docx_body *b, doc_change change)
{
    docx_change_open(b, change);
    docx_change_close(b, change);
}

/* The change of the run about to be written: its inline mark, else its
 * paragraph's. */
static doc_change docx_run_change(const docx_body *b)
{
    if (b->deleted)
        return DOC_CHANGE_DELETED;
    if (b->inserted)
        return DOC_CHANGE_INSERTED;
    return b->block_change;
}

static docx_container *docx_top_container(docx_body *b)
{
    return &g_array_index(b->containers, docx_container, b->containers->len - 1);
}

static void docx_container_push(docx_body *b, const char *filler_style)
{
    docx_container c = {b->next_container++, -1, filler_style};
    g_array_append_val(b->containers, c);
}

/* The container's last paragraph so far has no paragraph after it: a table
 * comes next, or the container ends. */
static void docx_container_break(docx_body *b)
{
    docx_container *c = docx_top_container(b);
    if (b->listing && c->last_para >= 0)
        g_array_index(b->paras, docx_para, c->last_para).terminal = true;
}

static void docx_container_pop(docx_body *b)
{
    docx_container_break(b);
    g_array_set_size(b->containers, b->containers->len - 1);
}

/* The mark of the w:p being opened: listed on the first walk, as planned
 * on the second. */
static doc_change docx_para_mark(docx_body *b, doc_change own)
{
    if (!b->paras)
        return DOC_CHANGE_NONE;
    if (b->listing) {
        docx_para p = {own, docx_top_container(b)->id, false, DOC_CHANGE_NONE, false};
        g_array_append_val(b->paras, p);
        docx_top_container(b)->last_para = (int)b->paras->len - 1;
        return DOC_CHANGE_NONE;
    }
    if (b->para_index >= (int)b->paras->len)
        return DOC_CHANGE_NONE; /* cannot be: both walks see the same tree */
    return g_array_index(b->paras, docx_para, b->para_index++).mark;
}

/* Where each paragraph mark's change goes (see the top of the file): in
 * each container, a run of paragraphs with the same change that ends at a
 * terminal paragraph gives its last mark to the paragraph before it, or
 * when there is none that can take it, gets an empty paragraph after it. */
static void docx_plan_marks(GArray *paras, int n_containers)
{
    GArray **lists = g_new0(GArray *, MAX(n_containers, 1));
    for (guint i = 0; i < paras->len; i++) {
        docx_para *p = &g_array_index(paras, docx_para, i);
        p->mark = p->own;
        if (p->container < 0 || p->container >= n_containers)
            continue;
        if (!lists[p->container])
            lists[p->container] = g_array_new(FALSE, FALSE, sizeof(int));
        int index = (int)i;
        g_array_append_val(lists[p->container], index);
    }
#define PARA(k) (&g_array_index(paras, docx_para, g_array_index(list, int, (k))))
    for (int c = 0; c < n_containers; c++) {
        GArray *list = lists[c];
        for (int k = 0; list && k < (int)list->len; k++) {
            doc_change change = PARA(k)->own;
            if (change == DOC_CHANGE_NONE)
                continue;
            int start = k;
            while (k + 1 < (int)list->len && !PARA(k)->terminal && PARA(k + 1)->own == change)
                k++;
            if (!PARA(k)->terminal)
                continue;
            if (start > 0 && !PARA(start - 1)->terminal &&
                PARA(start - 1)->own == DOC_CHANGE_NONE) {
                PARA(k)->mark = DOC_CHANGE_NONE;
                PARA(start - 1)->mark = change;
            } else {
                PARA(k)->filler = true;
            }
        }
        if (list)
            g_array_free(list, TRUE);
    }
#undef PARA
    g_free(lists);
}

/* ---- paragraphs -------------------------------------------------------- */

/* Write <w:pPr>, if there is anything to say. */
static void docx_ppr_write(docx_body *b, const docx_ppr *p)
{
    docx_xml *x = b->x;
    if (!p->style && !p->num_id && p->ind_left < 0 && p->before < 0 && p->after < 0 &&
        p->mark == DOC_CHANGE_NONE && p->tab < 0)
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
    if (p->tab >= 0) {
        docx_start(x, "w:tabs");
        docx_start(x, "w:tab");
        docx_attr(x, "w:val", "left");
        docx_attr_int(x, "w:pos", docx_twips(p->tab));
        docx_end(x);
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
    if (p->mark != DOC_CHANGE_NONE) {
        docx_start(x, "w:rPr");
        docx_change_mark(b, p->mark);
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

/* Open <w:p> for a block with the given change.  A table is followed by
 * the body's space after, as in the PDF; Word has no space after a table,
 * so the paragraph that follows one takes it as its space before, or its
 * own when that is larger (Word keeps the larger of the space after one
 * paragraph and the space before the next, ISO 29500-1 17.3.1.33). */
static void docx_p_open(docx_body *b, const docx_ppr *given, doc_change change)
{
    docx_ppr p = *given;
    if (b->after_table)
        p.before = MAX(docx_style_look(b->style, p.style)->space_before,
                       b->style->para[STYLE_BODY].space_after);
    b->after_table = false;
    b->block_change = change;
    p.mark = docx_para_mark(b, change);
    docx_start(b->x, "w:p");
    docx_ppr_write(b, &p);
}

/* Close <w:p>, then add the empty paragraph the plan put after it. */
static void docx_p_close(docx_body *b)
{
    docx_end(b->x);
    b->ended_with_p = true;
    int closed = b->para_index - 1;
    if (!b->paras || b->listing || closed < 0 ||
        !g_array_index(b->paras, docx_para, closed).filler)
        return;
    const char *style = docx_top_container(b)->filler_style;
    docx_start(b->x, "w:p");
    if (style) {
        docx_start(b->x, "w:pPr");
        docx_val(b->x, "w:pStyle", style);
        docx_end(b->x);
    }
    docx_end(b->x);
}

static void docx_empty_p(docx_body *b, const docx_ppr *p, doc_change change)
{
    docx_p_open(b, p, change);
    docx_p_close(b);
}

/* The space after a paragraph as the tree resolved it; < 0: the style's. */
static double docx_gap_after(const house_style *style, const doc_node *para)
{
    switch (doc_node_gap(para)) {
    case DOC_GAP_ITEM: return style->item_gap;
    case DOC_GAP_BODY: return style->para[STYLE_BODY].space_after;
    default: return -1;
    }
}

/* The paragraph that carries a labelled node's number: its instance and
 * level, so that Word counts it as the tree did. */
static docx_ppr docx_ppr_labelled(const char *style, const doc_node *labelled)
{
    docx_ppr p = DOCX_PPR_NONE;
    p.style = style;
    p.num_id = doc_node_numbering(labelled);
    p.ilvl = doc_node_number_level(labelled) - 1;
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

/* A paragraph inside a list item: the first carries the label, the rest
 * line up with its text.  In a cell, the cell's text look. */
static docx_ppr docx_ppr_in_item(docx_body *b, const doc_node *para, const doc_node *item)
{
    const doc_node *cell = docx_enclosing_cell(item);
    bool ordered = doc_node_list_kind(doc_node_parent(item)) == DOC_LIST_ORDERED;
    docx_ppr p;
    if (docx_is_first(para)) {
        p = docx_ppr_labelled(ordered ? "ListNumber" : "ListBullet", item);
        if (cell)
            p.style = docx_ppr_in_cell(cell).style;
    } else {
        p = cell ? docx_ppr_in_cell(cell) : DOCX_PPR_NONE;
        p.style = cell ? p.style : "ListContinue";
        p.ind_left = doc_node_indent(para);
    }
    p.after = docx_gap_after(b->style, para);
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
            return docx_ppr_labelled("NumberedParagraph", parent);
        p.style = "NumberedContinue";
        p.ind_left = doc_node_indent(para);
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
    doc_change change = docx_run_change(b);
    docx_change_open(b, change);
    docx_start(b->x, "w:r");
    docx_rpr(b);
    if (change == DOC_CHANGE_DELETED)
        docx_run_deleted_text(b->x, text);
    else
        docx_run_text(b->x, text);
    docx_end(b->x);
    docx_change_close(b, change);
}

static void docx_enter_break(docx_body *b)
{
    doc_change change = docx_run_change(b);
    docx_change_open(b, change);
    docx_start(b->x, "w:r");
    docx_rpr(b);
    docx_empty(b->x, "w:br");
    docx_end(b->x);
    docx_change_close(b, change);
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
    docx_p_open(b, &p, doc_node_change(n));
}

static void docx_enter_heading(docx_body *b, const doc_node *n)
{
    static const char *const ids[] = {"Heading1", "Heading2", "Heading3"};
    const char *style = ids[CLAMP(doc_node_level(n), 1, 3) - 1];
    docx_ppr p = DOCX_PPR_NONE;
    p.style = style;
    if (doc_node_label(n))
        p = docx_ppr_labelled(style, n);
    docx_p_open(b, &p, doc_node_change(n));
}

static void docx_enter_paragraph(docx_body *b, const doc_node *n)
{
    docx_ppr p = docx_ppr_for(b, n);
    docx_p_open(b, &p, doc_node_change(n));
}

/* A labelled node must have been counted by prepare: Word can only show
 * the labels the other writers print if it numbers with the same
 * instances. */
static bool docx_check_counted(docx_body *b, const doc_node *n)
{
    if (doc_node_numbering(n) > 0)
        return true;
    docx_xml_fail(b->x, g_error_new(WRITE_ERROR, WRITE_ERROR_FAILED,
                  "%s %s has no number; was the document prepared (doc_document_prepare)?",
                  doc_type_name(doc_node_type(n)), doc_node_id(n) ? doc_node_id(n) : "?"));
    return false;
}

/* A NUMBERED node or ITEM whose first block is not a paragraph still needs
 * a paragraph to carry its label. */
static void docx_enter_labelled(docx_body *b, const doc_node *n)
{
    if (!docx_check_counted(b, n))
        return;
    const doc_node *first = doc_node_first_child(n);
    if (first && doc_node_type(first) == DOC_PARAGRAPH)
        return;
    const char *style = doc_node_type(n) == DOC_NUMBERED ? "NumberedParagraph"
                        : doc_node_list_kind(doc_node_parent(n)) == DOC_LIST_ORDERED
                            ? "ListNumber"
                            : "ListBullet";
    docx_ppr p = docx_ppr_labelled(style, n);
    docx_empty_p(b, &p, doc_node_change(n));
}

static void docx_enter_page_break(docx_body *b, const doc_node *n)
{
    b->after_table = false; /* the next block starts a page */
    docx_p_open(b, &DOCX_PPR_NONE, doc_node_change(n));
    docx_change_open(b, b->block_change);
    docx_start(b->x, "w:r");
    docx_start(b->x, "w:br");
    docx_attr(b->x, "w:type", "page");
    docx_end(b->x);
    docx_end(b->x);
    docx_change_close(b, b->block_change);
    docx_p_close(b);
}

/* ---- tables --------------------------------------------------------------- */

/* Split width twips by the table's column fractions; the last column
 * takes the rounding so the sum is exact. */
static long *docx_grid(const double *fractions, int ncols, long width)
{
    long *grid = g_new(long, ncols), used = 0;
    for (int i = 0; i < ncols; i++) {
        grid[i] = i + 1 < ncols ? (long)(width * fractions[i]) : width - used;
        used += grid[i];
    }
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
static void docx_tbl_pr(docx_body *b, bool signature, bool borders, long width, long indent,
                        const char *caption)
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
        docx_border(x, sides[i], borders);
    docx_end(x);
    docx_start(x, "w:tblLayout");
    docx_attr(x, "w:type", "fixed");
    docx_end(x);
    docx_cell_margins(x, signature ? 0 : docx_twips(b->style->cell_padding));
    if (caption) /* what Word's "Alt Text" for a table reads first */
        docx_val(x, "w:tblCaption", caption);
    docx_end(x);
}

/* The caption above its table, in the Caption style (kept with the table),
 * from where the table starts. */
static void docx_caption(docx_body *b, const doc_node *table)
{
    docx_ppr p = DOCX_PPR_NONE;
    p.style = "Caption";
    if (doc_node_indent(table) > 0) {
        p.ind_left = doc_node_indent(table);
        p.hanging = 0;
    }
    docx_p_open(b, &p, doc_node_change(table));
    doc_change change = doc_node_change(table);
    docx_change_open(b, change);
    docx_start(b->x, "w:r");
    if (change == DOC_CHANGE_DELETED)
        docx_run_deleted_text(b->x, doc_node_caption(table));
    else
        docx_run_text(b->x, doc_node_caption(table));
    docx_end(b->x);
    docx_change_close(b, change);
    docx_p_close(b);
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
    long indent = docx_twips(doc_node_indent(n));
    long width = MAX(docx_top_int(b->areas) - indent, 1);
    docx_table_frame f = {.signature = signature};
    static const double halves[] = {0.5, 0.5}; /* the right side starts mid-page */
    const double *fractions = halves;
    f.ncols = 2;
    if (!signature)
        fractions = doc_node_column_fractions(n, &f.ncols);
    f.grid = docx_grid(fractions, f.ncols, width);
    const char *caption = signature ? NULL : doc_node_caption(n);
    if (caption)
        docx_caption(b, n);
    g_array_append_val(b->tables, f);
    docx_container_break(b);
    docx_start(b->x, "w:tbl");
    docx_tbl_pr(b, signature, !signature && doc_node_has_borders(n), width, indent, caption);
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

/* Open <w:tr>: rows are not split across pages; header rows repeat; a row
 * inserted or deleted whole is marked so. */
static void docx_row_open(docx_body *b, bool header, doc_change change)
{
    docx_top_table(b)->col = 0;
    docx_start(b->x, "w:tr");
    docx_start(b->x, "w:trPr");
    docx_empty(b->x, "w:cantSplit");
    if (header)
        docx_empty(b->x, "w:tblHeader");
    docx_change_mark(b, change);
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
        docx_attr(b->x, "w:fill", b->style->header_fill);
        docx_end(b->x);
    }
    docx_end(b->x);
    int inner = (int)MAX(width - (f->signature ? 0 : 2 * docx_twips(b->style->cell_padding)), 1);
    g_array_append_val(b->areas, inner);
    docx_container_push(b, f->signature ? "Signature" : header ? "TableHeading" : "TableText");
    b->ended_with_p = false;
}

/* Close <w:tc>: Word needs every cell to end with a paragraph. */
static void docx_cell_close(docx_body *b, bool header, bool signature)
{
    if (!b->ended_with_p) {
        docx_ppr p = DOCX_PPR_NONE;
        p.style = signature ? "Signature" : header ? "TableHeading" : "TableText";
        docx_empty_p(b, &p, DOC_CHANGE_NONE);
    }
    docx_container_pop(b);
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

static bool docx_enter(docx_body *b, const doc_node *n);
static void docx_exit(docx_body *b, const doc_node *n);

/* The runs of a paragraph (its inline nodes, through the same handlers). */
static void docx_write_inlines(docx_body *b, const doc_node *para)
{
    doc_iter it;
    doc_iter_init(&it, (doc_node *)para);
    for (doc_event ev; !b->x->failed && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (n == para)
            continue;
        if (ev == DOC_EVENT_ENTER)
            docx_enter(b, n);
        else
            docx_exit(b, n);
    }
}

/* A signature whose two sides hold only paragraphs is laid out with a tab
 * stop (docs/layout.md): a layout table would be read as a data table. */
static bool docx_signature_tabbed(const doc_node *sig)
{
    for (const doc_node *side = doc_node_first_child(sig); side; side = doc_node_next(side))
        for (const doc_node *c = doc_node_first_child(side); c; c = doc_node_next(c))
            if (doc_node_type(c) != DOC_PARAGRAPH)
                return false;
    return true;
}

/* One line of the signature: the left side's paragraph, a tab, the right
 * side's, each run marked with its own paragraph's change; the right side
 * wraps under itself (a hanging indent at the middle). */
static void docx_signature_line(docx_body *b, const doc_node *sig, const doc_node *left,
                                const doc_node *right)
{
    long indent = docx_twips(doc_node_indent(sig));
    double half = (docx_top_int(b->areas) - indent) / 2.0 / 20.0;
    docx_ppr p = DOCX_PPR_NONE;
    p.style = "Signature";
    p.ind_left = doc_node_indent(sig) + half;
    p.hanging = half;
    p.tab = p.ind_left;
    doc_change lc = left ? doc_node_change(left) : DOC_CHANGE_NONE;
    doc_change rc = right ? doc_node_change(right) : DOC_CHANGE_NONE;
    doc_change mark = doc_node_change(sig) != DOC_CHANGE_NONE ? doc_node_change(sig)
                      : !left || lc == rc                     ? rc
                      : !right                                ? lc
                                                              : DOC_CHANGE_NONE;
    docx_p_open(b, &p, mark);
    if (left) {
        b->block_change = doc_node_change(sig) != DOC_CHANGE_NONE ? doc_node_change(sig) : lc;
        docx_write_inlines(b, left);
    }
    if (right) {
        b->block_change = doc_node_change(sig) != DOC_CHANGE_NONE ? doc_node_change(sig) : rc;
        docx_change_open(b, b->block_change);
        docx_start(b->x, "w:r");
        docx_empty(b->x, "w:tab");
        docx_end(b->x);
        docx_change_close(b, b->block_change);
        docx_write_inlines(b, right);
    }
    docx_p_close(b);
}

/* Returns true when the signature was written whole (its children are
 * not to be walked). */
static bool docx_enter_signature(docx_body *b, const doc_node *n)
{
    if (!docx_signature_tabbed(n)) {
        docx_table_open(b, n, true);
        docx_row_open(b, false, doc_node_change(n));
        return false;
    }
    const doc_node *left_side = doc_node_first_child(n);
    const doc_node *right_side = left_side ? doc_node_next(left_side) : NULL;
    const doc_node *l = left_side ? doc_node_first_child(left_side) : NULL;
    const doc_node *r = right_side ? doc_node_first_child(right_side) : NULL;
    while (l || r) {
        docx_signature_line(b, n, l, r);
        l = l ? doc_node_next(l) : NULL;
        r = r ? doc_node_next(r) : NULL;
    }
    return true;
}

static void docx_exit_signature(docx_body *b, const doc_node *n)
{
    if (docx_signature_tabbed(n))
        return;
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

/* A picture's name and text alternative, on the drawing (wp:docPr) and on
 * the picture itself (pic:cNvPr): Word reads the first, other readers the
 * second.  One picture a document, so its id is 1. */
static void docx_picture_name(docx_xml *x, const char *element, const char *name,
                              const char *descr)
{
    docx_start(x, element);
    docx_attr(x, "id", "1");
    docx_attr(x, "name", name);
    docx_attr(x, "descr", descr);
    docx_end(x);
}

/* The logo's picture inline in its own paragraph (the Logo style: at the
 * right, single-spaced, so the paragraph is as tall as the picture), its
 * text alternative in descr. */
static void docx_logo(docx_body *b)
{
    const house_style *s = b->style;
    docx_xml *x = b->x;
    long cx = lround(s->logo_width * DOCX_EMU_PER_PT);
    long cy = lround(s->logo_height * DOCX_EMU_PER_PT);
    char rid[32];
    g_snprintf(rid, sizeof rid, "rId%d", b->pkg->rid_logo);
    docx_ppr p = DOCX_PPR_NONE;
    p.style = "Logo";
    docx_p_open(b, &p, DOC_CHANGE_NONE);
    docx_start(x, "w:r");
    docx_start(x, "w:drawing");
    docx_start(x, "wp:inline");
    static const char *const dist[] = {"distT", "distB", "distL", "distR"};
    for (int i = 0; i < 4; i++)
        docx_attr(x, dist[i], "0");
    docx_start(x, "wp:extent");
    docx_attr_int(x, "cx", cx);
    docx_attr_int(x, "cy", cy);
    docx_end(x);
    docx_picture_name(x, "wp:docPr", "Logo", s->logo_alt);
    docx_start(x, "wp:cNvGraphicFramePr");
    docx_start(x, "a:graphicFrameLocks");
    docx_attr(x, "noChangeAspect", "1");
    docx_end(x);
    docx_end(x);
    docx_start(x, "a:graphic");
    docx_start(x, "a:graphicData");
    docx_attr(x, "uri", DOCX_NS_PIC);
    docx_start(x, "pic:pic");
    docx_start(x, "pic:nvPicPr");
    docx_picture_name(x, "pic:cNvPr", "logo.png", s->logo_alt);
    docx_empty(x, "pic:cNvPicPr");
    docx_end(x);
    docx_start(x, "pic:blipFill");
    docx_start(x, "a:blip");
    docx_attr(x, "r:embed", rid);
    docx_end(x);
    docx_start(x, "a:stretch");
    docx_empty(x, "a:fillRect");
    docx_end(x);
    docx_end(x);
    docx_start(x, "pic:spPr");
    docx_start(x, "a:xfrm");
    docx_start(x, "a:off");
    docx_attr(x, "x", "0");
    docx_attr(x, "y", "0");
    docx_end(x);
    docx_start(x, "a:ext");
    docx_attr_int(x, "cx", cx);
    docx_attr_int(x, "cy", cy);
    docx_end(x);
    docx_end(x);
    docx_start(x, "a:prstGeom");
    docx_attr(x, "prst", "rect");
    docx_empty(x, "a:avLst");
    docx_end(x);
    docx_end(x);
    docx_end(x); /* pic:pic */
    docx_end(x); /* a:graphicData */
    docx_end(x); /* a:graphic */
    docx_end(x); /* wp:inline */
    docx_end(x); /* w:drawing */
    docx_end(x); /* w:r */
    docx_p_close(b);
}

/* A full version's marking, its first paragraph (style_marking): the
 * running header says it on every page, but a screen reader reads the
 * text. */
static void docx_marking(docx_body *b)
{
    const char *marking = doc_document_meta(b->pkg->doc, DOC_META_MARKING);
    if (!marking || !*marking)
        return;
    docx_ppr p = DOCX_PPR_NONE;
    p.style = "Marking";
    docx_p_open(b, &p, DOC_CHANGE_NONE);
    docx_start(b->x, "w:r");
    docx_run_text(b->x, marking);
    docx_end(b->x);
    docx_p_close(b);
}

static void docx_enter_document(docx_body *b)
{
    docx_start(b->x, "w:document");
    docx_attr(b->x, "xmlns:w", DOCX_NS_W);
    docx_attr(b->x, "xmlns:r", DOCX_NS_R);
    docx_attr(b->x, "xmlns:wp", DOCX_NS_WP);
    docx_attr(b->x, "xmlns:a", DOCX_NS_A);
    docx_attr(b->x, "xmlns:pic", DOCX_NS_PIC);
    docx_start(b->x, "w:body");
    if (b->pkg->rid_logo)
        docx_logo(b);
    docx_marking(b);
}

static void docx_exit_document(docx_body *b)
{
    if (!b->ended_with_p) /* as Word does, end the body with a paragraph */
        docx_empty_p(b, &DOCX_PPR_NONE, DOC_CHANGE_NONE);
    docx_container_pop(b);
    docx_sect_pr(b);
    docx_end(b->x);
    docx_end(b->x);
}

/* ---- dispatch ------------------------------------------------------------- */

/* Returns true when n's children are written (the walk skips them). */
static bool docx_enter(docx_body *b, const doc_node *n)
{
    switch (doc_node_type(n)) {
    case DOC_DOCUMENT: docx_enter_document(b); break;
    case DOC_TITLE: docx_enter_title(b, n); break;
    case DOC_HEADING: docx_enter_heading(b, n); break;
    case DOC_PARAGRAPH: docx_enter_paragraph(b, n); break;
    case DOC_NUMBERED: docx_enter_labelled(b, n); break;
    case DOC_ITEM: docx_enter_labelled(b, n); break;
    case DOC_TABLE: docx_table_open(b, n, false); break;
    case DOC_ROW: docx_row_open(b, doc_node_is_header_row(n), doc_node_change(n)); break;
    case DOC_CELL: docx_cell_open(b, docx_cell_is_header(n)); break;
    case DOC_SIGNATURE: return docx_enter_signature(b, n);
    case DOC_PAGE_BREAK: docx_enter_page_break(b, n); break;
    case DOC_TEXT: docx_enter_text(b, n); break;
    case DOC_BREAK: docx_enter_break(b); break;
    case DOC_STRONG: b->bold++; break;
    case DOC_EMPH: b->italic++; break;
    case DOC_LINK: docx_enter_link(b, n); break;
    case DOC_INSERTED: b->inserted++; break;
    case DOC_DELETED: b->deleted++; break;
    default: break; /* SECTION, MOTION: containers with no mark-up of their own */
    }
    return false;
}

static void docx_exit(docx_body *b, const doc_node *n)
{
    switch (doc_node_type(n)) {
    case DOC_DOCUMENT: docx_exit_document(b); break;
    case DOC_TITLE: case DOC_HEADING: case DOC_PARAGRAPH: docx_p_close(b); break;
    case DOC_TABLE: docx_table_close(b); break;
    case DOC_ROW: docx_row_close(b, doc_node_is_header_row(n)); break;
    case DOC_CELL:
        docx_cell_close(b, docx_cell_is_header(n),
                        doc_node_type(doc_node_parent(n)) == DOC_SIGNATURE);
        break;
    case DOC_SIGNATURE: docx_exit_signature(b, n); break;
    case DOC_STRONG: b->bold--; break;
    case DOC_EMPH: b->italic--; break;
    case DOC_LINK: docx_exit_link(b, n); break;
    case DOC_INSERTED: b->inserted--; break;
    case DOC_DELETED: b->deleted--; break;
    default: break;
    }
}

static void docx_body_free(docx_body *b)
{
    for (guint i = 0; i < b->tables->len; i++) /* left open by an error */
        g_free(g_array_index(b->tables, docx_table_frame, i).grid);
    g_array_free(b->tables, TRUE);
    g_array_free(b->areas, TRUE);
    g_array_free(b->containers, TRUE);
}

/* One walk of the tree into x; listing: fill paras instead of reading them. */
static int docx_walk(docx_xml *x, const docx_package *pkg, GArray *paras, bool listing)
{
    const house_style *s = pkg->style;
    const doc_document *doc = pkg->doc;
    const char *author = doc_document_meta(doc, DOC_META_CHANGE_AUTHOR);
    docx_body b = {.pkg = pkg, .style = s, .x = x, .paras = paras, .listing = listing,
                   .author = author && *author ? author : "papers",
                   .date = doc_document_meta(doc, DOC_META_CHANGE_DATE),
                   .next_revision = 1};
    b.tables = g_array_new(FALSE, FALSE, sizeof(docx_table_frame));
    b.areas = g_array_new(FALSE, FALSE, sizeof(int));
    b.containers = g_array_new(FALSE, FALSE, sizeof(docx_container));
    int text_width = (int)MAX(docx_twips(s->page_width - s->margin_left - s->margin_right), 1);
    g_array_append_val(b.areas, text_width);
    docx_container_push(&b, NULL);

    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    const doc_node *skip = NULL; /* a node whose children are written */
    for (doc_event ev; !x->failed && (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        const doc_node *n = doc_iter_node(&it);
        if (skip && n != skip)
            continue;
        if (ev == DOC_EVENT_ENTER && docx_enter(&b, n) && !doc_type_is_leaf(doc_node_type(n)))
            skip = n;
        else if (ev == DOC_EVENT_EXIT)
            skip = NULL, docx_exit(&b, n);
    }
    int containers = b.next_container;
    docx_body_free(&b);
    return containers;
}

static bool docx_has_block_changes(const doc_document *doc)
{
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        if (doc_node_change(doc_iter_node(&it)) != DOC_CHANGE_NONE)
            return true;
    return false;
}

void docx_write_document(docx_xml *x, const docx_package *pkg)
{
    GArray *paras = NULL;
    if (docx_has_block_changes(pkg->doc)) {
        /* The first walk lists the paragraphs into a scratch part. */
        docx_xml scratch;
        if (!docx_xml_open(&scratch)) {
            docx_xml_fail(x, g_error_new_literal(WRITE_ERROR, WRITE_ERROR_FAILED,
                                                 "out of memory"));
            return;
        }
        paras = g_array_new(FALSE, FALSE, sizeof(docx_para));
        int containers = docx_walk(&scratch, pkg, paras, true);
        char *data = NULL;
        gsize len;
        GError *e = NULL;
        if (docx_xml_close(&scratch, "word/document.xml", &data, &len, &e))
            free(data);
        g_clear_error(&e); /* the second walk fails the same way, into x */
        docx_plan_marks(paras, containers);
    }
    docx_walk(x, pkg, paras, false);
    if (paras)
        g_array_free(paras, TRUE);
}
