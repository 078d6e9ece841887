/*
 * pdf_fonts.c - one fontconfig configuration and one font map per thread
 * (see pdf_fonts.h).
 */
#include "pdf_fonts.h"

#include "xmlload.h"

#include <fontconfig/fontconfig.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

/* Where fontconfig keeps fonts.conf: CMake gives fontconfig's own confdir
 * (pkg-config), a path of the system papers runs on, not of the build. */
#ifndef PAPERS_FONTCONFIG_CONFDIR
#define PAPERS_FONTCONFIG_CONFDIR "/etc/fonts"
#endif

typedef struct {
    FcConfig *config;   /* owned */
    PangoFontMap *map;  /* owned; made on first use */
    char *folder;       /* the folder of application fonts in config, or NULL */
    GHashTable *widths; /* char * key -> double *, see pdf_fonts_width */
} thread_fonts;

static void thread_fonts_free(gpointer data)
{
    thread_fonts *t = data;
    if (t->map)
        g_object_unref(t->map);
    if (t->config)
        FcConfigDestroy(t->config);
    g_free(t->folder);
    if (t->widths)
        g_hash_table_destroy(t->widths);
    g_free(t);
}

static GPrivate current_fonts = G_PRIVATE_INIT(thread_fonts_free);

static bool user_chose_config(void)
{
    const char *file = g_getenv("FONTCONFIG_FILE"), *path = g_getenv("FONTCONFIG_PATH");
    return (file && *file) || (path && *path);
}

/* papers' configuration as fontconfig XML: <fontconfig> holding the <dir>
 * and <cachedir> elements of the system's fonts.conf and nothing else.
 * NULL when that file cannot be read or names no folder. */
static gpointer make_folders_only(gpointer unused)
{
    (void)unused;
    char *path = g_build_filename(PAPERS_FONTCONFIG_CONFDIR, "fonts.conf", NULL);
    xmlDocPtr system = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                   XML_PARSE_NOWARNING);
    g_free(path);
    xmlNodePtr root = system ? xmlDocGetRootElement(system) : NULL;
    xmlDocPtr own = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr top = xmlNewNode(NULL, BAD_CAST "fontconfig");
    xmlDocSetRootElement(own, top);
    int folders = 0;
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && (xmlStrEqual(n->name, BAD_CAST "dir") ||
                                            xmlStrEqual(n->name, BAD_CAST "cachedir"))) {
            xmlAddChild(top, xmlDocCopyNode(n, own, 1));
            folders++;
        }
    }
    xmlChar *xml = NULL;
    int len = 0;
    if (folders > 0)
        xmlDocDumpMemory(own, &xml, &len);
    xmlFreeDoc(own);
    xmlFreeDoc(system);
    return xml;
}

static FcConfig *new_config(void)
{
    static GOnce folders_only = G_ONCE_INIT;
    if (!user_chose_config()) {
        const FcChar8 *xml = g_once(&folders_only, make_folders_only, NULL);
        FcConfig *c = xml ? FcConfigCreate() : NULL;
        if (c && FcConfigParseAndLoadFromMemory(c, xml, FcTrue) && FcConfigBuildFonts(c))
            return c;
        if (c)
            FcConfigDestroy(c);
    }
    return FcInitLoadConfigAndFonts();
}

static thread_fonts *this_thread(void)
{
    thread_fonts *t = g_private_get(&current_fonts);
    if (!t) {
        t = g_new0(thread_fonts, 1);
        t->config = new_config();
        g_private_set(&current_fonts, t);
    }
    return t;
}

void pdf_fonts_init(void)
{
    if (!user_chose_config())
        FcConfigSetCurrent(this_thread()->config);
}

PangoFontMap *pdf_fonts_map(void)
{
    thread_fonts *t = this_thread();
    if (!t->map) {
        t->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(t->map), t->config);
    }
    return g_object_ref(t->map);
}

bool pdf_fonts_use_folder(const char *folder, GError **error)
{
    thread_fonts *t = this_thread();
    if (g_strcmp0(t->folder, folder) == 0)
        return true;
    FcConfigAppFontClear(t->config);
    g_clear_pointer(&t->folder, g_free);
    bool ok = !folder || FcConfigAppFontAddDir(t->config, (const FcChar8 *)folder);
    if (ok)
        t->folder = g_strdup(folder);
    if (t->map) /* forget the fonts and font sets it found in the old folder */
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(t->map));
    if (t->widths) /* a family may now be another font */
        g_hash_table_remove_all(t->widths);
    if (!ok)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, folder, 0,
                         "fontconfig cannot read this folder of fonts");
    return ok;
}

bool pdf_fonts_installed(const char *family)
{
    FcConfig *config = this_thread()->config;
    FcPattern *pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)family);
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern *match = FcFontMatch(config, pattern, &result);
    bool found = false;
    FcChar8 *name = NULL;
    for (int i = 0; match && !found &&
                    FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch;
         i++)
        found = g_ascii_strcasecmp((const char *)name, family) == 0;
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pattern);
    return found;
}

/* Keys and widths take about 150 bytes an entry: 8,192 words of a batch's
 * tables is about a megabyte a thread, and the cache starts again when
 * full, so a long batch of reports in varied words holds memory flat (a
 * cap of 50,000 let a batch of 1,000 reports grow by 14 MiB over one of
 * 100).  A report's tables have a few hundred distinct words. */
#define PDF_FONTS_MAX_WIDTHS 8192

static GString *width_key(const char *family, double size, bool bold, bool italic,
                          const char *text)
{
    GString *key = g_string_new(family);
    g_string_append_printf(key, "|%a|%d%d|%s", size, bold, italic, text);
    return key;
}

bool pdf_fonts_width(const char *family, double size, bool bold, bool italic,
                     const char *text, double *width)
{
    thread_fonts *t = this_thread();
    if (!t->widths)
        return false;
    GString *key = width_key(family, size, bold, italic, text);
    const double *found = g_hash_table_lookup(t->widths, key->str);
    g_string_free(key, TRUE);
    if (found)
        *width = *found;
    return found != NULL;
}

void pdf_fonts_keep_width(const char *family, double size, bool bold, bool italic,
                          const char *text, double width)
{
    thread_fonts *t = this_thread();
    if (!t->widths)
        t->widths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (g_hash_table_size(t->widths) >= PDF_FONTS_MAX_WIDTHS)
        g_hash_table_remove_all(t->widths);
    g_hash_table_replace(t->widths, g_string_free(width_key(family, size, bold, italic, text), FALSE),
                         g_memdup2(&width, sizeof width));
}
