/*
 * docx_styles.c - the house style as Word styles (word/styles.xml) and as
 * Word numbering (word/numbering.xml).
 *
 * Every look in docs/layout.md becomes a named Word style rather than direct
 * formatting, so an officer who edits the paper in Word keeps the council
 * look by picking "Heading 1" or "Numbered Paragraph".  Paragraph numbers
 * and bullets are real numbering definitions, so Word renumbers when a
 * paragraph is inserted.
 *
 * Element order inside w:style, w:pPr, w:rPr and w:lvl is fixed by the
 * ECMA-376 schema; the functions below write in that order.
 */
#include "docx.h"

#include <string.h>

/* ---- list geometry (shared with docx_body.c) ---------------------------- */

/* The block a list nest hangs from: climb LIST -> ITEM -> LIST ... */
static const doc_node *docx_list_anchor(const doc_node *list, int *levels)
{
    const doc_node *container = doc_node_parent(list);
    int n = 0;
    while (container && doc_node_type(container) == DOC_ITEM) {
        n++;
        container = doc_node_parent(doc_node_parent(container));
    }
    if (levels)
        *levels = n;
    return container;
}

docx_list_place docx_list_place_of(const doc_node *list)
{
    const doc_node *anchor = docx_list_anchor(list, NULL);
    doc_type t = anchor ? doc_node_type(anchor) : DOC_SECTION;
    if (t == DOC_NUMBERED)
        return DOCX_LIST_IN_NUMBERED;
    if (t == DOC_CELL)
        return DOCX_LIST_IN_CELL;
    return DOCX_LIST_TOP;
}

/* Bullet x of a top-level list in each place (docs/layout.md). */
static double docx_place_x(const house_style *style, docx_list_place place)
{
    switch (place) {
    case DOCX_LIST_IN_NUMBERED: return style->number_indent;
    case DOCX_LIST_IN_CELL: return 0;
    default: return style->list_indent;
    }
}

double docx_list_x(const house_style *style, const doc_node *list)
{
    int levels = 0;
    docx_list_anchor(list, &levels);
    return docx_place_x(style, docx_list_place_of(list)) + levels * style->bullet_hang;
}

int docx_abstract_for(doc_list_kind kind, docx_list_place place)
{
    /* 0 is the numbered paragraphs; then a bullet and an ordered
     * definition for each place. */
    return 1 + (int)place * 2 + (kind == DOC_LIST_ORDERED ? 1 : 0);
}

/* ---- styles.xml: shared pieces ------------------------------------------ */

/* How one paragraph style differs from plain body text. */
typedef struct {
    const char *id, *name, *next;
    const style_para *look;
    const char *jc;     /* NULL: left */
    bool keep_next;     /* headings stay with what follows */
    int outline;        /* heading outline level 0..2, or -1 */
    double ind_left;    /* pt, or < 0 for none */
    int num_id;         /* 0: not numbered */
    double after;       /* pt, or < 0 for look->space_after */
    bool contextual;    /* no space between paragraphs of this style */
    bool bold;          /* bold even if the look is not (table headings) */
} docx_pstyle;

static docx_pstyle docx_pstyle_init(const char *id, const char *name, const style_para *look)
{
    return (docx_pstyle){.id = id, .name = name, .look = look, .outline = -1,
                         .ind_left = -1, .after = -1};
}

static void docx_style_open(docx_xml *x, const char *type, const char *id, const char *name,
                            bool is_default)
{
    docx_start(x, "w:style");
    docx_attr(x, "w:type", type);
    if (is_default)
        docx_attr(x, "w:default", "1");
    docx_attr(x, "w:styleId", id);
    docx_val(x, "w:name", name);
}

/* Write <w:spacing>: before/after and the house line spacing. */
static void docx_spacing(docx_xml *x, const house_style *style, double before, double after)
{
    docx_start(x, "w:spacing");
    docx_attr_int(x, "w:before", docx_twips(before));
    docx_attr_int(x, "w:after", docx_twips(after));
    docx_attr_int(x, "w:line", docx_twips(style->line_spacing * 12)); /* 240 = single */
    docx_attr(x, "w:lineRule", "auto");
    docx_end(x);
}

