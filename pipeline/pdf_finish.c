/*
 * pdf_finish.c - cairo's tagged PDF made PDF/UA-1 and PDF/A-2a (see
 * pdf_finish.h).
 *
 * The steps, each on qpdf objects: pages (artifacts, tab order, link
 * flags), the structure tree (table header scope, role map, link
 * descriptions), the outline (counts), the catalog (language, metadata,
 * output intent, viewer preferences, marked), the document information;
 * then qpdf writes the file.  Every qpdf call that can fail is checked
 * through pdf_fin_ok, which turns qpdf's error into the GError.
 *
 * qpdf object handles are not released one by one: qpdf_cleanup releases
 * them all, and one document makes a few thousand.
 */
#include "pdf_finish.h"

#include "pdf_content.h"

#include <qpdf/qpdf-c.h>
#include <string.h>

/* Nesting deeper than this in the structure tree or the outline is taken
 * for a loop in a damaged file: cairo nests no deeper than the document
 * tree does, a few dozen levels at most. */
#define PDF_FINISH_MAX_DEPTH 256
/* More outline items than this: a loop of /Next links (a paper has one
 * item per heading). */
#define PDF_FINISH_MAX_OUTLINE_ITEMS 100000
/* The ICC header (ICC.1:2001-04, 6.1) is 128 bytes. */
#define PDF_ICC_HEADER_SIZE 128

typedef struct {
    qpdf_data q;
    const pdf_finish_info *info;
    GError **error;
    bool failed;          /* error is set */
    GHashTable *described; /* object ids of link annotations given /Contents */
    GHashTable *nonstandard; /* structure types outside PDF 1.7 (name -> name) */
    int links_seen;        /* Link structure elements met so far */
    int figures;           /* Figure structure elements met so far */
} pdf_fin;

/* ---- errors -------------------------------------------------------------- */

