/*
 * write_docx.c - the document tree as a WordprocessingML package (.docx).
 *
 * The package, in the order its parts are written (a fixed order, so the
 * same tree gives the same bytes):
 *
 *   [Content_Types].xml
 *   _rels/.rels                     -> document, core and app properties
 *   word/_rels/document.xml.rels    -> styles, numbering, settings, fonts,
 *                                      theme, footer, header, then one external
 *                                      target per link, in tree order
 *   word/document.xml               docx_body.c
 *   word/styles.xml                 docx_styles.c (house style as styles)
 *   word/numbering.xml              docx_styles.c (paragraph numbers, lists)
 *   word/settings.xml               docx_theme.c
 *   word/fontTable.xml
 *   word/theme/theme1.xml           docx_theme.c
 *   word/footer1.xml                if the house style's footer has text
 *   word/header1.xml                if it shows a header and it has text
 *   word/media/logo.png             the council's logo, if it has one (last)
 *   docProps/core.xml               title, subject, creator, dates
 *   docProps/app.xml
 *
 * Every part is written with xmlTextWriter (docx_xml.c) into memory, then
 * added to a libzip archive, built in memory, with a fixed mtime and
 * compression; the finished archive goes to the sink in one piece.
 */
#include "docx.h"
#include "write.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#define DOCX_CT_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define DOCX_REL_DOC "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define DOCX_REL_PKG "http://schemas.openxmlformats.org/package/2006/relationships/"

/* document.xml.rels ids of the fixed parts; the footer, the header and the
 * links follow (docx_package_init). */
enum { DOCX_RID_STYLES = 1, DOCX_RID_NUMBERING, DOCX_RID_SETTINGS, DOCX_RID_FONTS,
       DOCX_RID_THEME, DOCX_RID_NEXT };

/* ---- prepare ------------------------------------------------------------ */

static bool docx_has_text(const char *s) { return s && s[0]; }

/* A header or footer line as one paragraph's text: the places' texts
 * separated by tabs (the paragraph has a centre and a right tab stop), the
 * document's fields filled in, {page} and {pages} left for Word's fields.
 * Caller frees. */
static char *docx_furniture_text(const docx_package *pkg, char *const places[STYLE_PLACE_COUNT])
{
    style_fields fields = {doc_document_meta(pkg->doc, DOC_META_TITLE),
                           doc_document_meta(pkg->doc, DOC_META_SUBJECT),
                           doc_document_meta(pkg->doc, DOC_META_HEADER),
                           doc_document_meta(pkg->doc, DOC_META_MARKING)};
    char *text[STYLE_PLACE_COUNT];
    int last = -1;
    for (int i = 0; i < STYLE_PLACE_COUNT; i++) {
        text[i] = style_furniture_text(places[i], &fields, 0, 0);
        if (*g_strstrip(text[i]))
            last = i;
    }
    GString *out = g_string_new(NULL);
    for (int i = 0; i <= last; i++)
        g_string_append_printf(out, "%s%s", i ? "\t" : "", text[i]);
    for (int i = 0; i < STYLE_PLACE_COUNT; i++)
        g_free(text[i]);
    return g_string_free(out, FALSE);
}

/* Collect what several parts must agree on, in tree order: the links
 * (relationship ids) and the numbering the "Numbered Paragraph" style uses. */
