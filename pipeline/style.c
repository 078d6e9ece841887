/*
 * style.c - load the house style (see style.h).
 */
#include "style.h"
#include "xmlload.h"

#include <string.h>

static const char *const kind_names[STYLE_PARA_COUNT] = {
    [STYLE_BODY] = "body",         [STYLE_TITLE1] = "title1",
    [STYLE_TITLE2] = "title2",     [STYLE_HEADING1] = "heading1",
    [STYLE_HEADING2] = "heading2", [STYLE_HEADING3] = "heading3",
    [STYLE_MOTION] = "motion",     [STYLE_SIGNATURE] = "signature",
    [STYLE_TABLE] = "table",       [STYLE_HEADER] = "header",
    [STYLE_FOOTER] = "footer",
};

#define MM (72.0 / 25.4)

static style_para para(double size, bool bold, bool italic, double before, double after)
{
    return (style_para){size, bold, italic, before, after};
}

house_style *style_default(void)
{
    house_style *s = g_new0(house_style, 1);
    s->page_width = 210 * MM;
    s->page_height = 297 * MM;
    s->margin_top = s->margin_bottom = s->margin_left = s->margin_right = 25.4 * MM;
    s->header_distance = s->footer_distance = 12.5 * MM;
    s->font = g_strdup("Arial");
    s->render_font = g_strdup("Liberation Sans");
    s->line_spacing = 1.15;
    s->para[STYLE_BODY] = para(12, false, false, 0, 10);
    s->para[STYLE_TITLE1] = para(14, true, false, 0, 12);
    s->para[STYLE_TITLE2] = para(14, true, false, 6, 18);
    s->para[STYLE_HEADING1] = para(12, true, false, 12, 8);
    s->para[STYLE_HEADING2] = para(12, true, true, 10, 6);
    s->para[STYLE_HEADING3] = para(12, false, true, 8, 6);
    s->para[STYLE_MOTION] = para(12, true, false, 6, 10);
    s->para[STYLE_SIGNATURE] = para(12, false, false, 12, 0);
    s->para[STYLE_TABLE] = para(11, false, false, 0, 3);
    s->para[STYLE_HEADER] = para(9, false, false, 0, 0);
    s->para[STYLE_FOOTER] = para(9, false, false, 0, 0);
    s->number_indent = 12.7 * MM;
    s->number_format = g_strdup("%d.");
    s->list_indent = 6.3 * MM;
    s->bullet_hang = 6.3 * MM;
    s->bullet[0] = g_strdup("•");
    s->bullet[1] = g_strdup("◦");
    s->bullet[2] = g_strdup("▪");
    s->motion_indent = 0;
    s->link_colour = g_strdup("0563C1");
    s->link_underline = true;
    s->show_header = true;
    s->footer_format = g_strdup("Page {page} of {pages}");
    s->cell_padding = 4;
    return s;
}

void style_free(house_style *s)
{
    if (!s)
        return;
    g_free(s->font);
    g_free(s->render_font);
    g_free(s->number_format);
    for (int i = 0; i < 3; i++)
        g_free(s->bullet[i]);
    g_free(s->link_colour);
    g_free(s->footer_format);
    g_free(s);
}

/* "2.54cm" -> points.  The schema has already checked the form. */
static double length_pt(const char *text)
{
    char *end = NULL;
    double v = g_ascii_strtod(text, &end);
    if (g_str_equal(end, "mm"))
        return v * MM;
    if (g_str_equal(end, "cm"))
        return v * 10 * MM;
    if (g_str_equal(end, "in"))
        return v * 72;
    return v; /* pt */
}

static double attr_length(xmlNodePtr node, const char *name)
{
    char *v = xmlload_attr(node, name);
    double pt = v ? length_pt(v) : 0;
    xmlFree(v);
    return pt;
}

static bool attr_yes(xmlNodePtr node, const char *name)
{
    char *v = xmlload_attr(node, name);
    bool yes = v && g_str_equal(v, "yes");
    xmlFree(v);
    return yes;
}

/* Replace *slot with the attribute's value (a g_strdup'd copy). */
static void attr_string(xmlNodePtr node, const char *name, char **slot)
{
    char *v = xmlload_attr(node, name);
    if (!v)
        return;
    g_free(*slot);
    *slot = g_strdup(v);
    xmlFree(v);
}