static bool pdf_fin_fail(pdf_fin *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static bool pdf_fin_fail(pdf_fin *f, const char *fmt, ...)
{
    if (f->failed)
        return false;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(f->error, WRITE_ERROR, WRITE_ERROR_FAILED, "cannot finish the PDF: %s", msg);
    g_free(msg);
    f->failed = true;
    return false;
}

/* True unless qpdf has an error or a warning pending (a warning means the
 * file is not what cairo writes, and checkers reject files qpdf warns
 * about).  Either becomes the GError. */
static bool pdf_fin_ok(pdf_fin *f, const char *doing)
{
    if (f->failed)
        return false;
    qpdf_error e = NULL;
    if (qpdf_has_error(f->q))
        e = qpdf_get_error(f->q);
    else if (qpdf_more_warnings(f->q))
        e = qpdf_next_warning(f->q);
    if (!e)
        return true;
    return pdf_fin_fail(f, "%s: qpdf: %s", doing, qpdf_get_error_full_text(f->q, e));
}

/* ---- small object helpers ------------------------------------------------ */

static qpdf_oh pdf_key(pdf_fin *f, qpdf_oh dict, const char *key)
{
    return qpdf_oh_get_key(f->q, dict, key);
}

static bool pdf_has(pdf_fin *f, qpdf_oh dict, const char *key)
{
    return qpdf_oh_has_key(f->q, dict, key);
}

static void pdf_set(pdf_fin *f, qpdf_oh dict, const char *key, qpdf_oh value)
{
    qpdf_oh_replace_key(f->q, dict, key, value);
}

static void pdf_set_parsed(pdf_fin *f, qpdf_oh dict, const char *key, const char *value)
{
    pdf_set(f, dict, key, qpdf_oh_parse(f->q, value));
}

/* A text string: PDFDocEncoding when it fits, else UTF-16BE. */
static void pdf_set_text(pdf_fin *f, qpdf_oh dict, const char *key, const char *utf8)
{
    pdf_set(f, dict, key, qpdf_oh_new_unicode_string(f->q, utf8));
}

/* Is dict's key the name (slash included)? */
static bool pdf_name_is(pdf_fin *f, qpdf_oh dict, const char *key, const char *name)
{
    return qpdf_oh_is_name_and_equals(f->q, pdf_key(f, dict, key), name);
}

/* dict's key as a name without its slash, or "" (caller frees): a copy,
 * as qpdf reuses the memory of the strings it returns. */
static char *pdf_name_dup(pdf_fin *f, qpdf_oh dict, const char *key)
{
    qpdf_oh v = pdf_key(f, dict, key);
    return g_strdup(qpdf_oh_is_name(f->q, v) ? qpdf_oh_get_name(f->q, v) + 1 : "");
}

/* How many items v holds: an array's items, else v alone, or none for
 * null (the /K and /Annots convention); pdf_item gets them. */
static int pdf_items(pdf_fin *f, qpdf_oh v)
{
    if (qpdf_oh_is_array(f->q, v))
        return qpdf_oh_get_array_n_items(f->q, v);
    return qpdf_oh_is_null(f->q, v) ? 0 : 1;
}

static qpdf_oh pdf_item(pdf_fin *f, qpdf_oh v, int i)
{
    return qpdf_oh_is_array(f->q, v) ? qpdf_oh_get_array_item(f->q, v, i) : v;
}

/* ---- pages ----------------------------------------------------------------*/

/* Mark what cairo drew outside the structure as artifacts. */
static bool pdf_fin_page_content(pdf_fin *f, qpdf_oh page, size_t number)
{
    unsigned char *data = NULL;
    size_t len = 0;
    qpdf_oh_get_page_content_data(f->q, page, &data, &len);
    if (!pdf_fin_ok(f, "reading a page's content"))
        return false;
    int wrapped = 0;
    GError *local = NULL;
    GByteArray *marked = pdf_content_mark_artifacts(data, len, &wrapped, &local);
    free(data);
    if (!marked) {
        pdf_fin_fail(f, "page %zu: %s", number + 1, local->message);
        g_error_free(local);
        return false;
    }
    if (wrapped > 0) {
        /* cairo writes one content stream a page: its data is replaced
         * (qpdf deflates it again), as making a new object costs qpdf a
         * look at every object.  Content in several streams becomes one. */
        qpdf_oh contents = pdf_key(f, page, "/Contents");
        qpdf_oh stream = qpdf_oh_is_stream(f->q, contents) ? contents : qpdf_oh_new_stream(f->q);
        qpdf_oh_replace_stream_data(f->q, stream, marked->data, marked->len,
                                    qpdf_oh_new_null(f->q), qpdf_oh_new_null(f->q));
        pdf_set(f, page, "/Contents", stream);
    }
    g_byte_array_free(marked, TRUE);
    return pdf_fin_ok(f, "replacing a page's content");
}

/* PDF/UA: pages with annotations take them in structure order; PDF/A:
 * annotations print.  Every link must have been described through the
 * structure tree (pdf_fin_structure runs first). */
static bool pdf_fin_page_annots(pdf_fin *f, qpdf_oh page, size_t number)
{
    qpdf_oh annots = pdf_key(f, page, "/Annots");
    int n = pdf_items(f, annots);
    if (n == 0)
        return true;
    pdf_set_parsed(f, page, "/Tabs", "/S");
    for (int i = 0; i < n; i++) {
        qpdf_oh a = pdf_item(f, annots, i);
        pdf_set_parsed(f, a, "/F", "4");
        if (!pdf_name_is(f, a, "/Subtype", "/Link"))
            continue;
        int id = qpdf_oh_get_object_id(f->q, a);
        if (!g_hash_table_contains(f->described, GINT_TO_POINTER(id)))
            return pdf_fin_fail(f, "page %zu: a link annotation (object %d) is not in the "
                                "structure tree",
                                number + 1, id);
    }
    return pdf_fin_ok(f, "flagging annotations");
}

static bool pdf_fin_pages(pdf_fin *f)
{
    int n = qpdf_get_num_pages(f->q);
    if (!pdf_fin_ok(f, "reading the pages"))
        return false;
    for (int i = 0; i < n; i++) {
        qpdf_oh page = qpdf_get_page_n(f->q, (size_t)i);
        if (!pdf_fin_page_content(f, page, (size_t)i) || !pdf_fin_page_annots(f, page, (size_t)i))
            return false;
    }
    return true;
}

/* ---- images: the logos' pixels in place of their placeholders ------------- */

static qpdf_oh pdf_int(pdf_fin *f, int value)
{
    return qpdf_oh_new_integer(f->q, value);
}

/* Which image a placeholder stands for (pdf_finish_info.images), or -1
 * for any other image. */
static int pdf_placeholder_index(pdf_fin *f, qpdf_oh image)
{
    qpdf_oh dict = qpdf_oh_get_dict(f->q, image);
    if (!pdf_name_is(f, dict, "/Subtype", "/Image") ||
        qpdf_oh_get_int_value_as_int(f->q, pdf_key(f, dict, "/Width")) != 1)
        return -1;
    int height = qpdf_oh_get_int_value_as_int(f->q, pdf_key(f, dict, "/Height"));
    return height >= 1 && height <= f->info->n_images ? height - 1 : -1;
}

/* A deflated 8-bit image stream of w x h pixels in colour_space. */
static void pdf_put_samples(pdf_fin *f, qpdf_oh image, GBytes *samples, int w, int h,
                            const char *colour_space)
{
    gsize len = 0;
    const unsigned char *data = g_bytes_get_data(samples, &len);
    qpdf_oh_replace_stream_data(f->q, image, data, len, qpdf_oh_new_name(f->q, "/FlateDecode"),
                                qpdf_oh_new_null(f->q));
    qpdf_oh dict = qpdf_oh_get_dict(f->q, image);
    pdf_set_parsed(f, dict, "/Type", "/XObject");
    pdf_set_parsed(f, dict, "/Subtype", "/Image");
    pdf_set(f, dict, "/Width", pdf_int(f, w));
    pdf_set(f, dict, "/Height", pdf_int(f, h));
    pdf_set(f, dict, "/BitsPerComponent", pdf_int(f, 8));
    pdf_set_parsed(f, dict, "/ColorSpace", colour_space);
}

/* No new objects: qpdf 11 checks every object for each one made, which
 * cost more than the rest of finishing. */
static bool pdf_put_image(pdf_fin *f, qpdf_oh image, const logo_pixels *px)
{
    pdf_put_samples(f, image, px->colour, px->width, px->height, "/DeviceRGB");
    qpdf_oh mask = pdf_key(f, qpdf_oh_get_dict(f->q, image), "/SMask");
    if (px->alpha && !qpdf_oh_is_stream(f->q, mask))
        return pdf_fin_fail(f, "the logo's placeholder (object %d) has no soft mask",
                            qpdf_oh_get_object_id(f->q, image));
    if (px->alpha)
        pdf_put_samples(f, mask, px->alpha, px->width, px->height, "/DeviceGray");
    return true;
}

/* Every page's images: each placeholder (an object perhaps on several
 * pages) gets its pixels once. */
static bool pdf_fin_images(pdf_fin *f)
{
    if (f->info->n_images == 0)
        return true;
    GHashTable *done = g_hash_table_new(g_direct_hash, g_direct_equal);
    int n = qpdf_get_num_pages(f->q);
    for (int p = 0; p < n && !f->failed; p++) {
        qpdf_oh page = qpdf_get_page_n(f->q, (size_t)p);
        qpdf_oh objects = pdf_key(f, pdf_key(f, page, "/Resources"), "/XObject");
        if (!qpdf_oh_is_dictionary(f->q, objects))
            continue;
        GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
        qpdf_oh_begin_dict_key_iter(f->q, objects);
        while (qpdf_oh_dict_more_keys(f->q))
            g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(f->q)));
        for (guint k = 0; k < keys->len; k++) {
            qpdf_oh image = pdf_key(f, objects, g_ptr_array_index(keys, k));
            int id = qpdf_oh_get_object_id(f->q, image);
            if (!qpdf_oh_is_stream(f->q, image) ||
                g_hash_table_contains(done, GINT_TO_POINTER(id)))
                continue;
            g_hash_table_add(done, GINT_TO_POINTER(id));
            int index = pdf_placeholder_index(f, image);
            if (index >= 0 && !pdf_put_image(f, image, f->info->images[index]))
                break;
        }
        g_ptr_array_free(keys, TRUE);
        pdf_fin_ok(f, "putting the logo in place");
    }
    g_hash_table_destroy(done);
    return !f->failed;
}