static void docx_package_init(docx_package *pkg, const doc_document *doc,
                              const house_style *style)
{
    *pkg = (docx_package){.doc = doc, .style = style};
    pkg->links = g_ptr_array_new();
    int count = doc_document_numbering_count(doc);
    for (int i = count; i >= 1; i--)
        if (!doc_document_numbering(doc, i)->list)
            pkg->paragraph_num_id = i;
    pkg->num_paragraph_style = pkg->paragraph_num_id ? pkg->paragraph_num_id : ++count;
    pkg->num_bullet_style = ++count;
    pkg->num_number_style = ++count;
    pkg->num_count = count;
    doc_iter it;
    doc_iter_init(&it, doc_document_root(doc));
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;) {
        doc_node *n = doc_iter_node(&it);
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (doc_node_type(n) == DOC_LINK && docx_has_text(doc_node_url(n)))
            g_ptr_array_add(pkg->links, n);
    }
    const char *lang = doc_document_meta(doc, DOC_META_LANGUAGE);
    pkg->language = docx_has_text(lang) ? lang : "en-GB";
    char *footer = docx_furniture_text(pkg, style->footer);
    char *header = docx_furniture_text(pkg, style->header);
    pkg->has_footer = docx_has_text(g_strstrip(footer));
    pkg->has_header = style->show_header && docx_has_text(g_strstrip(header));
    g_free(footer);
    g_free(header);
    int rid = DOCX_RID_NEXT;
    pkg->rid_footer = pkg->has_footer ? rid++ : 0;
    pkg->rid_header = pkg->has_header ? rid++ : 0;
    pkg->rid_logo = style->logo ? rid++ : 0;
    pkg->rid_first_link = rid;
}

static void docx_package_clear(docx_package *pkg)
{
    g_ptr_array_free(pkg->links, TRUE);
    if (pkg->logo_png)
        g_bytes_unref(pkg->logo_png);
}

/* ---- [Content_Types].xml --------------------------------------------------- */

static void docx_default(docx_xml *x, const char *ext, const char *type)
{
    docx_start(x, "Default");
    docx_attr(x, "Extension", ext);
    docx_attr(x, "ContentType", type);
    docx_end(x);
}

static void docx_override(docx_xml *x, const char *part, const char *type)
{
    docx_start(x, "Override");
    docx_attr(x, "PartName", part);
    docx_attr(x, "ContentType", type);
    docx_end(x);
}

