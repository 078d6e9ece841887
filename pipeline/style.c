/*
 * style.c - load the house style (see style.h).
 */
#include "style.h"
#include "pdf_fonts.h"
#include "xmlload.h"

#include <stdio.h>
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
    /* The schemes templates/house-style.xml ships. */
    s->n_paragraph_schemes = 3;
    s->paragraph_schemes = g_new0(num_scheme, 3);
    num_scheme *p = s->paragraph_schemes;
    p[0] = (num_scheme){.name = g_strdup("continuous"), .n_levels = 1};
    p[0].level[0] = (num_level){NUM_DECIMAL, g_strdup("%1."), 12.7 * MM, 0, 0};
    p[1] = (num_scheme){.name = g_strdup("sections"), .n_levels = 3};
    p[1].level[0] = (num_level){NUM_DECIMAL, g_strdup("%1."), 12.7 * MM, 0, 0};
    p[1].level[1] = (num_level){NUM_DECIMAL, g_strdup("%1.%2"), 12.7 * MM, 0, 0};
    p[1].level[2] = (num_level){NUM_DECIMAL, g_strdup("%1.%2.%3"), 25.4 * MM, 12.7 * MM, 0};
    p[2] = (num_scheme){.name = g_strdup("per-section"), .n_levels = 1,
                        .restart_per_section = true};
    p[2].level[0] = (num_level){NUM_DECIMAL, g_strdup("%1."), 12.7 * MM, 0, 0};
    s->list_indent = 6.3 * MM;
    s->bullet_hang = 6.3 * MM;
    s->item_gap = 4;
    s->bullets = (num_scheme){.name = g_strdup("bullets"), .n_levels = 3};
    static const char *const glyphs[] = {"•", "◦", "▪"};
    for (int i = 0; i < 3; i++)
        s->bullets.level[i] = (num_level){NUM_BULLET, g_strdup(glyphs[i]), 0, 0, 0};
    s->n_list_schemes = 2;
    s->list_schemes = g_new0(num_scheme, 2);
    num_scheme *l = s->list_schemes;
    l[0] = (num_scheme){.name = g_strdup("decimal"), .n_levels = 1};
    l[0].level[0] = (num_level){NUM_DECIMAL, g_strdup("%1."), 0, 0, 0};
    l[1] = (num_scheme){.name = g_strdup("letters"), .n_levels = 3};
    l[1].level[0] = (num_level){NUM_LOWER_LETTER, g_strdup("(%1)"), 0, 0, 10 * MM};
    l[1].level[1] = (num_level){NUM_LOWER_ROMAN, g_strdup("(%2)"), 0, 0, 10 * MM};
    l[1].level[2] = (num_level){NUM_DECIMAL, g_strdup("(%3)"), 0, 0, 10 * MM};
    s->motion_indent = 0;
    s->link_colour = g_strdup("0563C1");
    s->link_underline = true;
    s->show_header = true;
    s->header[STYLE_RIGHT] = g_strdup("{header}");
    s->footer[STYLE_CENTRE] = g_strdup("Page {page} of {pages}");
    s->cell_padding = 4;
    s->header_fill = g_strdup("D9D9D9");
    return s;
}

static void free_schemes(num_scheme *schemes, int n)
{
    for (int i = 0; i < n; i++)
        num_scheme_clear(&schemes[i]);
    g_free(schemes);
}

