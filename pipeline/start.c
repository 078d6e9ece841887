/*
 * start.c - a new report folder or profile from a shipped one (see start.h).
 */
#include "start.h"
#include "inputs.h"
#include "xmlload.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

/* Folders are copied at most this deep: a profile is a few levels
 * (example/templates/x.xml); anything deeper is not a profile. */
#define START_MAX_DEPTH 16

char *start_find_profile(const char *profile, const char *profiles_path, GError **error)
{
    char *dir = inputs_find_profile(profile, ".", profiles_path);
    if (dir)
        return dir;
    if (strchr(profile, '/')) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, profile, 0,
                         "no such profile folder");
    } else {
        char *known = inputs_profile_names(profiles_path);
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_INPUT,
                    "there is no profile \"%s\"%s%s%s; name one of them, or a profile "
                    "folder with a '/' (./my-council)",
                    profile, *known ? " (the profiles are: " : "", known, *known ? ")" : "");
        g_free(known);
    }
    return NULL;
}

/* ---- copying -------------------------------------------------------------- */

static bool copy_error(GError **error, const char *path, int code, const char *what)
{
    g_set_error(error, PAPERS_ERROR, code, "%s: %s", path, what);
    return false;
}

static bool copy_tree(const char *from, const char *to, int depth, GError **error);

static bool copy_entry(const char *from, const char *to, int depth, GError **error)
{
    if (g_file_test(from, G_FILE_TEST_IS_SYMLINK))
        return copy_error(error, from, PAPERS_ERROR_INPUT,
                          "is a symbolic link; a profile holds only folders and files");
    if (g_file_test(from, G_FILE_TEST_IS_DIR))
        return copy_tree(from, to, depth + 1, error);
    char *bytes = NULL;
    gsize size = 0;
    GError *e = NULL;
    bool ok = g_file_get_contents(from, &bytes, &size, &e);
    if (!ok) {
        copy_error(error, from, PAPERS_ERROR_INPUT, e->message);
    } else if (!g_file_set_contents(to, bytes, (gssize)size, &e)) {
        copy_error(error, to, PAPERS_ERROR_OUTPUT, e->message);
        ok = false;
    }
    g_clear_error(&e);
    g_free(bytes);
    return ok;
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copy folder from to the new folder to, entries in name order. */
static bool copy_tree(const char *from, const char *to, int depth, GError **error)
{
    if (depth > START_MAX_DEPTH)
        return copy_error(error, from, PAPERS_ERROR_INPUT, "folders nest too deep to copy");
    GError *e = NULL;
    GDir *d = g_dir_open(from, 0, &e);
    if (!d) {
        copy_error(error, from, PAPERS_ERROR_INPUT, e->message);
        g_error_free(e);
        return false;
    }
    if (g_mkdir(to, 0755) != 0) {
        g_dir_close(d);
        return copy_error(error, to, PAPERS_ERROR_OUTPUT, g_strerror(errno));
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *n; (n = g_dir_read_name(d));)
        g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, compare_strings);
    bool ok = true;
    for (guint i = 0; ok && i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        char *src = g_build_filename(from, n, NULL), *dst = g_build_filename(to, n, NULL);
        ok = copy_entry(src, dst, depth, error);
        g_free(src);
        g_free(dst);
    }
    g_ptr_array_free(names, TRUE);
    return ok;
}

/* ---- the manifest's profile ------------------------------------------------- */

/* Make report.xml in dir name profile: the attribute's value is replaced
 * in the text, so the officer's file keeps its layout and comments. */
static bool set_profile(const char *dir, const char *profile, GError **error)
{
    char *path = g_build_filename(dir, "report.xml", NULL);
    char *text = NULL;
    bool ok = g_file_get_contents(path, &text, NULL, NULL);
    xmlDocPtr doc = ok ? xmlReadMemory(text, (int)strlen(text), path, NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                                           XML_PARSE_NOWARNING)
                       : NULL;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    char *old = root ? xmlload_attr(root, "profile") : NULL;
    ok = old != NULL;
    if (ok) {
        GString *s = g_string_new(text);
        char *from = g_strdup_printf("profile=\"%s\"", old);
        char *escaped = g_markup_escape_text(profile, -1);
        char *to = g_strdup_printf("profile=\"%s\"", escaped);
        ok = g_string_replace(s, from, to, 1) == 1 &&
             g_file_set_contents(path, s->str, (gssize)s->len, NULL);
        g_free(from);
        g_free(escaped);
        g_free(to);
        g_string_free(s, TRUE);
    }
    if (!ok)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "the example's report.xml does not name its profile as "
                         "profile=\"...\" on <report>; add it there");
    xmlFree(old);
    xmlFreeDoc(doc);
    g_free(text);
    g_free(path);
    return ok;
}