/* Write <w:numPr>. */
static void docx_num_pr(docx_xml *x, int ilvl, int num_id)
{
    docx_start(x, "w:numPr");
    docx_val_int(x, "w:ilvl", ilvl);
    docx_val_int(x, "w:numId", num_id);
    docx_end(x);
}

/* Write a bold or italic toggle when it differs from what the style
 * inherits (val="0" switches an inherited one off). */
static void docx_toggle(docx_xml *x, const char *name, const char *cs_name, bool on,
                        bool inherited)
{
    if (on == inherited)
        return;
    if (on) {
        docx_empty(x, name);
        docx_empty(x, cs_name);
    } else {
        docx_val(x, name, "0");
        docx_val(x, cs_name, "0");
    }
}

/* Write the <w:rPr> of a style: bold, italic, size. */
static void docx_style_rpr(docx_xml *x, const style_para *look, const style_para *base,
                           bool force_bold)
{
    docx_start(x, "w:rPr");
    docx_toggle(x, "w:b", "w:bCs", look->bold || force_bold, base ? base->bold : false);
    docx_toggle(x, "w:i", "w:iCs", look->italic, base ? base->italic : false);
    docx_val_int(x, "w:sz", docx_half_points(look->size));
    docx_val_int(x, "w:szCs", docx_half_points(look->size));
    docx_end(x);
}

/* Write the <w:pPr> of a paragraph style. */
static void docx_style_ppr(docx_xml *x, const house_style *style, const docx_pstyle *s)
{
    docx_start(x, "w:pPr");
    if (s->keep_next)
        docx_empty(x, "w:keepNext");
    if (s->num_id)
        docx_num_pr(x, 0, s->num_id);
    docx_spacing(x, style, s->look->space_before,
                 s->after >= 0 ? s->after : s->look->space_after);
    if (s->ind_left >= 0) {
        docx_start(x, "w:ind");
        docx_attr_int(x, "w:left", docx_twips(s->ind_left));
        docx_end(x);
    }
    if (s->contextual)
        docx_empty(x, "w:contextualSpacing");
    if (s->jc)
        docx_val(x, "w:jc", s->jc);
    if (s->outline >= 0)
        docx_val_int(x, "w:outlineLvl", s->outline);
    docx_end(x);
}

/* Write one paragraph style based on Normal. */
static void docx_paragraph_style(docx_xml *x, const house_style *style, const docx_pstyle *s)
{
    docx_style_open(x, "paragraph", s->id, s->name, false);
    docx_val(x, "w:basedOn", "Normal");
    docx_val(x, "w:next", s->next ? s->next : "Normal");
    docx_empty(x, "w:qFormat");
    docx_style_ppr(x, style, s);
    docx_style_rpr(x, s->look, &style->para[STYLE_BODY], s->bold);
    docx_end(x);
}

/* ---- styles.xml: elements ------------------------------------------------ */

/* Write <w:docDefaults>: the house font and language for every run. */
static void docx_doc_defaults(docx_xml *x, const docx_package *pkg)
{
    const house_style *style = pkg->style;
    docx_start(x, "w:docDefaults");
    docx_start(x, "w:rPrDefault");
    docx_start(x, "w:rPr");
    docx_start(x, "w:rFonts");
    docx_attr(x, "w:ascii", style->font);
    docx_attr(x, "w:eastAsia", style->font);
    docx_attr(x, "w:hAnsi", style->font);
    docx_attr(x, "w:cs", style->font);
    docx_end(x);
    docx_val_int(x, "w:sz", docx_half_points(style->para[STYLE_BODY].size));
    docx_val_int(x, "w:szCs", docx_half_points(style->para[STYLE_BODY].size));
    docx_start(x, "w:lang");
    docx_attr(x, "w:val", pkg->language);
    docx_attr(x, "w:eastAsia", pkg->language);
    docx_end(x);
    docx_end(x);
    docx_end(x);
    docx_start(x, "w:pPrDefault");
    docx_start(x, "w:pPr");
    docx_spacing(x, style, 0, style->para[STYLE_BODY].space_after);
    docx_end(x);
    docx_end(x);
    docx_end(x);
}