static void docx_write_content_types(docx_xml *x, const docx_package *pkg)
{
    docx_start(x, "Types");
    docx_attr(x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    docx_default(x, "rels", "application/vnd.openxmlformats-package.relationships+xml");
    docx_default(x, "xml", "application/xml");
    if (pkg->rid_logo)
        docx_default(x, "png", "image/png");
    docx_override(x, "/word/document.xml", DOCX_CT_MAIN "document.main+xml");
    docx_override(x, "/word/styles.xml", DOCX_CT_MAIN "styles+xml");
    docx_override(x, "/word/numbering.xml", DOCX_CT_MAIN "numbering+xml");
    docx_override(x, "/word/settings.xml", DOCX_CT_MAIN "settings+xml");
    docx_override(x, "/word/fontTable.xml", DOCX_CT_MAIN "fontTable+xml");
    docx_override(x, "/word/theme/theme1.xml",
                  "application/vnd.openxmlformats-officedocument.theme+xml");
    if (pkg->has_footer)
        docx_override(x, "/word/footer1.xml", DOCX_CT_MAIN "footer+xml");
    if (pkg->has_header)
        docx_override(x, "/word/header1.xml", DOCX_CT_MAIN "header+xml");
    docx_override(x, "/docProps/core.xml",
                  "application/vnd.openxmlformats-package.core-properties+xml");
    docx_override(x, "/docProps/app.xml",
                  "application/vnd.openxmlformats-officedocument.extended-properties+xml");
    docx_end(x);
}

/* ---- relationships ---------------------------------------------------------- */

static void docx_relationship(docx_xml *x, int rid, const char *type, const char *target,
                              bool external)
{
    char id[32];
    g_snprintf(id, sizeof id, "rId%d", rid);
    docx_start(x, "Relationship");
    docx_attr(x, "Id", id);
    docx_attr(x, "Type", type);
    docx_attr(x, "Target", target);
    if (external)
        docx_attr(x, "TargetMode", "External");
    docx_end(x);
}

static void docx_relationships_open(docx_xml *x)
{
    docx_start(x, "Relationships");
    docx_attr(x, "xmlns", "http://schemas.openxmlformats.org/package/2006/relationships");
}

static void docx_write_package_rels(docx_xml *x, const docx_package *pkg)
{
    (void)pkg;
    docx_relationships_open(x);
    docx_relationship(x, 1, DOCX_REL_DOC "officeDocument", "word/document.xml", false);
    docx_relationship(x, 2, DOCX_REL_PKG "metadata/core-properties", "docProps/core.xml", false);
    docx_relationship(x, 3, DOCX_REL_DOC "extended-properties", "docProps/app.xml", false);
    docx_end(x);
}

static void docx_write_document_rels(docx_xml *x, const docx_package *pkg)
{
    docx_relationships_open(x);
    docx_relationship(x, DOCX_RID_STYLES, DOCX_REL_DOC "styles", "styles.xml", false);
    docx_relationship(x, DOCX_RID_NUMBERING, DOCX_REL_DOC "numbering", "numbering.xml", false);
    docx_relationship(x, DOCX_RID_SETTINGS, DOCX_REL_DOC "settings", "settings.xml", false);
    docx_relationship(x, DOCX_RID_FONTS, DOCX_REL_DOC "fontTable", "fontTable.xml", false);
    docx_relationship(x, DOCX_RID_THEME, DOCX_REL_DOC "theme", "theme/theme1.xml", false);
    if (pkg->has_footer)
        docx_relationship(x, pkg->rid_footer, DOCX_REL_DOC "footer", "footer1.xml", false);
    if (pkg->has_header)
        docx_relationship(x, pkg->rid_header, DOCX_REL_DOC "header", "header1.xml", false);
    if (pkg->rid_logo)
        docx_relationship(x, pkg->rid_logo, DOCX_REL_DOC "image", "media/logo.png", false);
    for (guint i = 0; i < pkg->links->len; i++)
        docx_relationship(x, pkg->rid_first_link + (int)i, DOCX_REL_DOC "hyperlink",
                          doc_node_url(g_ptr_array_index(pkg->links, i)), true);
    docx_end(x);
}

/* ---- fonts ------------------------------------------------------------------ */

static void docx_write_font_table(docx_xml *x, const docx_package *pkg)
{
    docx_start(x, "w:fonts");
    docx_attr(x, "xmlns:w", DOCX_NS_W);
    docx_start(x, "w:font");
    docx_attr(x, "w:name", pkg->style->font);
    docx_val(x, "w:family", "auto");
    docx_val(x, "w:pitch", "variable");
    docx_end(x);
    docx_end(x);
}

/* ---- header and footer --------------------------------------------------------- */

static void docx_tab_stop(docx_xml *x, const char *kind, long pos)
{
    docx_start(x, "w:tab");
    docx_attr(x, "w:val", kind);
    docx_attr_int(x, "w:pos", pos);
    docx_end(x);
}

/* Open a header or footer part with one paragraph in the given style, its
 * centre and right tab stops at the middle and the end of the text width. */
static void docx_furniture_open(docx_xml *x, const docx_package *pkg, const char *root,
                                const char *pstyle)
{
    const house_style *s = pkg->style;
    long width = docx_twips(s->page_width - s->margin_left - s->margin_right);
    docx_start(x, root);
    docx_attr(x, "xmlns:w", DOCX_NS_W);
    docx_attr(x, "xmlns:r", DOCX_NS_R);
    docx_start(x, "w:p");
    docx_start(x, "w:pPr");
    docx_val(x, "w:pStyle", pstyle);
    docx_start(x, "w:tabs");
    docx_tab_stop(x, "center", width / 2);
    docx_tab_stop(x, "right", width);
    docx_end(x);
    docx_val(x, "w:jc", "left");
    docx_end(x);
}

static void docx_plain_run(docx_xml *x, const char *text, size_t n)
{
    if (!n)
        return;
    char *s = g_strndup(text, n);
    docx_start(x, "w:r");
    docx_run_text(x, s);
    docx_end(x);
    g_free(s);
}

/* A field Word fills in when it lays out the page; "1" until then. */
static void docx_field(docx_xml *x, const char *instr)
{
    docx_start(x, "w:fldSimple");
    docx_attr(x, "w:instr", instr);
    docx_plain_run(x, "1", 1);
    docx_end(x);
}

/* The line's text with {page} and {pages} as PAGE and NUMPAGES fields. */
static void docx_write_furniture(docx_xml *x, const docx_package *pkg, const char *root,
                                 const char *pstyle, char *const places[STYLE_PLACE_COUNT])
{
    char *text = docx_furniture_text(pkg, places);
    const char *p = text;
    docx_furniture_open(x, pkg, root, pstyle);
    while (*p) {
        const char *page = strstr(p, "{page}"), *pages = strstr(p, "{pages}");
        const char *at = page && (!pages || page < pages) ? page : pages;
        if (!at) {
            docx_plain_run(x, p, strlen(p));
            break;
        }
        docx_plain_run(x, p, (size_t)(at - p));
        docx_field(x, at == page ? " PAGE " : " NUMPAGES ");
        p = at + strlen(at == page ? "{page}" : "{pages}");
    }
    docx_end(x);
    docx_end(x);
    g_free(text);
}

static void docx_write_header(docx_xml *x, const docx_package *pkg)
{
    docx_write_furniture(x, pkg, "w:hdr", "Header", pkg->style->header);
}

static void docx_write_footer(docx_xml *x, const docx_package *pkg)
{
    docx_write_furniture(x, pkg, "w:ftr", "Footer", pkg->style->footer);
}

/* ---- document properties ------------------------------------------------------- */

static void docx_meta_element(docx_xml *x, const char *name, const char *value)
{
    if (docx_has_text(value))
        docx_text_element(x, name, value);
}

static void docx_date_element(docx_xml *x, const char *name, const char *when)
{
    docx_start(x, name);
    docx_attr(x, "xsi:type", "dcterms:W3CDTF");
    docx_string(x, when);
    docx_end(x);
}

/* Dates come from write_timestamp (SOURCE_DATE_EPOCH or the paper's date),
 * never the clock, so two builds give the same bytes. */
static void docx_write_core(docx_xml *x, const docx_package *pkg, GDateTime *when)
{
    const doc_document *doc = pkg->doc;
    char *stamp = g_date_time_format(when, "%Y-%m-%dT%H:%M:%SZ");
    docx_start(x, "cp:coreProperties");
    docx_attr(x, "xmlns:cp",
              "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    docx_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    docx_attr(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
    docx_attr(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    docx_meta_element(x, "dc:title", doc_document_meta(doc, DOC_META_TITLE));
    docx_meta_element(x, "dc:subject", doc_document_meta(doc, DOC_META_SUBJECT));
    docx_meta_element(x, "dc:creator", doc_document_meta(doc, DOC_META_AUTHOR));
    /* A redline says in its properties which versions it compares (its
     * text must stay the document's, so accepting the changes gives it). */
    docx_meta_element(x, "dc:description", doc_document_meta(doc, DOC_META_CHANGE_NOTE));
    /* A full version that holds exempt information says so here too. */
    docx_meta_element(x, "cp:keywords", doc_document_meta(doc, DOC_META_MARKING));
    docx_meta_element(x, "dc:language", pkg->language);
    docx_date_element(x, "dcterms:created", stamp ? stamp : "1980-01-01T00:00:00Z");
    docx_date_element(x, "dcterms:modified", stamp ? stamp : "1980-01-01T00:00:00Z");
    docx_end(x);
    g_free(stamp);
}

static void docx_write_app(docx_xml *x, const docx_package *pkg)
{
    (void)pkg;
    docx_start(x, "Properties");
    docx_attr(x, "xmlns",
              "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    docx_text_element(x, "Application", "papers");
    docx_end(x);
}

/* ---- the archive ------------------------------------------------------------------ */

typedef struct {
    zip_source_t *buffer; /* the archive's bytes, in memory */
    zip_t *za;
    time_t mtime;         /* every entry's */
} docx_zip;

static void docx_zip_error(GError **error, const char *what, const char *path,
                           const char *why)
{
    g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED, "cannot %s %s: %s", what, path, why);
}

/* Zip stores local time; 1980-01-01 noon in local time gives the same
 * entry bytes in every time zone (and noon keeps clear of DST edges). */
static time_t docx_zip_mtime(void)
{
    struct tm tm = {.tm_year = 80, .tm_mon = 0, .tm_mday = 1, .tm_hour = 12, .tm_isdst = -1};
    return mktime(&tm);
}

/* An empty archive in a memory buffer. */
static bool docx_zip_open(docx_zip *z, GError **error)
{
    z->mtime = docx_zip_mtime();
    zip_error_t ze;
    zip_error_init(&ze);
    z->buffer = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (z->buffer)
        z->za = zip_open_from_source(z->buffer, ZIP_TRUNCATE, &ze);
    if (!z->za) {
        docx_zip_error(error, "start", "the archive", zip_error_strerror(&ze));
        if (z->buffer)
            zip_source_free(z->buffer);
        z->buffer = NULL;
    }
    zip_error_fini(&ze);
    return z->za != NULL;
}

/* Copy the finished archive's bytes into the sink. */
static bool docx_zip_drain(zip_source_t *src, write_sink *sink, GError **error)
{
    if (zip_source_open(src) < 0) {
        docx_zip_error(error, "read", "the archive", zip_error_strerror(zip_source_error(src)));
        return false;
    }
    bool ok = true;
    char chunk[16384];
    for (zip_int64_t n; ok && (n = zip_source_read(src, chunk, sizeof chunk)) != 0;) {
        if (n < 0) {
            docx_zip_error(error, "read", "the archive", zip_error_strerror(zip_source_error(src)));
            ok = false;
        } else {
            write_sink_put(sink, chunk, (size_t)n);
        }
    }
    zip_source_close(src);
    return ok && !write_sink_failed(sink, "the Word document", error);
}

/* Finish the archive and hand its bytes to the sink. */
static bool docx_zip_finish(docx_zip *z, write_sink *sink, bool ok, GError **error)
{
    zip_source_keep(z->buffer); /* outlives zip_close, which writes into it */
    if (ok && zip_close(z->za) < 0) {
        docx_zip_error(error, "write", "the archive", zip_strerror(z->za));
        ok = false;
    } else if (ok) {
        z->za = NULL; /* closed and freed */
    }
    if (z->za)
        zip_discard(z->za);
    ok = ok && docx_zip_drain(z->buffer, sink, error);
    zip_source_free(z->buffer);
    return ok;
}

/* XML parts are deflated at zlib's default level: level 9 took a third
 * longer for 1% fewer bytes.  A PNG is stored as it is: it is deflated
 * already, and deflating it again took most of the package's time to save
 * 3% of its bytes. */
#define DOCX_DEFLATE_LEVEL 6

/* Add one entry, deflated or (stored) as it is; libzip takes data
 * (malloc'ed) whatever happens. */
static bool docx_zip_add(docx_zip *z, const char *name, char *data, gsize len, bool stored,
                         GError **error)
{
    zip_source_t *src = zip_source_buffer(z->za, data, len, 1);
    if (!src) {
        free(data);
        docx_zip_error(error, "add", name, zip_strerror(z->za));
        return false;
    }
    zip_int64_t idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        docx_zip_error(error, "add", name, zip_strerror(z->za));
        return false;
    }
    if (zip_file_set_mtime(z->za, (zip_uint64_t)idx, z->mtime, 0) < 0 ||
        zip_set_file_compression(z->za, (zip_uint64_t)idx,
                                 stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 stored ? 0 : DOCX_DEFLATE_LEVEL) < 0) {
        docx_zip_error(error, "add", name, zip_strerror(z->za));
        return false;
    }
    return true;
}

/* ---- parts, in package order -------------------------------------------------------- */

typedef void (*docx_part_writer)(docx_xml *x, const docx_package *pkg);

/* Write one part with writer and add it to the archive. */
static bool docx_add_part(docx_zip *z, const docx_package *pkg, const char *name,
                          docx_part_writer writer, GError **error)
{
    docx_xml x;
    if (!docx_xml_open(&x)) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED, "%s: out of memory", name);
        return false;
    }
    writer(&x, pkg);
    char *data = NULL;
    gsize len = 0;
    return docx_xml_close(&x, name, &data, &len, error) &&
           docx_zip_add(z, name, data, len, false, error);
}

