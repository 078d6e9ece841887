/*
 * inputs.c - load and validate a report's input folder (see inputs.h).
 */
#include "inputs.h"
#include "xmlload.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void document_free(gpointer p)
{
    inputs_document *d = p;
    g_free(d->output);
    g_free(d->template_file);
    g_free(d->title);
    g_free(d->appendix);
    g_ptr_array_free(d->data, TRUE);
    build_deps_free(d->read);
    g_free(d);
}

void inputs_free(inputs_report *r)
{
    if (!r)
        return;
    g_free(r->dir);
    g_free(r->name);
    g_free(r->manifest_path);
    xmlFreeDoc(r->manifest);
    g_hash_table_destroy(r->data);
    g_hash_table_destroy(r->data_read);
    build_deps_free(r->manifest_read);
    g_ptr_array_free(r->documents, TRUE);
    g_free(r);
}

xmlDocPtr inputs_data(const inputs_report *r, const char *name)
{
    return g_hash_table_lookup(r->data, name);
}

/* "meeting.xml" -> "meeting" */
static char *variable_name(const char *file)
{
    const char *dot = strrchr(file, '.');
    return dot ? g_strndup(file, (gsize)(dot - file)) : g_strdup(file);
}

/* Parse one data file and check it against the schema its root names. */
static xmlDocPtr load_data_file(const char *path, const char *schema_dir, build_deps *read,
                                GError **error)
{
    xmlDocPtr doc = xmlload_file(path, NULL, read, DEP_DATA, error);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *schema_file = g_strdup_printf("%s.xsd", (const char *)root->name);
    char *schema = g_build_filename(schema_dir, schema_file, NULL);
    bool ok = true;
    if (!g_file_test(schema, G_FILE_TEST_IS_REGULAR) || g_str_equal(root->name, "report") ||
        g_str_equal(root->name, "common") || g_str_equal(root->name, "template")) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, xmlGetLineNo(root),
                         "no schema for data of kind <%s> (looked for %s)", root->name, schema);
        ok = false;
    } else {
        ok = xmlload_validate(doc, path, schema, read, error);
    }
    g_free(schema_file);
    g_free(schema);
    if (!ok) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* Make sure the data file behind a <data file=...> is loaded. */
static bool load_data(inputs_report *r, xmlNodePtr data_el, const char *schema_dir,
                      GError **error)
{
    char *file = xmlload_attr(data_el, "file");
    char *name = variable_name(file);
    bool ok = true;
    if (!g_hash_table_contains(r->data, name)) {
        char *path = g_build_filename(r->dir, file, NULL);
        build_deps *read = build_deps_new();
        xmlDocPtr doc = NULL;
        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
            xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path,
                             (int)xmlGetLineNo(data_el), "data file %s does not exist", path);
        else
            doc = load_data_file(path, schema_dir, read, error);
        g_free(path);
        if (doc) {
            g_hash_table_insert(r->data, g_strdup(name), doc);
            g_hash_table_insert(r->data_read, g_strdup(name), read);
        } else {
            build_deps_free(read);
            ok = false;
        }
    }
    g_free(name);
    xmlFree(file);
    return ok;
}

static char *attr_dup(xmlNodePtr n, const char *name)
{
    char *v = xmlload_attr(n, name);
    char *copy = v ? g_strdup(v) : NULL;
    xmlFree(v);
    return copy;
}

static bool load_document(inputs_report *r, xmlNodePtr el, const char *schema_dir,
                          GError **error)
{
    inputs_document *d = g_new0(inputs_document, 1);
    d->output = attr_dup(el, "output");
    d->template_file = attr_dup(el, "template");
    d->title = attr_dup(el, "title");
    d->appendix = attr_dup(el, "appendix");
    d->line = (int)xmlGetLineNo(el);
    d->data = g_ptr_array_new_with_free_func(g_free);
    d->read = build_deps_new();
    build_deps_add_all(d->read, r->manifest_read);
    g_ptr_array_add(r->documents, d);
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!load_data(r, c, schema_dir, error))
            return false;
        char *file = xmlload_attr(c, "file");
        char *name = variable_name(file);
        build_deps_add_all(d->read, g_hash_table_lookup(r->data_read, name));
        g_ptr_array_add(d->data, name);
        xmlFree(file);
    }
    return true;
}

inputs_report *inputs_load(const char *dir, const char *schema_dir, GError **error)
{
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0, "no such input folder");
        return NULL;
    }
    inputs_report *r = g_new0(inputs_report, 1);
    r->dir = g_strdup(dir);
    /* The folder's own name, also for "." or "inputs/x/": realpath first. */
    char *real = realpath(dir, NULL);
    r->name = g_path_get_basename(real ? real : dir);
    free(real);
    r->manifest_path = g_build_filename(dir, "report.xml", NULL);
    r->data = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)xmlFreeDoc);
    r->data_read = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)build_deps_free);
    r->manifest_read = build_deps_new();
    r->documents = g_ptr_array_new_with_free_func(document_free);
    char *schema = g_build_filename(schema_dir, "report.xsd", NULL);
    r->manifest = xmlload_file(r->manifest_path, schema, r->manifest_read, DEP_MANIFEST, error);
    g_free(schema);
    if (!r->manifest) {
        inputs_free(r);
        return NULL;
    }
    for (xmlNodePtr el = xmlDocGetRootElement(r->manifest)->children; el; el = el->next) {
        if (el->type == XML_ELEMENT_NODE && !load_document(r, el, schema_dir, error)) {
            inputs_free(r);
            return NULL;
        }
    }
    return r;
}