/* Write the Normal style: body text, with widow/orphan control. */
static void docx_normal_style(docx_xml *x, const house_style *style)
{
    const style_para *body = &style->para[STYLE_BODY];
    docx_style_open(x, "paragraph", "Normal", "Normal", true);
    docx_empty(x, "w:qFormat");
    docx_start(x, "w:pPr");
    docx_empty(x, "w:widowControl");
    docx_spacing(x, style, body->space_before, body->space_after);
    docx_end(x);
    docx_style_rpr(x, body, NULL, false);
    docx_end(x);
}

/* Write the defaults Word expects to find by id: the default character
 * style, the default table style and the default numbering style. */
static void docx_default_styles(docx_xml *x)
{
    docx_style_open(x, "character", "DefaultParagraphFont", "Default Paragraph Font", true);
    docx_val_int(x, "w:uiPriority", 1);
    docx_empty(x, "w:semiHidden");
    docx_empty(x, "w:unhideWhenUsed");
    docx_end(x);

    docx_style_open(x, "table", "TableNormal", "Normal Table", true);
    docx_val_int(x, "w:uiPriority", 99);
    docx_empty(x, "w:semiHidden");
    docx_empty(x, "w:unhideWhenUsed");
    docx_start(x, "w:tblPr");
    docx_start(x, "w:tblInd");
    docx_attr(x, "w:w", "0");
    docx_attr(x, "w:type", "dxa");
    docx_end(x);
    docx_end(x);
    docx_end(x);

    docx_style_open(x, "numbering", "NoList", "No List", true);
    docx_val_int(x, "w:uiPriority", 99);
    docx_empty(x, "w:semiHidden");
    docx_empty(x, "w:unhideWhenUsed");
    docx_end(x);
}

/* Write Title, Subtitle and Heading1-3. */
static void docx_heading_styles(docx_xml *x, const house_style *style)
{
    docx_pstyle s = docx_pstyle_init("Title", "Title", style_title(style, 1));
    s.jc = "center";
    s.next = "Subtitle";
    docx_paragraph_style(x, style, &s);
    s = docx_pstyle_init("Subtitle", "Subtitle", style_title(style, 2));
    s.jc = "center";
    docx_paragraph_style(x, style, &s);

    static const char *const ids[] = {"Heading1", "Heading2", "Heading3"};
    static const char *const names[] = {"heading 1", "heading 2", "heading 3"};
    for (int level = 1; level <= 3; level++) {
        s = docx_pstyle_init(ids[level - 1], names[level - 1], style_heading(style, level));
        s.keep_next = true;
        s.outline = level - 1;
        docx_paragraph_style(x, style, &s);
    }
}

/* Write the numbered-paragraph and list styles.  List items are 4 pt apart
 * (docs/layout.md); the last item of a list gets the body spacing directly. */
static void docx_list_styles(docx_xml *x, const house_style *style)
{
    const style_para *body = &style->para[STYLE_BODY];
    docx_pstyle s = docx_pstyle_init("NumberedParagraph", "Numbered Paragraph", body);
    s.num_id = DOCX_NUM_PARAGRAPHS;
    docx_paragraph_style(x, style, &s);
    s = docx_pstyle_init("NumberedContinue", "Numbered Paragraph Continued", body);
    s.ind_left = style->number_indent;
    docx_paragraph_style(x, style, &s);

    static const char *const ids[] = {"ListBullet", "ListNumber", "ListContinue"};
    static const char *const names[] = {"List Bullet", "List Number", "List Continue"};
    for (int i = 0; i < 3; i++) {
        s = docx_pstyle_init(ids[i], names[i], body);
        s.after = 4;
        s.next = ids[i];
        docx_paragraph_style(x, style, &s);
    }
}