/* The logo picture, as the PNG it is or was rendered to. */
static bool docx_add_logo(docx_zip *z, const docx_package *pkg, GError **error)
{
    if (!pkg->rid_logo)
        return true;
    gsize len = 0;
    const void *data = g_bytes_get_data(pkg->logo_png, &len);
    char *copy = malloc(len ? len : 1); /* libzip frees it */
    if (!copy) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED, "word/media/logo.png: out of memory");
        return false;
    }
    memcpy(copy, data, len);
    return docx_zip_add(z, "word/media/logo.png", copy, len, true, error);
}

/* core.xml needs the timestamp, which is not part of the package model. */
static bool docx_add_core(docx_zip *z, const docx_package *pkg, GDateTime *when,
                          GError **error)
{
    docx_xml x;
    if (!docx_xml_open(&x)) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED, "docProps/core.xml: out of memory");
        return false;
    }
    docx_write_core(&x, pkg, when);
    char *data = NULL;
    gsize len = 0;
    return docx_xml_close(&x, "docProps/core.xml", &data, &len, error) &&
           docx_zip_add(z, "docProps/core.xml", data, len, false, error);
}

static bool docx_add_parts(docx_zip *z, const docx_package *pkg, GDateTime *when,
                           GError **error)
{
    return docx_add_part(z, pkg, "[Content_Types].xml", docx_write_content_types, error) &&
           docx_add_part(z, pkg, "_rels/.rels", docx_write_package_rels, error) &&
           docx_add_part(z, pkg, "word/_rels/document.xml.rels", docx_write_document_rels,
                         error) &&
           docx_add_part(z, pkg, "word/document.xml", docx_write_document, error) &&
           docx_add_part(z, pkg, "word/styles.xml", docx_write_styles, error) &&
           docx_add_part(z, pkg, "word/numbering.xml", docx_write_numbering, error) &&
           docx_add_part(z, pkg, "word/settings.xml", docx_write_settings, error) &&
           docx_add_part(z, pkg, "word/fontTable.xml", docx_write_font_table, error) &&
           docx_add_part(z, pkg, "word/theme/theme1.xml", docx_write_theme, error) &&
           (!pkg->has_footer ||
            docx_add_part(z, pkg, "word/footer1.xml", docx_write_footer, error)) &&
           (!pkg->has_header ||
            docx_add_part(z, pkg, "word/header1.xml", docx_write_header, error)) &&
           docx_add_core(z, pkg, when, error) &&
           docx_add_part(z, pkg, "docProps/app.xml", docx_write_app, error) &&
           docx_add_logo(z, pkg, error);
}

/* ---- entry point ------------------------------------------------------------------------- */

bool write_docx(const doc_document *doc, const house_style *style, const write_options *opt,
                write_sink *sink, GError **error)
{
    g_return_val_if_fail(doc && style && sink, false);
    docx_zip z = {0};
    if (!docx_zip_open(&z, error))
        return false;
    docx_package pkg;
    docx_package_init(&pkg, doc, style);
    GDateTime *when = write_timestamp(doc, opt);
    bool ok = true;
    if (pkg.rid_logo) { /* an SVG logo becomes a picture */
        GError *bad = NULL;
        pkg.logo_png = logo_png(style->logo, style->logo_width, &bad);
        if (!pkg.logo_png) {
            g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED, "%s", bad->message);
            g_error_free(bad);
            ok = false;
        }
    }
    ok = ok && docx_add_parts(&z, &pkg, when, error);
    g_date_time_unref(when);
    docx_package_clear(&pkg);
    return docx_zip_finish(&z, sink, ok, error);
}