void style_free(house_style *s)
{
    if (!s)
        return;
    g_free(s->font);
    g_free(s->render_font);
    free_schemes(s->paragraph_schemes, s->n_paragraph_schemes);
    num_scheme_clear(&s->bullets);
    free_schemes(s->list_schemes, s->n_list_schemes);
    g_free(s->header_fill);
    g_free(s->link_colour);
    for (int i = 0; i < STYLE_PLACE_COUNT; i++) {
        g_free(s->header[i]);
        g_free(s->footer[i]);
    }
    g_free(s->logo_path);
    g_free(s->logo_alt);
    logo_free(s->logo);
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

/* Text sizes a paper may use: below 4 pt no one can read it, above 96 pt
 * a word no longer fits across a page.  The schema checks only the form. */
#define STYLE_MIN_TEXT_SIZE 4.0
#define STYLE_MAX_TEXT_SIZE 96.0

static bool load_paragraph(house_style *s, xmlNodePtr n, const char *path, GError **error)
{
    double size = attr_length(n, "size");
    if (size < STYLE_MIN_TEXT_SIZE || size > STYLE_MAX_TEXT_SIZE) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(n),
                         "a text size of %g pt: papers sets text from %g to %g pt", size,
                         STYLE_MIN_TEXT_SIZE, STYLE_MAX_TEXT_SIZE);
        return false;
    }
    char *kind = xmlload_attr(n, "kind");
    for (int k = 0; kind && k < STYLE_PARA_COUNT; k++) {
        if (!g_str_equal(kind, kind_names[k]))
            continue;
        s->para[k] = para(size, attr_yes(n, "bold"), attr_yes(n, "italic"),
                          attr_length(n, "space-before"), attr_length(n, "space-after"));
    }
    xmlFree(kind);
    return true;
}

/* One <level> of a scheme.  The schema has checked the attributes' forms;
 * what it cannot say (the pattern names the right levels) is checked here. */
static bool load_level(num_level *lv, xmlNodePtr n, int level, bool list, const char *path,
                       GError **error)
{
    char *format = xmlload_attr(n, "format");
    lv->format = NUM_DECIMAL;
    if (format)
        num_format_parse(format, &lv->format);
    xmlFree(format);
    attr_string(n, "text", &lv->text);
    lv->indent = attr_length(n, "indent");
    lv->label_indent = attr_length(n, "label-indent");
    lv->hang = list ? attr_length(n, "hang") : 0;
    const char *why = NULL;
    if (!num_pattern_valid(lv->text, lv->format, level, &why)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(n),
                         "level %d label \"%s\": %s", level, lv->text, why);
        return false;
    }
    if (!list && lv->label_indent > lv->indent) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(n),
                         "level %d: label-indent is larger than indent; the label must "
                         "stand left of the text", level);
        return false;
    }
    return true;
}

static bool load_scheme(num_scheme *scheme, xmlNodePtr n, bool list, const char *path,
                        GError **error)
{
    attr_string(n, "name", &scheme->name);
    char *restart = xmlload_attr(n, "restart");
    scheme->restart_per_section = restart && g_str_equal(restart, "section");
    xmlFree(restart);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        /* the schema allows at most NUM_MAX_LEVELS levels */
        if (!load_level(&scheme->level[scheme->n_levels], c, scheme->n_levels + 1, list,
                        path, error))
            return false;
        scheme->n_levels++;
    }
    return true;
}

/* Every <scheme> child of n, and the index of the one named by default. */
static bool load_schemes(xmlNodePtr n, bool list, num_scheme **schemes, int *count,
                         int *default_index, const char *path, GError **error)
{
    GArray *found = g_array_new(FALSE, TRUE, sizeof(num_scheme));
    char *wanted = xmlload_attr(n, "default");
    bool ok = true;
    for (xmlNodePtr c = n->children; c && ok; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !g_str_equal(c->name, "scheme"))
            continue;
        num_scheme scheme = {0};
        ok = load_scheme(&scheme, c, list, path, error);
        if (wanted && g_str_equal(wanted, scheme.name ? scheme.name : ""))
            *default_index = (int)found->len;
        g_array_append_val(found, scheme);
    }
    xmlFree(wanted);
    free_schemes(*schemes, *count);
    *count = (int)found->len;
    *schemes = (num_scheme *)(void *)g_array_free(found, FALSE);
    return ok;
}

static void load_bullets(house_style *s, xmlNodePtr n)
{
    static const char *const names[] = {"level1", "level2", "level3"};
    for (int i = 0; i < 3; i++)
        attr_string(n, names[i], &s->bullets.level[i].text);
}