/* ---- the structure tree -------------------------------------------------- */

/* The standard structure types of ISO 32000-1, 14.8.4 (tables 333-340). */
static const char *const pdf_standard_types[] = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI",
    "Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L",
    "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span",
    "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT",
    "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form", NULL,
};

static bool pdf_is_standard_type(const char *type)
{
    for (const char *const *t = pdf_standard_types; *t; t++)
        if (strcmp(*t, type) == 0)
            return true;
    return false;
}

/* text on one line with single spaces (a screen reader reads it aloud);
 * NULL when it has no words. */
static char *pdf_one_line(const char *text)
{
    char **words = g_strsplit_set(text, " \t\n\r\f", -1);
    GString *line = g_string_new(NULL);
    for (char **w = words; *w; w++)
        if (**w)
            g_string_append_printf(line, "%s%s", line->len ? " " : "", *w);
    g_strfreev(words);
    if (line->len)
        return g_string_free(line, FALSE);
    g_string_free(line, TRUE);
    return NULL;
}

/* What a link says: its text from the writer, else its URI. */
static char *pdf_link_description(pdf_fin *f, qpdf_oh annot, const char *text)
{
    char *line = text ? pdf_one_line(text) : NULL;
    if (line)
        return line;
    qpdf_oh uri = pdf_key(f, pdf_key(f, annot, "/A"), "/URI");
    if (qpdf_oh_is_string(f->q, uri))
        return g_strdup(qpdf_oh_get_utf8_value(f->q, uri));
    return g_strdup("link");
}