static void load_page(house_style *s, xmlNodePtr n)
{
    s->page_width = attr_length(n, "width");
    s->page_height = attr_length(n, "height");
    s->margin_top = attr_length(n, "margin-top");
    s->margin_bottom = attr_length(n, "margin-bottom");
    s->margin_left = attr_length(n, "margin-left");
    s->margin_right = attr_length(n, "margin-right");
    s->header_distance = attr_length(n, "header-distance");
    s->footer_distance = attr_length(n, "footer-distance");
}

static void load_paragraph(house_style *s, xmlNodePtr n)
{
    char *kind = xmlload_attr(n, "kind");
    for (int k = 0; kind && k < STYLE_PARA_COUNT; k++) {
        if (!g_str_equal(kind, kind_names[k]))
            continue;
        s->para[k] = para(attr_length(n, "size"), attr_yes(n, "bold"), attr_yes(n, "italic"),
                          attr_length(n, "space-before"), attr_length(n, "space-after"));
    }
    xmlFree(kind);
}

static void load_element(house_style *s, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    if (g_str_equal(name, "page")) {
        load_page(s, n);
    } else if (g_str_equal(name, "font")) {
        attr_string(n, "name", &s->font);
        attr_string(n, "render", &s->render_font);
        char *v = xmlload_attr(n, "line-spacing");
        s->line_spacing = v ? g_ascii_strtod(v, NULL) : 1.0;
        xmlFree(v);
    } else if (g_str_equal(name, "paragraph")) {
        load_paragraph(s, n);
    } else if (g_str_equal(name, "numbering")) {
        s->number_indent = attr_length(n, "indent");
        attr_string(n, "format", &s->number_format);
    } else if (g_str_equal(name, "bullets")) {
        s->list_indent = attr_length(n, "indent");
        s->bullet_hang = attr_length(n, "hang");
        attr_string(n, "level1", &s->bullet[0]);
        attr_string(n, "level2", &s->bullet[1]);
        attr_string(n, "level3", &s->bullet[2]);
    } else if (g_str_equal(name, "motion")) {
        s->motion_indent = attr_length(n, "indent");
    } else if (g_str_equal(name, "links")) {
        attr_string(n, "colour", &s->link_colour);
        s->link_underline = attr_yes(n, "underline");
    } else if (g_str_equal(name, "header")) {
        s->show_header = attr_yes(n, "show");
    } else if (g_str_equal(name, "footer")) {
        attr_string(n, "format", &s->footer_format);
    } else if (g_str_equal(name, "table")) {
        s->cell_padding = attr_length(n, "cell-padding");
    }
}

house_style *style_load(const char *path, const char *schema_dir, build_deps *read,
                        GError **error)
{
    char *schema = g_build_filename(schema_dir, "house-style.xsd", NULL);
    xmlDocPtr xml = xmlload_file(path, schema, read, DEP_HOUSE_STYLE, error);
    g_free(schema);
    if (!xml)
        return NULL;
    house_style *s = style_default();
    for (xmlNodePtr n = xmlDocGetRootElement(xml)->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            load_element(s, n);
    xmlFreeDoc(xml);
    return s;
}

const style_para *style_heading(const house_style *s, int level)
{
    int k = level <= 1 ? STYLE_HEADING1 : level == 2 ? STYLE_HEADING2 : STYLE_HEADING3;
    return &s->para[k];
}

const style_para *style_title(const house_style *s, int level)
{
    return &s->para[level <= 1 ? STYLE_TITLE1 : STYLE_TITLE2];
}

static void replace_all(GString *s, const char *from, const char *to)
{
    g_string_replace(s, from, to, 0);
}

char *style_footer_text(const house_style *s, int page, int pages)
{
    GString *out = g_string_new(s->footer_format ? s->footer_format : "");
    char num[32];
    g_snprintf(num, sizeof num, "%d", pages);
    replace_all(out, "{pages}", num);
    g_snprintf(num, sizeof num, "%d", page);
    replace_all(out, "{page}", num);
    return g_string_free(out, FALSE);
}

char *style_number_text(const house_style *s, int number)
{
    /* number_format is checked by the schema to hold exactly one %d and no
     * other conversion, so it is safe to hand to printf. */
    const char *fmt = s->number_format ? s->number_format : "%d.";
    const char *at = strstr(fmt, "%d");
    if (!at)
        return g_strdup_printf("%d.", number);
    return g_strdup_printf("%.*s%d%s", (int)(at - fmt), fmt, number, at + 2);
}