/* The profile folder as seen from the report folder dir (which exists):
 * relative, so the two can be moved together. */
static char *profile_from(const char *dir, const char *profile_dir)
{
    char *real_dir = realpath(dir, NULL), *real_profile = realpath(profile_dir, NULL);
    char *out = NULL;
    if (real_dir && real_profile) {
        char **a = g_strsplit(real_dir + 1, "/", -1), **b = g_strsplit(real_profile + 1, "/", -1);
        int common = 0;
        while (a[common] && b[common] && g_str_equal(a[common], b[common]))
            common++;
        GString *s = g_string_new(NULL);
        for (int i = common; a[i] && *a[i]; i++)
            g_string_append(s, s->len ? "/.." : "..");
        for (int i = common; b[i]; i++)
            g_string_append_printf(s, "%s%s", s->len ? "/" : "", b[i]);
        if (!strchr(s->str, '/')) /* a name would be looked up as a profile name */
            g_string_prepend(s, "./");
        out = g_string_free(s, FALSE);
        g_strfreev(a);
        g_strfreev(b);
    }
    free(real_dir);
    free(real_profile);
    return out ? out : g_strdup(profile_dir);
}

/* ---- the commands ------------------------------------------------------------ */

static bool must_be_new(const char *dir, GError **error)
{
    if (!g_file_test(dir, G_FILE_TEST_EXISTS) && !g_file_test(dir, G_FILE_TEST_IS_SYMLINK))
        return true;
    xmlload_error_at(error, PAPERS_ERROR_INPUT, dir, 0,
                     "already exists; give a folder name that is not used yet");
    return false;
}

bool start_report(const char *profile, const char *profiles_path, const char *dir,
                  GError **error)
{
    if (!must_be_new(dir, error))
        return false;
    char *profile_dir = start_find_profile(profile, profiles_path, error);
    if (!profile_dir)
        return false;
    char *example = g_build_filename(profile_dir, "example", NULL);
    char *manifest = g_build_filename(example, "report.xml", NULL);
    bool ok = g_file_test(manifest, G_FILE_TEST_IS_REGULAR);
    if (!ok)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, profile_dir, 0,
                         "the profile has no example report (example/report.xml) to start "
                         "from; add one, or start from another profile");
    char *parent = g_path_get_dirname(dir);
    if (ok && g_mkdir_with_parents(parent, 0755) != 0)
        ok = copy_error(error, parent, PAPERS_ERROR_OUTPUT, g_strerror(errno));
    g_free(parent);
    ok = ok && copy_tree(example, dir, 0, error);
    if (ok) {
        char *named = strchr(profile, '/') ? profile_from(dir, profile_dir) : g_strdup(profile);
        ok = set_profile(dir, named, error);
        g_free(named);
    }
    g_free(manifest);
    g_free(example);
    g_free(profile_dir);
    return ok;
}

static bool profile_name_valid(const char *name)
{
    if (!g_ascii_islower(name[0]))
        return false;
    for (const char *p = name; *p; p++)
        if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
            return false;
    return true;
}

bool start_profile(const char *name, const char *dir, const char *from,
                   const char *profiles_path, GError **error)
{
    if (!profile_name_valid(name)) {
        g_set_error(error, PAPERS_ERROR, PAPERS_ERROR_INPUT,
                    "'%s' cannot be a profile name: use lower-case letters, digits and '-', "
                    "starting with a letter (my-council)", name);
        return false;
    }
    char *target = g_build_filename(dir, name, NULL);
    char *source = NULL;
    bool ok = must_be_new(target, error) &&
              (source = start_find_profile(from, profiles_path, error)) != NULL;
    if (ok && g_mkdir_with_parents(dir, 0755) != 0)
        ok = copy_error(error, dir, PAPERS_ERROR_OUTPUT, g_strerror(errno));
    ok = ok && copy_tree(source, target, 0, error);
    char *example = g_build_filename(target, "example", NULL);
    if (ok && g_file_test(example, G_FILE_TEST_IS_DIR))
        ok = set_profile(example, name, error);
    g_free(example);
    g_free(source);
    g_free(target);
    return ok;
}