/* An object reference kid: the annotation of a Link gets its /Contents. */
static void pdf_fin_objr(pdf_fin *f, qpdf_oh objr, bool in_link, const char *text)
{
    qpdf_oh annot = pdf_key(f, objr, "/Obj");
    if (!in_link || !pdf_name_is(f, annot, "/Subtype", "/Link"))
        return;
    char *description = pdf_link_description(f, annot, text);
    pdf_set_text(f, annot, "/Contents", description);
    g_free(description);
    g_hash_table_add(f->described, GINT_TO_POINTER(qpdf_oh_get_object_id(f->q, annot)));
}

static bool pdf_fin_element(pdf_fin *f, qpdf_oh elem, int depth);

static bool pdf_fin_kids(pdf_fin *f, qpdf_oh kids, int depth, bool in_link, const char *text)
{
    int n = pdf_items(f, kids);
    for (int i = 0; i < n && !f->failed; i++) {
        qpdf_oh kid = pdf_item(f, kids, i);
        if (!qpdf_oh_is_dictionary(f->q, kid))
            continue; /* an MCID */
        if (pdf_name_is(f, kid, "/Type", "/OBJR"))
            pdf_fin_objr(f, kid, in_link, text);
        else if (!pdf_name_is(f, kid, "/Type", "/MCR") && pdf_has(f, kid, "/S"))
            pdf_fin_element(f, kid, depth + 1);
    }
    return !f->failed;
}

/* One structure element and its subtree, in document order. */
static bool pdf_fin_element(pdf_fin *f, qpdf_oh elem, int depth)
{
    if (depth > PDF_FINISH_MAX_DEPTH)
        return pdf_fin_fail(f, "the structure tree nests deeper than %d levels",
                            PDF_FINISH_MAX_DEPTH);
    char *type = pdf_name_dup(f, elem, "/S");
    bool is_link = strcmp(type, "Link") == 0;
    /* Header rows are column headers: the layout has no row headers. */
    if (strcmp(type, "TH") == 0 && !pdf_has(f, elem, "/A"))
        pdf_set_parsed(f, elem, "/A", "<< /O /Table /Scope /Column >>");
    /* cairo 1.16 has no way to give a Figure its /Alt. */
    if (strcmp(type, "Figure") == 0) {
        int k = f->figures++;
        const char *alt = k < f->info->n_figure_alts ? f->info->figure_alts[k] : NULL;
        if (!alt || !*alt) {
            g_free(type);
            return pdf_fin_fail(f, "a Figure has no text alternative");
        }
        pdf_set_text(f, elem, "/Alt", alt);
    }
    if (!pdf_is_standard_type(type))
        g_hash_table_add(f->nonstandard, type); /* takes it */
    else
        g_free(type);
    const char *text = NULL;
    if (is_link && f->info->link_texts) {
        if (f->links_seen >= f->info->n_link_texts)
            return pdf_fin_fail(f, "the PDF has more Link elements than the writer drew (%d)",
                                f->info->n_link_texts);
        text = f->info->link_texts[f->links_seen];
    }
    if (is_link)
        f->links_seen++;
    return pdf_fin_kids(f, pdf_key(f, elem, "/K"), depth, is_link, text);
}