/* Write Motion, Signature, table text and page furniture styles. */
static void docx_block_styles(docx_xml *x, const house_style *style)
{
    docx_pstyle s = docx_pstyle_init("Motion", "Motion", &style->para[STYLE_MOTION]);
    s.ind_left = style->motion_indent;
    s.next = "Motion";
    docx_paragraph_style(x, style, &s);

    /* Space before the block only: the lines of one cell sit together. */
    s = docx_pstyle_init("Signature", "Signature", &style->para[STYLE_SIGNATURE]);
    s.contextual = true;
    s.next = "Signature";
    docx_paragraph_style(x, style, &s);

    s = docx_pstyle_init("TableText", "Table Text", &style->para[STYLE_TABLE]);
    s.next = "TableText";
    docx_paragraph_style(x, style, &s);
    s = docx_pstyle_init("TableHeading", "Table Heading", &style->para[STYLE_TABLE]);
    s.bold = true;
    s.next = "TableText";
    docx_paragraph_style(x, style, &s);

    s = docx_pstyle_init("Header", "header", &style->para[STYLE_HEADER]);
    s.jc = "right";
    docx_paragraph_style(x, style, &s);
    s = docx_pstyle_init("Footer", "footer", &style->para[STYLE_FOOTER]);
    s.jc = "center";
    docx_paragraph_style(x, style, &s);
}

/* Write the Hyperlink character style. */
static void docx_hyperlink_style(docx_xml *x, const house_style *style)
{
    docx_style_open(x, "character", "Hyperlink", "Hyperlink", false);
    docx_val(x, "w:basedOn", "DefaultParagraphFont");
    docx_val_int(x, "w:uiPriority", 99);
    docx_empty(x, "w:unhideWhenUsed");
    docx_start(x, "w:rPr");
    docx_val(x, "w:color", style->link_colour ? style->link_colour : "0563C1");
    if (style->link_underline)
        docx_val(x, "w:u", "single");
    docx_end(x);
    docx_end(x);
}

void docx_border(docx_xml *x, const char *side, bool visible)
{
    docx_start(x, side);
    docx_attr(x, "w:val", visible ? "single" : "nil");
    if (visible) {
        docx_attr(x, "w:sz", "4"); /* eighths of a point */
        docx_attr(x, "w:space", "0");
        docx_attr(x, "w:color", "000000");
    }
    docx_end(x);
}

/* Write the council table style: thin black grid, house cell padding. */
static void docx_table_style(docx_xml *x, const house_style *style)
{
    docx_style_open(x, "table", "CouncilTable", "Council Table", false);
    docx_val(x, "w:basedOn", "TableNormal");
    docx_empty(x, "w:qFormat");
    docx_start(x, "w:tblPr");
    docx_start(x, "w:tblBorders");
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right",
                                        "w:insideH", "w:insideV"};
    for (int i = 0; i < 6; i++)
        docx_border(x, sides[i], true);
    docx_end(x);
    docx_start(x, "w:tblCellMar");
    static const char *const pads[] = {"w:top", "w:left", "w:bottom", "w:right"};
    for (int i = 0; i < 4; i++) {
        docx_start(x, pads[i]);
        docx_attr_int(x, "w:w", docx_twips(style->cell_padding));
        docx_attr(x, "w:type", "dxa");
        docx_end(x);
    }
    docx_end(x);
    docx_end(x);
    docx_end(x);
}

void docx_write_styles(docx_xml *x, const docx_package *pkg)
{
    docx_start(x, "w:styles");
    docx_attr(x, "xmlns:w", DOCX_NS_W);
    docx_doc_defaults(x, pkg);
    docx_normal_style(x, pkg->style);
    docx_default_styles(x);
    docx_heading_styles(x, pkg->style);
    docx_list_styles(x, pkg->style);
    docx_block_styles(x, pkg->style);
    docx_hyperlink_style(x, pkg->style);
    docx_table_style(x, pkg->style);
    docx_end(x);
}

/* ---- numbering.xml -------------------------------------------------------- */

/* Write <w:ind> with a hanging label: label at left - hanging. */
static void docx_hanging(docx_xml *x, double left, double hanging)
{
    docx_start(x, "w:ind");
    docx_attr_int(x, "w:left", docx_twips(left));
    docx_attr_int(x, "w:hanging", docx_twips(hanging));
    docx_end(x);
}

/* Write one <w:lvl>. */
static void docx_level(docx_xml *x, int ilvl, const char *format, const char *text,
                       const char *pstyle, double left, double hanging)
{
    docx_start(x, "w:lvl");
    docx_attr_int(x, "w:ilvl", ilvl);
    docx_val_int(x, "w:start", 1);
    docx_val(x, "w:numFmt", format);
    if (pstyle)
        docx_val(x, "w:pStyle", pstyle);
    docx_val(x, "w:lvlText", text);
    docx_val(x, "w:lvlJc", "left");
    docx_start(x, "w:pPr");
    docx_hanging(x, left, hanging);
    docx_end(x);
    docx_end(x);
}

