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
    g_free(r->profile_dir);
    g_free((char *)r->home.templates_dir);
    g_free((char *)r->home.schemas_dir);
    g_free((char *)r->home.profiles_dir);
    g_free((char *)r->home.profile_dir);
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

/* ---- where files are found ---------------------------------------------- */

/* dir/sub/name if there is anything of that name (a FIFO or folder there
 * is an error the loader names, not a reason to look elsewhere); else NULL. */
static char *existing(const char *dir, const char *sub, const char *name)
{
    if (!dir)
        return NULL;
    char *path = g_build_filename(dir, sub ? sub : name, sub ? name : NULL, NULL);
    if (g_file_test(path, G_FILE_TEST_EXISTS) || g_file_test(path, G_FILE_TEST_IS_SYMLINK))
        return path;
    g_free(path);
    return NULL;
}

/* The report folder's, the profile's, or the home's file: the first found. */
static char *find_file(const inputs_report *r, const char *sub, const char *name,
                       const char *home_dir)
{
    char *path = existing(r->dir, sub, name);
    if (!path)
        path = existing(r->profile_dir, sub, name);
    if (!path)
        path = existing(home_dir, NULL, name);
    return path;
}

char *inputs_find_template(const inputs_report *r, const char *name)
{
    return find_file(r, "templates", name, r->home.templates_dir);
}

char *inputs_find_schema(const inputs_report *r, const char *file)
{
    return find_file(r, "schemas", file, r->home.schemas_dir);
}

char *inputs_find_house_style(const inputs_report *r)
{
    return find_file(r, NULL, "house-style.xml", r->home.templates_dir);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The profiles a home offers, for messages: "a, b", sorted (the folder's
 * own order varies from copy to copy).  Caller frees. */
static char *profile_names(const char *profiles_dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *d = profiles_dir ? g_dir_open(profiles_dir, 0, NULL) : NULL;
    for (const char *n; d && (n = g_dir_read_name(d));) {
        char *path = g_build_filename(profiles_dir, n, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR))
            g_ptr_array_add(names, g_strdup(n));
        g_free(path);
    }
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(names, compare_names); /* it passes pointers to the elements */
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf(out, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(names, i));
    g_ptr_array_free(names, TRUE);
    return g_string_free(out, FALSE);
}

/* The manifest's profile="...": a folder relative to the report folder if
 * it has a '/', else a profile of the home by name. */
static bool find_profile(inputs_report *r, GError **error)
{
    xmlNodePtr root = xmlDocGetRootElement(r->manifest);
    char *name = xmlload_attr(root, "profile");
    if (!name)
        return true;
    if (r->home.profile_dir) { /* a restored version: its own copy of the profile */
        xmlFree(name);
        r->profile_dir = g_strdup(r->home.profile_dir);
        return true;
    }
    bool is_path = strchr(name, '/') != NULL;
    char *dir = is_path ? g_build_filename(r->dir, name, NULL)
                        : r->home.profiles_dir ? g_build_filename(r->home.profiles_dir, name, NULL)
                                               : NULL;
    bool found = dir && g_file_test(dir, G_FILE_TEST_IS_DIR);
    if (found) {
        r->profile_dir = dir;
    } else if (is_path) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path, (int)xmlGetLineNo(root),
                         "the profile folder %s does not exist", dir);
        g_free(dir);
    } else {
        char *known = profile_names(r->home.profiles_dir);
        xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path, (int)xmlGetLineNo(root),
                         "there is no profile \"%s\"%s%s%s", name,
                         *known ? " (the profiles are: " : "", known, *known ? ")" : "");
        g_free(known);
        g_free(dir);
    }
    xmlFree(name);
    return found;
}

/* ---- values the schema cannot check ------------------------------------- */

/* A child element's text as a date, or false. */
static bool child_date(xmlNodePtr parent, const char *name, GDate *date, xmlNodePtr *found)
{
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !g_str_equal(c->name, name))
            continue;
        char *text = xmlload_folded_text(c);
        g_date_clear(date, 1);
        int y, m, d;
        bool ok = sscanf(text, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy(d, m, y);
        if (ok)
            g_date_set_dmy(date, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
        g_free(text);
        *found = c;
        return ok;
    }
    return false;
}

/* An attribute as a whole number (a year), or false. */
static bool attr_number(xmlNodePtr n, const char *name, long *value)
{
    char *v = xmlload_attr(n, name);
    char *end = NULL;
    bool ok = v && *v && (*value = strtol(v, &end, 10), *end == '\0');
    xmlFree(v);
    return ok;
}

/* Periods run forwards: an element's <end> is not before its <start>, and
 * to="..." is not before from="...".  (The schema has checked each date.) */
static bool check_periods(xmlDocPtr doc, const char *path, GError **error)
{
    xmlNodePtr n = xmlDocGetRootElement(doc);
    while (n) {
        GDate start, end;
        xmlNodePtr start_el = NULL, end_el = NULL;
        long from, to;
        if (child_date(n, "start", &start, &start_el) && child_date(n, "end", &end, &end_el) &&
            g_date_compare(&end, &start) < 0) {
            xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(end_el),
                             "the end date comes before the start date (line %d); "
                             "check both dates",
                             (int)xmlGetLineNo(start_el));
            return false;
        }
        if (attr_number(n, "from", &from) && attr_number(n, "to", &to) && to < from) {
            xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(n),
                             "to=\"%ld\" comes before from=\"%ld\"; check both", to, from);
            return false;
        }
        /* Next element in document order, without recursion. */
        xmlNodePtr next = n->children;
        while (next && next->type != XML_ELEMENT_NODE)
            next = next->next;
        while (!next && n) {
            for (next = n->next; next && next->type != XML_ELEMENT_NODE; next = next->next)
                ;
            if (!next)
                n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        }
        n = next;
    }
    return true;
}

