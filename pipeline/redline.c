/*
 * redline.c - papers diff and the redlines of a build (redline.h).
 */
#include "redline.h"
#include "build.h"
#include "doc_diff.h"
#include "xmlload.h"

#include <libxml/parser.h>
#include <string.h>

#define TREE_SUFFIX ".tree.xml"

char *redline_document_name(const char *appendix, const char *title, const char *output)
{
    if (appendix && *appendix && title && *title)
        return g_strdup_printf("Appendix %s \u2013 %s", appendix, title);
    if (appendix && *appendix)
        return g_strdup_printf("Appendix %s", appendix);
    return g_strdup(title && *title ? title : output);
}

/* "2026-12-03T10:02:03Z" -> "3 December 2026"; as given if it is not such a
 * time.  No locale: month names are English, as the papers are. */
static char *day_of(const char *built_at)
{
    static const char *const months[] = {"January", "February", "March", "April",
                                         "May", "June", "July", "August", "September",
                                         "October", "November", "December"};
    int y, m, d;
    if (!built_at || sscanf(built_at, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return g_strdup(built_at ? built_at : "an unknown date");
    return g_strdup_printf("%d %s %d", d, months[m - 1], y);
}

/* The sentence on a redline's first page. */
static char *note_for(const redline_info *info)
{
    char *old_day = day_of(info->old_built_at), *new_day = day_of(info->new_built_at);
    GString *note = g_string_new(NULL);
    g_string_append_printf(note, "Changes to %s: version %d of %s compared with version %d "
                                 "of %s.", info->document, info->new_version, new_day,
                           info->old_version, old_day);
    if (info->reason && *info->reason)
        g_string_append_printf(note, " Reason: %s%s", info->reason,
                               g_str_has_suffix(info->reason, ".") ? "" : ".");
    g_free(old_day);
    g_free(new_day);
    return g_string_free(note, FALSE);
}

doc_document *redline_make(const doc_document *old_doc, const doc_document *new_doc,
                           const redline_info *info, const house_style *style,
                           const doc_measure *measure, GError **error)
{
    doc_document *r = doc_diff(old_doc, new_doc);
    if (!doc_diff_changed(r)) {
        doc_document_free(r);
        return NULL;
    }
    char *note = note_for(info);
    const char *title = doc_document_meta(new_doc, DOC_META_TITLE);
    char *changes_title = g_strdup_printf("%s (changes from version %d to version %d)",
                                          title && *title ? title : info->document,
                                          info->old_version, info->new_version);
    doc_document_set_meta(r, DOC_META_TITLE, changes_title);
    g_free(changes_title);
    doc_document_set_meta(r, DOC_META_CHANGE_AUTHOR, info->author);
    doc_document_set_meta(r, DOC_META_CHANGE_DATE, info->new_built_at);
    doc_document_set_meta(r, DOC_META_CHANGE_NOTE, note);
    g_free(note);
    GError *e = NULL;
    if (!doc_document_prepare(r, style, measure, &e) || !doc_document_check(r, &e)) {
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_OUTPUT,
                    "the redline of %s: %s; please report it with the inputs",
                    info->document, e->message);
        g_error_free(e);
        doc_document_free(r);
        return NULL;
    }
    return r;
}

doc_document *redline_load_tree(const char *archive_dir, const archive_record *record,
                                const char *output, GError **error)
{
    char *name = g_strconcat(output, TREE_SUFFIX, NULL);
    const archive_output *out = archive_record_find_output(record, name);
    doc_document *doc = NULL;
    GBytes *bytes = NULL;
    if (!out)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, archive_dir, 0, "v%d has no %s",
                         record->number, name);
    else
        bytes = archive_read_output(archive_dir, record, out, error);
    if (bytes) {
        char *path = g_strdup_printf("%s/v%d/%s", archive_dir, record->number, name);
        GError *e = NULL;
        gsize len;
        const char *xml = g_bytes_get_data(bytes, &len);
        doc = doc_document_load(xml, len, path, &e);
        if (!doc) {
            g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_INPUT, "%s", e->message);
            g_error_free(e);
        }
        g_free(path);
        g_bytes_unref(bytes);
    }
    g_free(name);
    return doc;
}

/* ---- papers diff ------------------------------------------------------------------ */

/* output -> clerk's name, from the report.xml a version was built from (in
 * the store); empty when it cannot be read, and then outputs name
 * themselves. */
static GHashTable *document_names(const char *archive_dir, const archive_record *r)
{
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    const archive_input *manifest = NULL;
    for (guint i = 0; i < r->inputs->len && !manifest; i++) {
        const archive_input *in = g_ptr_array_index(r->inputs, i);
        if (in->role == DEP_MANIFEST)
            manifest = in;
    }
    char *path = manifest ? archive_store_path(archive_dir, manifest->sha256) : NULL;
    xmlDocPtr doc = path ? xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                       XML_PARSE_NOWARNING)
                         : NULL;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || !g_str_equal((const char *)n->name, "document"))
            continue;
        char *output = xmlload_attr(n, "output"), *title = xmlload_attr(n, "title");
        char *appendix = xmlload_attr(n, "appendix");
        if (output)
            g_hash_table_replace(names, g_strdup(output),
                                 redline_document_name(appendix, title, output));
        xmlFree(output);
        xmlFree(title);
        xmlFree(appendix);
    }
    if (doc)
        xmlFreeDoc(doc);
    g_free(path);
    return names;
}