static bool load_lists(house_style *s, xmlNodePtr n, const char *path, GError **error)
{
    s->list_indent = attr_length(n, "indent");
    s->bullet_hang = attr_length(n, "hang");
    s->item_gap = attr_length(n, "item-gap");
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && g_str_equal(c->name, "bullets"))
            load_bullets(s, c);
    s->list_scheme_default = 0;
    return load_schemes(n, true, &s->list_schemes, &s->n_list_schemes,
                        &s->list_scheme_default, path, error);
}

/* A header or footer: its places as given.  Any place given replaces the
 * default line; the footer's centre is its format attribute. */
static void load_furniture(char *places[STYLE_PLACE_COUNT], xmlNodePtr n, const char *centre)
{
    const char *names[STYLE_PLACE_COUNT] = {"left", centre, "right"};
    bool any = false;
    for (int i = 0; i < STYLE_PLACE_COUNT; i++)
        any = any || xmlHasProp(n, (const xmlChar *)names[i]);
    for (int i = 0; any && i < STYLE_PLACE_COUNT; i++) {
        g_clear_pointer(&places[i], g_free);
        attr_string(n, names[i], &places[i]);
    }
}

/* The first bytes of a PNG file, and of an SVG file after any XML
 * declaration and comments: enough to tell a logo from something else. */
static const char png_signature[] = "\x89PNG\r\n\x1a\n";

static bool looks_like(const char *file, bool svg)
{
    char head[1024] = {0};
    FILE *f = fopen(file, "rb");
    size_t n = f ? fread(head, 1, sizeof head - 1, f) : 0;
    if (f)
        fclose(f);
    if (!svg)
        return n >= 8 && memcmp(head, png_signature, 8) == 0;
    for (size_t i = 0; i < n; i++) /* NULs would end strstr early */
        if (!head[i])
            head[i] = ' ';
    return strstr(head, "<svg") != NULL;
}

/* <logo src= alt= width=>: the file beside the house style, a real PNG or
 * SVG as its name says. */
static bool load_logo(house_style *s, xmlNodePtr n, const char *path, build_deps *read,
                      GError **error)
{
    char *src = xmlload_attr(n, "src");
    char *dir = g_path_get_dirname(path);
    char *file = g_build_filename(dir, src, NULL);
    bool svg = g_str_has_suffix(src, ".svg") || g_str_has_suffix(src, ".SVG");
    int line = (int)xmlGetLineNo(n);
    bool ok = g_file_test(file, G_FILE_TEST_IS_REGULAR);
    if (!ok)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, line,
                         "the logo %s does not exist: put the image beside the house style, "
                         "or correct src=\"%s\"", file, src);
    else if (!(ok = looks_like(file, svg)))
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, line,
                         "the logo %s is not %s image: save it as %s, or name the file "
                         "after what it is", file, svg ? "an SVG" : "a PNG",
                         svg ? "SVG" : "PNG");
    logo_image *image = NULL;
    if (ok) {
        GError *bad = NULL;
        image = logo_load(file, svg, &bad);
        if (!(ok = image != NULL)) {
            xmlload_error_at(error, PAPERS_ERROR_INPUT, path, line,
                             "%s; save the logo again from its drawing program", bad->message);
            g_error_free(bad);
        }
    }
    if (ok) {
        build_deps_add(read, DEP_LOGO, file);
        g_free(s->logo_path);
        s->logo_path = g_strdup(file);
        attr_string(n, "alt", &s->logo_alt);
        s->logo_width = attr_length(n, "width");
        logo_free(s->logo);
        s->logo = image;
        s->logo_height = s->logo_width * logo_aspect(image);
    }
    xmlFree(src);
    g_free(dir);
    g_free(file);
    return ok;
}

/* The smallest text area a page may leave: room for a hanging number
 * (an inch, as Word indents) and a few words beside it. */
#define STYLE_MIN_TEXT_AREA (50 * MM)

/* The schema checks each length's form, not that the page leaves room to
 * write on: a page with no text area would reach the writers. */
