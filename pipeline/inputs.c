/*
 * inputs.c - load and validate a report's input folder (see inputs.h).
 */
#include "inputs.h"
#include "schema_advice.h"
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

char *inputs_find_profile(const char *name, const char *base_dir, const char *profiles_path)
{
    if (strchr(name, '/')) {
        char *dir = g_path_is_absolute(name) || g_str_equal(base_dir, ".") ? g_strdup(name)
                                             : g_build_filename(base_dir, name, NULL);
        if (g_file_test(dir, G_FILE_TEST_IS_DIR))
            return dir;
        g_free(dir);
        return NULL;
    }
    char **folders = g_strsplit(profiles_path ? profiles_path : "", G_SEARCHPATH_SEPARATOR_S, -1);
    char *found = NULL;
    for (int i = 0; folders[i] && !found; i++) {
        if (!*folders[i])
            continue;
        found = g_build_filename(folders[i], name, NULL);
        if (!g_file_test(found, G_FILE_TEST_IS_DIR))
            g_clear_pointer(&found, g_free);
    }
    g_strfreev(folders);
    return found;
}

char *inputs_profile_names(const char *profiles_path)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    char **folders = g_strsplit(profiles_path ? profiles_path : "", G_SEARCHPATH_SEPARATOR_S, -1);
    for (int f = 0; folders[f]; f++) {
        GDir *d = *folders[f] ? g_dir_open(folders[f], 0, NULL) : NULL;
        for (const char *n; d && (n = g_dir_read_name(d));) {
            char *path = g_build_filename(folders[f], n, NULL);
            if (g_file_test(path, G_FILE_TEST_IS_DIR))
                g_ptr_array_add(names, g_strdup(n));
            g_free(path);
        }
        if (d)
            g_dir_close(d);
    }
    g_strfreev(folders);
    /* sorted: each folder's own order varies from copy to copy */
    g_ptr_array_sort(names, compare_names); /* it passes pointers to the elements */
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        if (i == 0 || !g_str_equal(n, g_ptr_array_index(names, i - 1)))
            g_string_append_printf(out, "%s%s", out->len ? ", " : "", n);
    }
    g_ptr_array_free(names, TRUE);
    return g_string_free(out, FALSE);
}

/* The manifest's profile="...": a folder relative to the report folder if
 * it has a '/', else a profile of that name in the profiles path. */
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
    r->profile_dir = inputs_find_profile(name, r->dir, r->home.profiles_dir);
    if (!r->profile_dir && strchr(name, '/')) {
        char *dir = g_build_filename(r->dir, name, NULL);
        xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path, (int)xmlGetLineNo(root),
                         "the profile folder %s does not exist", dir);
        g_free(dir);
    } else if (!r->profile_dir) {
        char *known = inputs_profile_names(r->home.profiles_dir);
        xmlload_error_at(error, PAPERS_ERROR_INPUT, r->manifest_path, (int)xmlGetLineNo(root),
                         "there is no profile \"%s\"%s%s%s; put the folder that holds "
                         "it in PAPERS_PROFILES, or name the profile by its folder, with a "
                         "'/' (profile=\"../profiles/%s\")",
                         name, *known ? " (the profiles are: " : "", known, *known ? ")" : "",
                         name);
        g_free(known);
    }
    xmlFree(name);
    return r->profile_dir != NULL;
}

/* ---- symbolic links ---------------------------------------------------------- */

/* A symbolic link in a report folder or profile that leads out of it would
 * put another file's contents (any file the user can read) into published
 * papers and the archive.  The places papers reads from are checked before
 * anything is read: the folder's own files and its templates/, schemas/
 * and fonts/.  A link that stays inside is fine. */
static const char *const read_folders[] = {"templates", "schemas", "fonts"};

static bool link_stays_inside(const char *real_root, const char *path, const char *what,
                              const char *root, GError **error)
{
    if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK))
        return true;
    char *real = realpath(path, NULL);
    size_t n = strlen(real_root);
    bool inside = !real || (strncmp(real, real_root, n) == 0 && (real[n] == '/' || !real[n]));
    if (!inside)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "is a symbolic link to %s, outside the %s %s; papers reads only the "
                         "files inside it: copy the file in instead of linking to it",
                         real, what, root);
    free(real);
    return inside;
}

static bool entries_stay_inside(const char *real_root, const char *folder, const char *what,
                                const char *root, GError **error)
{
    GDir *d = g_dir_open(folder, 0, NULL);
    bool ok = true;
    for (const char *n; ok && d && (n = g_dir_read_name(d));) {
        char *path = g_build_filename(folder, n, NULL);
        ok = link_stays_inside(real_root, path, what, root, error);
        g_free(path);
    }
    if (d)
        g_dir_close(d);
    return ok;
}