/* "Appendix B – Leicestershire Community Safety Agreement (appendix-b)"; a
 * full version (appendix-3-EXEMPT) says it is not for publication. */
static char *display_name(GHashTable *names, const char *output)
{
    bool full = g_str_has_suffix(output, BUILD_EXEMPT_SUFFIX);
    char *document = g_strndup(output, strlen(output) - (full ? strlen(BUILD_EXEMPT_SUFFIX) : 0));
    const char *name = g_hash_table_lookup(names, document);
    char *shown = name && !g_str_equal(name, document) ? g_strdup_printf("%s (%s)", name, output)
                                                       : g_strdup(output);
    g_free(document);
    if (!full)
        return shown;
    char *marked = g_strconcat(shown, " – full version, NOT FOR PUBLICATION", NULL);
    g_free(shown);
    return marked;
}

/* The document outputs of a version (by their tree.xml), in build order. */
static GPtrArray *documents_of(const archive_record *r)
{
    GPtrArray *docs = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < r->outputs->len; i++) {
        const archive_output *o = g_ptr_array_index(r->outputs, i);
        if (!o->redline && g_str_has_suffix(o->name, TREE_SUFFIX))
            g_ptr_array_add(docs, g_strndup(o->name, strlen(o->name) - strlen(TREE_SUFFIX)));
    }
    return docs;
}

static const archive_output *tree_of(const archive_record *r, const char *output)
{
    char *name = g_strconcat(output, TREE_SUFFIX, NULL);
    const archive_output *o = archive_record_find_output(r, name);
    g_free(name);
    return o;
}

static void print_versions(FILE *out, const char *dir, const archive_record *a,
                           const archive_record *b)
{
    char *da = day_of(a->built_at), *db = day_of(b->built_at);
    fprintf(out, "%s: v%d (%s) to v%d (%s, by %s%s%s)\n", dir, a->number, da, b->number, db,
            b->author, b->reason ? ": " : "", b->reason ? b->reason : "");
    g_free(da);
    g_free(db);
}

/* One changed document: its entries, or that only its look changed. */
static bool print_document(FILE *out, const char *dir, const archive_record *a,
                           const archive_record *b, const char *output, const char *name,
                           GError **error)
{
    doc_document *old_doc = redline_load_tree(dir, a, output, error);
    doc_document *new_doc = old_doc ? redline_load_tree(dir, b, output, error) : NULL;
    if (!new_doc) {
        doc_document_free(old_doc);
        return false;
    }
    doc_document *r = doc_diff(old_doc, new_doc);
    GString *entries = g_string_new(NULL);
    int n = doc_diff_describe(r, "  ", entries);
    if (n)
        fprintf(out, "\n%s: %d change%s\n%s", name, n, n == 1 ? "" : "s", entries->str);
    else
        fprintf(out, "\n%s: the same words (only how it is laid out changed)\n", name);
    g_string_free(entries, TRUE);
    doc_document_free(r);
    doc_document_free(old_doc);
    doc_document_free(new_doc);
    return true;
}

static void print_list(FILE *out, const char *what, GPtrArray *names)
{
    if (!names->len)
        return;
    fprintf(out, "%s: ", what);
    for (guint i = 0; i < names->len; i++)
        fprintf(out, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index(names, i));
    fputc('\n', out);
}

bool redline_diff_versions(const char *dir, const char *from, const char *to,
                           const char *schema_path, FILE *out, GError **error)
{
    int va = archive_parse_version(dir, from), vb = archive_parse_version(dir, to);
    const char *bad = !va ? from : !vb ? to : NULL;
    if (bad) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0,
                         "'%s' is not a version (write v1, v2, ... or latest)", bad);
        return false;
    }
    archive_record *a = archive_load_version(dir, va, schema_path, error);
    archive_record *b = a ? archive_load_version(dir, vb, schema_path, error) : NULL;
    if (!b) {
        archive_record_free(a);
        return false;
    }
    print_versions(out, dir, a, b);
    GHashTable *names = document_names(dir, b), *old_names = document_names(dir, a);
    GPtrArray *docs = documents_of(b), *old_docs = documents_of(a);
    GPtrArray *same = g_ptr_array_new(), *added = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);
    bool ok = true;
    for (guint i = 0; i < docs->len && ok; i++) {
        const char *output = g_ptr_array_index(docs, i);
        const archive_output *was = tree_of(a, output), *is = tree_of(b, output);
        char *name = display_name(names, output);
        if (!was)
            g_ptr_array_add(added, g_strdup(name));
        else if (g_str_equal(was->sha256, is->sha256))
            g_ptr_array_add(same, (gpointer)output);
        else
            ok = print_document(out, dir, a, b, output, name, error);
        g_free(name);
    }
    for (guint i = 0; i < old_docs->len; i++) {
        const char *output = g_ptr_array_index(old_docs, i);
        if (!tree_of(b, output))
            g_ptr_array_add(removed, display_name(old_names, output));
    }
    if (ok) {
        if (same->len || added->len || removed->len)
            fputc('\n', out);
        print_list(out, "added", added);
        print_list(out, "removed", removed);
        print_list(out, "unchanged", same);
    }
    g_ptr_array_free(same, TRUE);
    g_ptr_array_free(added, TRUE);
    g_ptr_array_free(removed, TRUE);
    g_ptr_array_free(docs, TRUE);
    g_ptr_array_free(old_docs, TRUE);
    g_hash_table_destroy(names);
    g_hash_table_destroy(old_names);
    archive_record_free(a);
    archive_record_free(b);
    return ok;
}