static bool page_has_room(const house_style *s, xmlNodePtr n, const char *path,
                          GError **error)
{
    double width = s->page_width - s->margin_left - s->margin_right;
    double height = s->page_height - s->margin_top - s->margin_bottom;
    if (width >= STYLE_MIN_TEXT_AREA && height >= STYLE_MIN_TEXT_AREA)
        return true;
    xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(n),
                     "the page leaves a text area of %.0f by %.0f mm between its margins; "
                     "it needs at least %.0f by %.0f mm: check the page size and margins",
                     width / MM, height / MM, STYLE_MIN_TEXT_AREA / MM,
                     STYLE_MIN_TEXT_AREA / MM);
    return false;
}

static bool load_element(house_style *s, xmlNodePtr n, const char *path, build_deps *read,
                         GError **error)
{
    const char *name = (const char *)n->name;
    if (g_str_equal(name, "page")) {
        load_page(s, n);
        return page_has_room(s, n, path, error);
    } else if (g_str_equal(name, "font")) {
        attr_string(n, "name", &s->font);
        attr_string(n, "render", &s->render_font);
        char *v = xmlload_attr(n, "line-spacing");
        s->line_spacing = v ? g_ascii_strtod(v, NULL) : 1.0;
        xmlFree(v);
    } else if (g_str_equal(name, "paragraph")) {
        return load_paragraph(s, n, path, error);
    } else if (g_str_equal(name, "paragraph-numbering")) {
        s->paragraph_scheme_default = 0;
        return load_schemes(n, false, &s->paragraph_schemes, &s->n_paragraph_schemes,
                            &s->paragraph_scheme_default, path, error);
    } else if (g_str_equal(name, "lists")) {
        return load_lists(s, n, path, error);
    } else if (g_str_equal(name, "motion")) {
        s->motion_indent = attr_length(n, "indent");
    } else if (g_str_equal(name, "links")) {
        attr_string(n, "colour", &s->link_colour);
        s->link_underline = attr_yes(n, "underline");
    } else if (g_str_equal(name, "header")) {
        s->show_header = attr_yes(n, "show");
        load_furniture(s->header, n, "centre");
    } else if (g_str_equal(name, "footer")) {
        load_furniture(s->footer, n, "format");
    } else if (g_str_equal(name, "logo")) {
        return load_logo(s, n, path, read, error);
    } else if (g_str_equal(name, "table")) {
        s->cell_padding = attr_length(n, "cell-padding");
        attr_string(n, "header-fill", &s->header_fill);
    }
    return true;
}

/* ---- fonts ---------------------------------------------------------------------- */