/* Types outside PDF 1.7 are role-mapped to NonStruct: a grouping element
 * that says nothing, where a guess could say something wrong.  (cairo
 * 1.16 accepts only standard names, so this stays empty today.) */
static void pdf_fin_role_map(pdf_fin *f, qpdf_oh tree)
{
    if (g_hash_table_size(f->nonstandard) == 0)
        return;
    qpdf_oh map = pdf_key(f, tree, "/RoleMap");
    if (!qpdf_oh_is_dictionary(f->q, map)) {
        map = qpdf_oh_new_dictionary(f->q);
        pdf_set(f, tree, "/RoleMap", map);
    }
    GList *types = g_list_sort(g_hash_table_get_keys(f->nonstandard), (GCompareFunc)strcmp);
    for (GList *t = types; t; t = t->next) {
        char *key = g_strconcat("/", (const char *)t->data, NULL);
        if (!pdf_has(f, map, key))
            pdf_set_parsed(f, map, key, "/NonStruct");
        g_free(key);
    }
    g_list_free(types);
}

static bool pdf_fin_structure(pdf_fin *f, qpdf_oh root)
{
    qpdf_oh tree = pdf_key(f, root, "/StructTreeRoot");
    if (!qpdf_oh_is_dictionary(f->q, tree))
        return pdf_fin_fail(f, "the document is empty: there is no structure tree to tag");
    if (!pdf_fin_kids(f, pdf_key(f, tree, "/K"), 0, false, NULL))
        return false;
    if (f->info->link_texts && f->links_seen != f->info->n_link_texts)
        return pdf_fin_fail(f, "the writer drew %d links but the PDF has %d Link elements",
                            f->info->n_link_texts, f->links_seen);
    pdf_fin_role_map(f, tree);
    return pdf_fin_ok(f, "editing the structure tree");
}

/* ---- the outline --------------------------------------------------------- */

/* Items shown below item when it is open; sets each item's /Count: that
 * number, negative for a closed item (cairo writes a negative count on
 * the outline dictionary itself, which must not have one). */
static int pdf_fin_outline_items(pdf_fin *f, qpdf_oh item, int depth, int *budget)
{
    if (depth > PDF_FINISH_MAX_DEPTH || *budget <= 0) {
        pdf_fin_fail(f, "the outline loops or nests deeper than %d levels",
                     PDF_FINISH_MAX_DEPTH);
        return 0;
    }
    int shown = 0;
    for (qpdf_oh kid = pdf_key(f, item, "/First"); qpdf_oh_is_dictionary(f->q, kid) && !f->failed;
         kid = pdf_key(f, kid, "/Next")) {
        --*budget;
        qpdf_oh count = pdf_key(f, kid, "/Count");
        bool open = !qpdf_oh_is_integer(f->q, count) || qpdf_oh_get_int_value(f->q, count) >= 0;
        int below = pdf_fin_outline_items(f, kid, depth + 1, budget);
        if (below > 0)
            pdf_set(f, kid, "/Count", qpdf_oh_new_integer(f->q, open ? below : -below));
        shown += 1 + (open ? below : 0);
    }
    return shown;
}

static bool pdf_fin_outline(pdf_fin *f, qpdf_oh root)
{
    qpdf_oh outlines = pdf_key(f, root, "/Outlines");
    if (!qpdf_oh_is_dictionary(f->q, outlines))
        return true;
    int budget = PDF_FINISH_MAX_OUTLINE_ITEMS;
    int shown = pdf_fin_outline_items(f, outlines, 0, &budget);
    if (shown > 0)
        pdf_set(f, outlines, "/Count", qpdf_oh_new_integer(f->q, shown));
    else
        qpdf_oh_remove_key(f->q, outlines, "/Count");
    return pdf_fin_ok(f, "counting the outline");
}

/* ---- metadata ------------------------------------------------------------ */

static char *pdf_date(GDateTime *when, const char *format)
{
    GDateTime *utc = g_date_time_to_utc(when);
    char *s = g_date_time_format(utc, format);
    g_date_time_unref(utc);
    return s;
}

static void pdf_xmp_text(GString *x, const char *element, const char *value)
{
    char *v = g_markup_escape_text(value, -1);
    g_string_append_printf(x, "   <%s>%s</%s>\n", element, v, element);
    g_free(v);
}

