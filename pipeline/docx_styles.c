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
    bool single;        /* single line spacing, whatever the house's */
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

/* Write <w:spacing>: before/after and the house line spacing (or single). */
static void docx_spacing(docx_xml *x, const house_style *style, double before, double after,
                         bool single)
{
    docx_start(x, "w:spacing");
    docx_attr_int(x, "w:before", docx_twips(before));
    docx_attr_int(x, "w:after", docx_twips(after));
    docx_attr_int(x, "w:line", docx_twips((single ? 1 : style->line_spacing) * 12)); /* 240 = single */
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
                 s->after >= 0 ? s->after : s->look->space_after, s->single);
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
    docx_spacing(x, style, 0, style->para[STYLE_BODY].space_after, false);
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
    docx_spacing(x, style, body->space_before, body->space_after, false);
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
    /* The title is the paper's first heading (outline level 1), as in the
     * PDF and the web page; Heading 1 stands beside it in Word's outline. */
    docx_pstyle s = docx_pstyle_init("Title", "Title", style_title(style, 1));
    s.jc = "center";
    s.next = "Subtitle";
    s.outline = 0;
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
static void docx_list_styles(docx_xml *x, const docx_package *pkg)
{
    const house_style *style = pkg->style;
    const style_para *body = &style->para[STYLE_BODY];
    docx_pstyle s = docx_pstyle_init("NumberedParagraph", "Numbered Paragraph", body);
    s.num_id = pkg->num_paragraph_style;
    s.next = "NumberedParagraph";
    docx_paragraph_style(x, style, &s);
    s = docx_pstyle_init("NumberedContinue", "Numbered Paragraph Continued", body);
    s.ind_left = style_paragraph_scheme(style, NULL)->level[0].indent;
    docx_paragraph_style(x, style, &s);

    static const char *const ids[] = {"ListBullet", "ListNumber", "ListContinue"};
    static const char *const names[] = {"List Bullet", "List Number", "List Continue"};
    const int num_ids[] = {pkg->num_bullet_style, pkg->num_number_style, 0};
    for (int i = 0; i < 3; i++) {
        s = docx_pstyle_init(ids[i], names[i], body);
        s.after = style->item_gap;
        s.next = ids[i];
        s.num_id = num_ids[i];
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

    style_para caption = style_caption(style); /* kept with its table */
    s = docx_pstyle_init("Caption", "caption", &caption);
    s.keep_next = true;
    docx_paragraph_style(x, style, &s);

    s = docx_pstyle_init("TableText", "Table Text", &style->para[STYLE_TABLE]);
    s.next = "TableText";
    docx_paragraph_style(x, style, &s);
    s = docx_pstyle_init("TableHeading", "Table Heading", &style->para[STYLE_TABLE]);
    s.bold = true;
    s.next = "TableText";
    docx_paragraph_style(x, style, &s);

    /* The logo's paragraph: as tall as the picture (LibreOffice and Word
     * give an image-only line the picture's height at single spacing), the
     * body's space after it, at the right (layout.md). */
    style_para logo = {style->para[STYLE_BODY].size, false, false, 0,
                       style->para[STYLE_BODY].space_after};
    s = docx_pstyle_init("Logo", "Logo", &logo);
    s.jc = "right";
    s.single = true;
    docx_paragraph_style(x, style, &s);

    /* A full version's marking atop its text (style_marking). */
    style_para marking = style_marking(style);
    s = docx_pstyle_init("Marking", "Marking", &marking);
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
    docx_list_styles(x, pkg);
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

/* Write one <w:lvl> of a numbering instance: Word's own label pattern and
 * format, and the label and text positions the tree resolved; the first
 * level names the paragraph style that numbers with it (pstyle), if any. */
static void docx_level(docx_xml *x, const doc_numbering *numbering, int ilvl,
                       const char *pstyle)
{
    const num_level *look = num_scheme_level(numbering->scheme, ilvl + 1);
    char *pattern = num_level_pattern(numbering->scheme, ilvl + 1);
    docx_start(x, "w:lvl");
    docx_attr_int(x, "w:ilvl", ilvl);
    docx_val_int(x, "w:start", numbering->start[ilvl]);
    docx_val(x, "w:numFmt", num_format_word(look->format));
    if (pstyle && ilvl == 0)
        docx_val(x, "w:pStyle", pstyle);
    docx_val(x, "w:lvlText", pattern);
    docx_val(x, "w:lvlJc", "left");
    docx_start(x, "w:pPr");
    docx_hanging(x, numbering->indent[ilvl],
                 numbering->indent[ilvl] - numbering->label_indent[ilvl]);
    docx_end(x);
    docx_end(x);
    g_free(pattern);
}

/* Write instance i's definition.  nsid is fixed by i, so the bytes never
 * vary.  Lists get Word's nine levels; paragraphs their scheme's. */
static void docx_abstract(docx_xml *x, const doc_numbering *numbering, int i, const char *pstyle)
{
    char nsid[16];
    g_snprintf(nsid, sizeof nsid, "5041%04X", (unsigned)i & 0xFFFF); /* "PA" + i */
    docx_start(x, "w:abstractNum");
    docx_attr_int(x, "w:abstractNumId", i);
    docx_val(x, "w:nsid", nsid);
    docx_val(x, "w:multiLevelType", numbering->list ? "hybridMultilevel" : "multilevel");
    int levels = numbering->list ? NUM_LEVELS : numbering->scheme->n_levels;
    for (int ilvl = 0; ilvl < levels; ilvl++)
        docx_level(x, numbering, ilvl, pstyle);
    docx_end(x);
}

/* A numbering of the styles' own, as the tree would make it for a list
 * (or numbered paragraph) at the top level of the page: every level starts
 * at 1, a list's labels list_indent in from the text and each level's text
 * its hang further on (doc_prepare.c does the same). */
static doc_numbering docx_style_numbering(const house_style *style, const num_scheme *scheme,
                                          bool list)
{
    doc_numbering n = {.list = list, .scheme = scheme,
                       .kind = scheme == &style->bullets ? DOC_LIST_BULLET : DOC_LIST_ORDERED};
    double x = style->list_indent;
    for (int i = 0; i < NUM_LEVELS; i++) {
        const num_level *look = num_scheme_level(scheme, i + 1);
        n.start[i] = 1;
        if (list) {
            n.label_indent[i] = x;
            n.indent[i] = x + (look->hang > 0 ? look->hang : style->bullet_hang);
            x = n.indent[i];
        } else {
            n.label_indent[i] = look->label_indent;
            n.indent[i] = look->indent;
        }
    }
    return n;
}

/* One w:num per numbering instance, numId = the instance's number, each
 * with its own definition (abstractNumId the same number); then the
 * styles' own (docx.h). */
void docx_write_numbering(docx_xml *x, const docx_package *pkg)
{
    const house_style *style = pkg->style;
    docx_start(x, "w:numbering");
    docx_attr(x, "xmlns:w", DOCX_NS_W);
    int count = doc_document_numbering_count(pkg->doc);
    for (int i = 1; i <= count; i++)
        docx_abstract(x, doc_document_numbering(pkg->doc, i), i,
                      i == pkg->num_paragraph_style ? "NumberedParagraph" : NULL);
    const num_scheme *paragraphs =
        style_paragraph_scheme(style, doc_document_numbering_name(pkg->doc));
    const num_scheme *ordered = style_list_scheme(style, NULL);
    doc_numbering own[] = {docx_style_numbering(style, paragraphs, false),
                           docx_style_numbering(style, &style->bullets, true),
                           docx_style_numbering(style, ordered, true)};
    const int own_ids[] = {pkg->num_paragraph_style, pkg->num_bullet_style,
                           pkg->num_number_style};
    const char *const own_styles[] = {"NumberedParagraph", "ListBullet", "ListNumber"};
    for (int k = 0; k < 3; k++)
        if (own_ids[k] > count)
            docx_abstract(x, &own[k], own_ids[k], own_styles[k]);
    for (int i = 1; i <= pkg->num_count; i++) {
        docx_start(x, "w:num");
        docx_attr_int(x, "w:numId", i);
        docx_val_int(x, "w:abstractNumId", i);
        docx_end(x);
    }
    docx_end(x);
}