/* ---- data files ------------------------------------------------------------ */

/* Root elements that are not kinds of data. */
static bool reserved_kind(const char *root)
{
    static const char *const reserved[] = {"report", "common", "template", "house-style"};
    for (size_t i = 0; i < G_N_ELEMENTS(reserved); i++)
        if (g_str_equal(root, reserved[i]))
            return true;
    return false;
}

/* Parse one data file and check it against the schema its root names. */
static xmlDocPtr load_data_file(const inputs_report *r, const char *path, build_deps *read,
                                GError **error)
{
    xmlDocPtr doc = xmlload_file(path, NULL, read, DEP_DATA, error);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *schema_file = g_strdup_printf("%s.xsd", (const char *)root->name);
    char *schema = reserved_kind((const char *)root->name) ? NULL
                                                           : inputs_find_schema(r, schema_file);
    bool ok = true;
    if (!schema) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, xmlGetLineNo(root),
                         "no schema for data of kind <%s>: write one as schemas/%s in the "
                         "report folder or its profile",
                         root->name, schema_file);
        ok = false;
    } else {
        ok = xmlload_validate(doc, path, schema, read, error) && check_periods(doc, path, error);
    }
    g_free(schema_file);
    g_free(schema);
    if (!ok) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* Does path, once its symbolic links are followed, lie outside dir?  (A
 * link to a file that does not exist is left for the loader to name.) */
static bool leads_outside(const char *dir, const char *path)
{
    char *real_dir = realpath(dir, NULL);
    char *real_path = realpath(path, NULL);
    bool outside = real_dir && real_path &&
                   !(g_str_has_prefix(real_path, real_dir) &&
                     (real_path[strlen(real_dir)] == '/' || g_str_equal(real_dir, "/")));
    free(real_dir);
    free(real_path);
    return outside;
}

/* Make sure the data file behind a <data file=...> is loaded. */
static bool load_data(inputs_report *r, xmlNodePtr data_el, GError **error)
{
    char *file = xmlload_attr(data_el, "file");
    char *name = variable_name(file);
    bool ok = true;
    if (!g_hash_table_contains(r->data, name)) {
        char *path = g_build_filename(r->dir, file, NULL);
        build_deps *read = build_deps_new();
        xmlDocPtr doc = NULL;
        /* A FIFO, folder or unreadable file is there: xmlload_file names it. */
        if (!g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
            xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path,
                             (int)xmlGetLineNo(data_el), "data file %s does not exist", path);
        else if (leads_outside(r->dir, path))
            xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path,
                             (int)xmlGetLineNo(data_el),
                             "data file %s is a symbolic link leading outside the report "
                             "folder; papers reads data only from the report folder: copy the "
                             "file in",
                             path);
        else
            doc = load_data_file(r, path, read, error);
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

static bool load_document(inputs_report *r, xmlNodePtr el, GError **error)
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
        if (!load_data(r, c, error))
            return false;
        char *file = xmlload_attr(c, "file");
        char *name = variable_name(file);
        build_deps_add_all(d->read, g_hash_table_lookup(r->data_read, name));
        g_ptr_array_add(d->data, name);
        xmlFree(file);
    }
    return true;
}

inputs_report *inputs_load(const char *dir, const inputs_home *home, GError **error)
{
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0,
                         g_file_test(dir, G_FILE_TEST_EXISTS)
                             ? "is not a folder: give the report's input folder (the one "
                               "holding report.xml)"
                             : "no such input folder");
        return NULL;
    }
    inputs_report *r = g_new0(inputs_report, 1);
    r->dir = g_strdup(dir);
    xmlload_set_schema_home(home->schemas_dir); /* for schemas that include shipped ones */
    r->home.templates_dir = g_strdup(home->templates_dir);
    r->home.schemas_dir = g_strdup(home->schemas_dir);
    r->home.profiles_dir = g_strdup(home->profiles_dir);
    r->home.profile_dir = g_strdup(home->profile_dir);
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
    if (leads_outside(dir, r->manifest_path)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path, 0,
                         "is a symbolic link leading outside the report folder; papers reads "
                         "a report only from its folder: copy the file in");
        inputs_free(r);
        return NULL;
    }
    char *schema = g_build_filename(home->schemas_dir, "report.xsd", NULL);
    r->manifest = xmlload_file(r->manifest_path, schema, r->manifest_read, DEP_MANIFEST, error);
    g_free(schema);
    if (!r->manifest || !find_profile(r, error)) {
        inputs_free(r);
        return NULL;
    }
    for (xmlNodePtr el = xmlDocGetRootElement(r->manifest)->children; el; el = el->next) {
        if (el->type == XML_ELEMENT_NODE && !load_document(r, el, error)) {
            inputs_free(r);
            return NULL;
        }
    }
    return r;
}