static bool folder_stays_inside(const char *root, const char *what, GError **error)
{
    char *real_root = root ? realpath(root, NULL) : NULL;
    bool ok = !real_root || entries_stay_inside(real_root, root, what, root, error);
    for (size_t i = 0; ok && real_root && i < G_N_ELEMENTS(read_folders); i++) {
        char *sub = g_build_filename(root, read_folders[i], NULL);
        ok = entries_stay_inside(real_root, sub, what, root, error);
        g_free(sub);
    }
    free(real_root);
    return ok;
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

/* ---- exempt marks ---------------------------------------------------------- */

/* A mark lives in the node's _private pointer (libxml2 leaves it to the
 * application): the paragraph, 1..DOC_EXEMPT_PARAGRAPHS. */
#define EXEMPT_TYPE "schedule-12a-paragraph"
#define EXEMPT_MAX 7 /* Part 1 of Schedule 12A has seven paragraphs */

static void set_mark(void *node_private_slot, int paragraph)
{
    *(void **)node_private_slot = GINT_TO_POINTER(paragraph);
}

int inputs_exempt_of(const xmlNode *node)
{
    /* A namespace node from an XPath result is an xmlNs, which has no parent
     * field to follow: it is never data, so never exempt. */
    for (const xmlNode *n = node; n && n->type != XML_NAMESPACE_DECL; n = n->parent) {
        if (n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE)
            continue;
        int p = GPOINTER_TO_INT(n->_private);
        if (p > 0 && p <= EXEMPT_MAX)
            return p;
    }
    return 0;
}

/* "3" -> 3; 0 for anything but a whole number 1..EXEMPT_MAX. */
static int exempt_value(const char *v)
{
    return strlen(v) == 1 && v[0] >= '1' && v[0] <= '0' + EXEMPT_MAX ? v[0] - '0' : 0;
}

/* Take every exempt="N" off a data file's elements onto the elements
 * themselves; a bad value is an error with common.xsd's advice. */
static bool take_exempt_marks(inputs_report *r, xmlDocPtr doc, const char *path,
                              GError **error)
{
    for (xmlNodePtr n = xmlDocGetRootElement(doc); n;) {
        xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)"exempt");
        if (a && !a->ns) {
            char *v = xmlload_attr(n, "exempt");
            int p = exempt_value(v);
            if (!p) {
                char *common = g_build_filename(r->home.schemas_dir, "common.xsd", NULL);
                char *advice = schema_type_advice(common, NULL, EXEMPT_TYPE);
                xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(n),
                                 "<%s exempt=\"%s\">: not a paragraph of Schedule 12A; %s",
                                 (const char *)n->name, v,
                                 advice ? advice : "write a number from 1 to 7");
                g_free(advice);
                g_free(common);
                xmlFree(v);
                return false;
            }
            xmlFree(v);
            xmlRemoveProp(a);
            set_mark(&n->_private, p);
            r->has_exempt = true;
        }
        /* Next element in document order. */
        xmlNodePtr next = xmlFirstElementChild(n);
        while (!next && n) {
            next = xmlNextElementSibling(n);
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

/* Parse one data file, take its exempt marks and check it against the
 * schema its root names. */
static xmlDocPtr load_data_file(inputs_report *r, const char *path, build_deps *read,
                                GError **error)
{
    xmlDocPtr doc = xmlload_file(path, NULL, read, DEP_DATA, error);
    if (!doc)
        return NULL;
    if (!take_exempt_marks(r, doc, path, error)) {
        xmlFreeDoc(doc);
        return NULL;
    }
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
    char *exempt = xmlload_attr(el, "exempt");
    d->exempt = exempt ? atoi(exempt) : 0; /* the schema checked it */
    xmlFree(exempt);
    xmlAttrPtr title = xmlHasProp(el, (const xmlChar *)"title");
    if (d->exempt && title) { /* its title is exempt information wherever it is printed */
        set_mark(&title->_private, d->exempt);
        r->has_exempt = true;
    }
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
    if (!folder_stays_inside(r->dir, "report folder", error)) {
        inputs_free(r);
        return NULL;
    }
    char *schema = g_build_filename(home->schemas_dir, "report.xsd", NULL);
    r->manifest = xmlload_file(r->manifest_path, schema, r->manifest_read, DEP_MANIFEST, error);
    g_free(schema);
    if (!r->manifest || !find_profile(r, error) ||
        !folder_stays_inside(r->profile_dir, "profile", error)) {
        inputs_free(r);
        return NULL;
    }
    char *versions = xmlload_attr(xmlDocGetRootElement(r->manifest), "exempt-versions");
    r->exempt_versions = versions && g_str_equal(versions, "yes");
    xmlFree(versions);
    for (xmlNodePtr el = xmlDocGetRootElement(r->manifest)->children; el; el = el->next) {
        if (el->type == XML_ELEMENT_NODE && !load_document(r, el, error)) {
            inputs_free(r);
            return NULL;
        }
    }
    return r;
}