/* element holding one rdf:li in an rdf:Alt (lang "x-default"), Seq or Bag */
static void pdf_xmp_list(GString *x, const char *element, const char *kind, const char *value)
{
    char *v = g_markup_escape_text(value, -1);
    const char *lang = strcmp(kind, "Alt") == 0 ? " xml:lang=\"x-default\"" : "";
    g_string_append_printf(x,
                           "   <%s><rdf:%s><rdf:li%s>%s</rdf:li></rdf:%s></%s>\n",
                           element, kind, lang, v, kind, element);
    g_free(v);
}

/* PDF/A-2 allows only predefined XMP schemas unless the file describes
 * the others: pdfuaid is not predefined. */
static const char pdf_xmp_pdfua_extension[] =
    "   <pdfaExtension:schemas>\n"
    "    <rdf:Bag>\n"
    "     <rdf:li rdf:parseType=\"Resource\">\n"
    "      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "      <pdfaSchema:property>\n"
    "       <rdf:Seq>\n"
    "        <rdf:li rdf:parseType=\"Resource\">\n"
    "         <pdfaProperty:name>part</pdfaProperty:name>\n"
    "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "         <pdfaProperty:category>internal</pdfaProperty:category>\n"
    "         <pdfaProperty:description>Part of ISO 14289 the file conforms to"
    "</pdfaProperty:description>\n"
    "        </rdf:li>\n"
    "       </rdf:Seq>\n"
    "      </pdfaSchema:property>\n"
    "     </rdf:li>\n"
    "    </rdf:Bag>\n"
    "   </pdfaExtension:schemas>\n";

/* The XMP packet: the same facts as the document information dictionary
 * (PDF/A-2, 6.6.2.3), plus the conformance claims. */
static char *pdf_xmp(const pdf_finish_info *info, const char *language, const char *producer)
{
    GString *x = g_string_new("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                              "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                              " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                              "  <rdf:Description rdf:about=\"\"\n"
                              "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                              "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                              "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                              "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                              "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
                              "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                              "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                              "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n");
    pdf_xmp_text(x, "dc:format", "application/pdf");
    pdf_xmp_list(x, "dc:title", "Alt", info->title);
    if (info->author)
        pdf_xmp_list(x, "dc:creator", "Seq", info->author);
    if (info->subject)
        pdf_xmp_list(x, "dc:description", "Alt", info->subject);
    pdf_xmp_list(x, "dc:language", "Bag", language);
    char *date = pdf_date(info->timestamp, "%Y-%m-%dT%H:%M:%S+00:00");
    pdf_xmp_text(x, "xmp:CreateDate", date);
    pdf_xmp_text(x, "xmp:ModifyDate", date);
    pdf_xmp_text(x, "xmp:MetadataDate", date);
    g_free(date);
    pdf_xmp_text(x, "xmp:CreatorTool", info->creator_tool);
    pdf_xmp_text(x, "pdf:Producer", producer);
    if (info->keywords)
        pdf_xmp_text(x, "pdf:Keywords", info->keywords);
    pdf_xmp_text(x, "pdfaid:part", "2");
    pdf_xmp_text(x, "pdfaid:conformance", "A");
    pdf_xmp_text(x, "pdfuaid:part", "1");
    g_string_append(x, pdf_xmp_pdfua_extension);
    g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                       "<?xpacket end=\"w\"?>\n");
    return g_string_free(x, FALSE);
}

/* The metadata stream: never compressed, so that any tool can read it
 * (PDF/A-2, 6.6.2.1 forbids a Filter on it). */
static qpdf_oh pdf_fin_metadata_stream(pdf_fin *f, const char *xmp)
{
    qpdf_oh stream = qpdf_oh_new_stream(f->q);
    qpdf_oh_replace_stream_data(f->q, stream, (const unsigned char *)xmp, strlen(xmp),
                                qpdf_oh_new_null(f->q), qpdf_oh_new_null(f->q));
    qpdf_oh dict = qpdf_oh_get_dict(f->q, stream);
    pdf_set_parsed(f, dict, "/Type", "/Metadata");
    pdf_set_parsed(f, dict, "/Subtype", "/XML");
    return stream;
}

/* The document information dictionary, rebuilt: cairo's has its own
 * Producer and a date form without "D:". */