/* Open <w:abstractNum> with a fixed nsid, so the bytes never vary. */
static void docx_abstract_open(docx_xml *x, int id, const char *type)
{
    char nsid[16];
    g_snprintf(nsid, sizeof nsid, "5041%04X", (unsigned)id); /* "PA" + id */
    docx_start(x, "w:abstractNum");
    docx_attr_int(x, "w:abstractNumId", id);
    docx_val(x, "w:nsid", nsid);
    docx_val(x, "w:multiLevelType", type);
}

/* Write the numbered paragraphs' definition: number_format at the margin,
 * text at number_indent.  "%d." becomes Word's "%1.". */
static void docx_abstract_paragraphs(docx_xml *x, const house_style *style)
{
    GString *text = g_string_new(style->number_format ? style->number_format : "%d.");
    if (!strstr(text->str, "%d"))
        g_string_assign(text, "%d.");
    g_string_replace(text, "%d", "%1", 1);
    docx_abstract_open(x, 0, "singleLevel");
    docx_level(x, 0, "decimal", text->str, "NumberedParagraph", style->number_indent,
               style->number_indent);
    docx_end(x);
    g_string_free(text, TRUE);
}

/* Write a list definition for one kind and place: level n's label at the
 * place's x + n * bullet_hang, its text bullet_hang further in. */
static void docx_abstract_list(docx_xml *x, const house_style *style, doc_list_kind kind,
                               docx_list_place place)
{
    docx_abstract_open(x, docx_abstract_for(kind, place), "hybridMultilevel");
    double x0 = docx_place_x(style, place), hang = style->bullet_hang;
    for (int ilvl = 0; ilvl < DOCX_LEVELS; ilvl++) {
        double left = x0 + (ilvl + 1) * hang;
        if (kind == DOC_LIST_BULLET) {
            const char *glyph = style->bullet[ilvl < 2 ? ilvl : 2];
            docx_level(x, ilvl, "bullet", glyph ? glyph : "\xE2\x80\xA2", NULL, left, hang);
        } else {
            char label[8];
            g_snprintf(label, sizeof label, "%%%d.", ilvl + 1);
            docx_level(x, ilvl, "decimal", label, NULL, left, hang);
        }
    }
    docx_end(x);
}

/* Write <w:num>; ordered lists restart at 1 on the level they use. */
static void docx_num(docx_xml *x, int num_id, int abstract_id, int restart_level)
{
    docx_start(x, "w:num");
    docx_attr_int(x, "w:numId", num_id);
    docx_val_int(x, "w:abstractNumId", abstract_id);
    if (restart_level >= 0) {
        docx_start(x, "w:lvlOverride");
        docx_attr_int(x, "w:ilvl", restart_level);
        docx_val_int(x, "w:startOverride", 1);
        docx_end(x);
    }
    docx_end(x);
}

void docx_write_numbering(docx_xml *x, const docx_package *pkg)
{
    docx_start(x, "w:numbering");
    docx_attr(x, "xmlns:w", DOCX_NS_W);
    docx_abstract_paragraphs(x, pkg->style);
    for (int place = 0; place < DOCX_LIST_PLACES; place++) {
        docx_abstract_list(x, pkg->style, DOC_LIST_BULLET, place);
        docx_abstract_list(x, pkg->style, DOC_LIST_ORDERED, place);
    }
    docx_num(x, DOCX_NUM_PARAGRAPHS, 0, -1);
    for (guint i = 0; i < pkg->lists->len; i++) {
        const doc_node *list = g_ptr_array_index(pkg->lists, i);
        doc_list_kind kind = doc_node_list_kind(list);
        int depth = MIN(doc_node_depth(list), DOCX_LEVELS - 1);
        docx_num(x, DOCX_NUM_FIRST_LIST + (int)i,
                 docx_abstract_for(kind, docx_list_place_of(list)),
                 kind == DOC_LIST_ORDERED ? depth : -1);
    }
    docx_end(x);
}