bool style_font_installed(const char *family)
{
    return pdf_fonts_installed(family);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of fonts/ beside the house style, if there is one: recorded
 * (in name order) and made this thread's application fonts (pdf_fonts.h);
 * without one, the thread has none. */
static bool load_fonts(const char *path, build_deps *read, GError **error)
{
    char *dir = g_path_get_dirname(path);
    char *fonts = g_build_filename(dir, "fonts", NULL);
    g_free(dir);
    GDir *d = g_dir_open(fonts, 0, NULL);
    if (!d) {
        g_free(fonts);
        return pdf_fonts_use_folder(NULL, error);
    }
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; (n = g_dir_read_name(d));) {
        char *file = g_build_filename(fonts, n, NULL);
        if (g_file_test(file, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(files, file);
        else
            g_free(file);
    }
    g_dir_close(d);
    g_ptr_array_sort(files, compare_names);
    for (guint i = 0; i < files->len; i++)
        build_deps_add(read, DEP_FONT, g_ptr_array_index(files, i));
    g_ptr_array_free(files, TRUE);
    bool ok = pdf_fonts_use_folder(fonts, error);
    g_free(fonts);
    return ok;
}

/* The render font must be there: pango would quietly set the PDF in
 * another face.  Found here, so 'papers check' finds it too. */
static bool check_render_font(const house_style *s, xmlDocPtr xml, const char *path,
                              GError **error)
{
    if (style_font_installed(s->render_font))
        return true;
    int line = 0;
    for (xmlNodePtr n = xmlDocGetRootElement(xml)->children; n && !line; n = n->next)
        if (n->type == XML_ELEMENT_NODE && g_str_equal(n->name, "font"))
            line = (int)xmlGetLineNo(n);
    xmlload_error_at(error, PAPERS_ERROR_INPUT, path, line,
                     "the font \"%s\" (render=) is not installed: put its font files in the "
                     "fonts/ folder beside this house style, or change render= to a font "
                     "'fc-list : family' shows",
                     s->render_font);
    return false;
}

/* ---- loading ----------------------------------------------------------------------- */

house_style *style_load(const char *path, const char *schema_dir, build_deps *read,
                        GError **error)
{
    char *schema = g_build_filename(schema_dir, "house-style.xsd", NULL);
    xmlDocPtr xml = xmlload_file(path, schema, read, DEP_HOUSE_STYLE, error);
    g_free(schema);
    if (!xml)
        return NULL;
    house_style *s = style_default();
    bool ok = load_fonts(path, read, error);
    for (xmlNodePtr n = xmlDocGetRootElement(xml)->children; n && ok; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            ok = load_element(s, n, path, read, error);
    ok = ok && check_render_font(s, xml, path, error);
    xmlFreeDoc(xml);
    if (!ok) {
        style_free(s);
        return NULL;
    }
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

style_para style_caption(const house_style *s)
{
    style_para look = s->para[STYLE_TABLE];
    look.bold = true;
    look.italic = false;
    look.space_before = 0;
    look.space_after = s->item_gap;
    return look;
}

style_para style_marking(const house_style *s)
{
    style_para look = s->para[STYLE_BODY];
    look.bold = true;
    look.italic = false;
    look.space_before = 0;
    return look;
}

/* The value of the field at p ("{title}..."), or NULL if p holds none or
 * a page field that stays; *len is the field's length. */
static const char *field_value(const char *p, const style_fields *f, int page, int pages,
                               char number[32], size_t *len)
{
    enum { TITLE, SUBJECT, HEADER, MARKING, PAGES, PAGE };
    static const char *const names[] = {[TITLE] = "{title}", [SUBJECT] = "{subject}",
                                        [HEADER] = "{header}", [MARKING] = "{marking}",
                                        [PAGES] = "{pages}", [PAGE] = "{page}"};
    for (int i = 0; i < (int)G_N_ELEMENTS(names); i++) {
        if (!g_str_has_prefix(p, names[i]))
            continue;
        *len = strlen(names[i]);
        const char *text = i == TITLE     ? f->title
                           : i == SUBJECT ? f->subject
                           : i == HEADER  ? f->header
                                          : f->marking;
        if (i < PAGES)
            return text ? text : "";
        if (page <= 0)
            return NULL;
        g_snprintf(number, 32, "%d", i == PAGES ? pages : page);
        return number;
    }
    return NULL;
}

/* One pass over the pattern, so a title that holds "{page}" stays as
 * written. */
char *style_furniture_text(const char *pattern, const style_fields *fields, int page, int pages)
{
    static const style_fields none = {NULL, NULL, NULL, NULL};
    GString *out = g_string_new(NULL);
    char number[32];
    for (const char *p = pattern ? pattern : ""; *p;) {
        size_t len = 0;
        const char *value = *p == '{' ? field_value(p, fields ? fields : &none, page, pages,
                                                    number, &len)
                                      : NULL;
        if (value) {
            g_string_append(out, value);
            p += len;
        } else {
            g_string_append_c(out, *p++);
        }
    }
    return g_string_free(out, FALSE);
}

static const num_scheme *find_scheme(const num_scheme *schemes, int n, int default_index,
                                    const char *name)
{
    if (!name)
        return n > 0 ? &schemes[CLAMP(default_index, 0, n - 1)] : NULL;
    for (int i = 0; i < n; i++)
        if (g_strcmp0(schemes[i].name, name) == 0)
            return &schemes[i];
    return NULL;
}

const num_scheme *style_paragraph_scheme(const house_style *s, const char *name)
{
    return find_scheme(s->paragraph_schemes, s->n_paragraph_schemes,
                       s->paragraph_scheme_default, name);
}

const num_scheme *style_list_scheme(const house_style *s, const char *name)
{
    return find_scheme(s->list_schemes, s->n_list_schemes, s->list_scheme_default, name);
}