static void pdf_fin_info(pdf_fin *f, const char *producer)
{
    const pdf_finish_info *info = f->info;
    qpdf_oh dict = qpdf_make_indirect_object(f->q, qpdf_oh_new_dictionary(f->q));
    pdf_set_text(f, dict, "/Title", info->title);
    if (info->author)
        pdf_set_text(f, dict, "/Author", info->author);
    if (info->subject)
        pdf_set_text(f, dict, "/Subject", info->subject);
    if (info->keywords)
        pdf_set_text(f, dict, "/Keywords", info->keywords);
    pdf_set_text(f, dict, "/Creator", info->creator_tool);
    pdf_set_text(f, dict, "/Producer", producer);
    char *date = pdf_date(info->timestamp, "D:%Y%m%d%H%M%S+00'00'");
    pdf_set(f, dict, "/CreationDate", qpdf_oh_new_string(f->q, date));
    pdf_set(f, dict, "/ModDate", qpdf_oh_new_string(f->q, date));
    g_free(date);
    pdf_set(f, qpdf_get_trailer(f->q), "/Info", dict);
}

/* ---- the output intent --------------------------------------------------- */

/* The profile file, checked to be one PDF/A takes for an RGB output
 * intent (ISO 19005-2, 6.2.3): an ICC profile (signature "acsp") of
 * version 4 or lower, colour space RGB, device class display, printer,
 * scanner or colour space. */
static GBytes *pdf_read_profile(const char *path, GError **error)
{
    char *data = NULL;
    gsize len = 0;
    GError *local = NULL;
    if (!g_file_get_contents(path, &data, &len, &local)) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED,
                    "cannot read the sRGB colour profile the PDF needs (%s); install the "
                    "Debian package " PDF_FINISH_SRGB_PACKAGE,
                    local->message);
        g_error_free(local);
        return NULL;
    }
    const unsigned char *h = (const unsigned char *)data;
    guint32 declared = len >= 4 ? (guint32)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3] : 0;
    bool ok = len >= PDF_ICC_HEADER_SIZE && declared == len && memcmp(h + 36, "acsp", 4) == 0 &&
              memcmp(h + 16, "RGB ", 4) == 0 && h[8] <= 4 &&
              (memcmp(h + 12, "mntr", 4) == 0 || memcmp(h + 12, "prtr", 4) == 0 ||
               memcmp(h + 12, "scnr", 4) == 0 || memcmp(h + 12, "spac", 4) == 0);
    if (!ok) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED,
                    "%s is not an RGB ICC profile of version 4 or lower, as PDF/A needs; "
                    "reinstall the Debian package " PDF_FINISH_SRGB_PACKAGE,
                    path);
        g_free(data);
        return NULL;
    }
    return g_bytes_new_take(data, len);
}

static qpdf_oh pdf_fin_output_intents(pdf_fin *f, GBytes *profile)
{
    qpdf_oh icc = qpdf_oh_new_stream(f->q);
    gsize len = 0;
    const unsigned char *data = g_bytes_get_data(profile, &len);
    qpdf_oh_replace_stream_data(f->q, icc, data, len, qpdf_oh_new_null(f->q),
                                qpdf_oh_new_null(f->q));
    pdf_set_parsed(f, qpdf_oh_get_dict(f->q, icc), "/N", "3");
    qpdf_oh intent = qpdf_oh_parse(f->q, "<< /Type /OutputIntent /S /GTS_PDFA1"
                                         " /OutputConditionIdentifier (sRGB IEC61966-2.1)"
                                         " /Info (sRGB IEC61966-2.1)"
                                         " /RegistryName (http://www.color.org) >>");
    pdf_set(f, intent, "/DestOutputProfile", icc);
    return qpdf_oh_wrap_in_array(f->q, qpdf_make_indirect_object(f->q, intent));
}

/* ---- the catalog --------------------------------------------------------- */

/* A BCP 47 tag in the shape RFC 5646 gives: a 2-8 letter language, then
 * subtags of 1-8 letters or digits. */
static bool pdf_is_language_tag(const char *tag)
{
    return g_regex_match_simple("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", tag, 0, 0);
}

static bool pdf_fin_catalog(pdf_fin *f, qpdf_oh root, const char *language,
                            const char *producer, GBytes *profile)
{
    pdf_set_text(f, root, "/Lang", language);
    qpdf_oh prefs = pdf_key(f, root, "/ViewerPreferences");
    if (!qpdf_oh_is_dictionary(f->q, prefs)) {
        prefs = qpdf_oh_new_dictionary(f->q);
        pdf_set(f, root, "/ViewerPreferences", prefs);
    }
    pdf_set_parsed(f, prefs, "/DisplayDocTitle", "true");
    pdf_set_parsed(f, root, "/MarkInfo", "<< /Marked true >>");
    char *xmp = pdf_xmp(f->info, language, producer);
    pdf_set(f, root, "/Metadata", pdf_fin_metadata_stream(f, xmp));
    g_free(xmp);
    pdf_set(f, root, "/OutputIntents", pdf_fin_output_intents(f, profile));
    if (f->info->first_page_label > 0) {
        /* cairo 1.16 writes its page labels empty: one decimal range here */
        char *labels = g_strdup_printf("<< /Nums [ 0 << /S /D /St %d >> ] >>",
                                       f->info->first_page_label);
        pdf_set_parsed(f, root, "/PageLabels", labels);
        g_free(labels);
    }
    return pdf_fin_ok(f, "editing the catalog");
}

/* ---- writing ------------------------------------------------------------- */

static bool pdf_fin_write(pdf_fin *f, write_sink *sink)
{
    qpdf_init_write_memory(f->q);
    if (!pdf_fin_ok(f, "starting to write"))
        return false;
    qpdf_set_deterministic_ID(f->q, QPDF_TRUE);
    /* PDF/A-2 6.1.7.1: an end-of-line before every endstream. */
    qpdf_set_newline_before_endstream(f->q, QPDF_TRUE);
    qpdf_set_compress_streams(f->q, QPDF_TRUE);
    qpdf_set_object_stream_mode(f->q, qpdf_o_generate);
    /* The structure types and role map are those of PDF 1.7, which
     * PDF/UA-1 and PDF/A-2 are built on. */
    qpdf_set_minimum_pdf_version(f->q, "1.7");
    qpdf_write(f->q);
    if (!pdf_fin_ok(f, "writing"))
        return false;
    size_t len = qpdf_get_buffer_length(f->q);
    write_sink_put(sink, qpdf_get_buffer(f->q), len);
    return !write_sink_failed(sink, "the PDF", f->error);
}

bool pdf_finish(const GByteArray *cairo_pdf, const pdf_finish_info *info, write_sink *sink,
                GError **error)
{
    const char *language = info->language ? info->language : PDF_FINISH_DEFAULT_LANGUAGE;
    g_return_val_if_fail(info->timestamp && info->creator_tool && info->producer, false);
    if (!info->title || !*info->title) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED,
                    "the PDF needs a title (PDF/UA): give the document a title");
        return false;
    }
    if (!pdf_is_language_tag(language)) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED,
                    "the document language \"%s\" is not a BCP 47 tag such as en-GB", language);
        return false;
    }
    GBytes *profile =
        pdf_read_profile(info->icc_profile ? info->icc_profile : PDF_FINISH_SRGB_PROFILE, error);
    if (!profile)
        return false;
    pdf_fin f = {.q = qpdf_init(), .info = info, .error = error};
    f.described = g_hash_table_new(g_direct_hash, g_direct_equal);
    f.nonstandard = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    qpdf_silence_errors(f.q);
    qpdf_set_suppress_warnings(f.q, QPDF_TRUE);
    char *producer = g_strdup_printf("%s; qpdf %s", info->producer, qpdf_get_qpdf_version());
    qpdf_read_memory(f.q, "the PDF cairo wrote", (const char *)cairo_pdf->data, cairo_pdf->len,
                     NULL);
    bool ok = pdf_fin_ok(&f, "reading");
    if (ok) {
        qpdf_oh root = qpdf_get_root(f.q);
        ok = pdf_fin_images(&f) && pdf_fin_structure(&f, root) && pdf_fin_pages(&f) &&
             pdf_fin_outline(&f, root) &&
             pdf_fin_catalog(&f, root, language, producer, profile);
    }
    if (ok) {
        pdf_fin_info(&f, producer);
        ok = pdf_fin_ok(&f, "writing the document information") && pdf_fin_write(&f, sink);
    }
    g_free(producer);
    g_hash_table_destroy(f.described);
    g_hash_table_destroy(f.nonstandard);
    g_bytes_unref(profile);
    qpdf_cleanup(&f.q);
    return ok;
}
