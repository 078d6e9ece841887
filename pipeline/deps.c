/*
 * deps.c - the record of files a build read (see deps.h).
 */
#include "deps.h"

#include <string.h>

static const struct {
    const char *name;
} roles[DEP_ROLE_COUNT] = {
    [DEP_MANIFEST] = {"manifest"},      [DEP_DATA] = {"data"},
    [DEP_TEMPLATE] = {"template"},      [DEP_HOUSE_STYLE] = {"house-style"},
    [DEP_SCHEMA] = {"schema"},          [DEP_FONT] = {"font"},
    [DEP_LOGO] = {"logo"},
};

static const char *const root_names[DEP_ROOT_COUNT] = {
    [DEP_ROOT_INPUT] = "input",
    [DEP_ROOT_PROFILE] = "profile",
    [DEP_ROOT_TEMPLATES] = "templates",
    [DEP_ROOT_SCHEMAS] = "schemas",
};

const char *dep_role_name(dep_role role)
{
    g_return_val_if_fail(role < DEP_ROLE_COUNT, "?");
    return roles[role].name;
}

bool dep_role_from_name(const char *name, dep_role *role)
{
    for (int r = 0; r < DEP_ROLE_COUNT; r++) {
        if (g_str_equal(name, roles[r].name)) {
            *role = (dep_role)r;
            return true;
        }
    }
    return false;
}

const char *dep_root_name(dep_root root)
{
    g_return_val_if_fail(root < DEP_ROOT_COUNT, "?");
    return root_names[root];
}

bool dep_root_from_name(const char *name, dep_root *root)
{
    for (int r = 0; r < DEP_ROOT_COUNT; r++) {
        if (g_str_equal(name, root_names[r])) {
            *root = (dep_root)r;
            return true;
        }
    }
    return false;
}

typedef struct {
    dep_role role;
    char *path;
} dep_entry;

struct build_deps {
    GArray *entries; /* dep_entry, first-added order */
};

static void entry_clear(gpointer p)
{
    g_free(((dep_entry *)p)->path);
}

build_deps *build_deps_new(void)
{
    build_deps *d = g_new0(build_deps, 1);
    d->entries = g_array_new(FALSE, FALSE, sizeof(dep_entry));
    g_array_set_clear_func(d->entries, entry_clear);
    return d;
}

void build_deps_free(build_deps *d)
{
    if (!d)
        return;
    g_array_free(d->entries, TRUE);
    g_free(d);
}

/* A build reads a few dozen files: a linear scan keeps first-added order
 * without a second index. */
static bool contains(const build_deps *d, dep_role role, const char *path)
{
    for (guint i = 0; i < d->entries->len; i++) {
        const dep_entry *e = &g_array_index(d->entries, dep_entry, i);
        if (e->role == role && strcmp(e->path, path) == 0)
            return true;
    }
    return false;
}

void build_deps_add(build_deps *d, dep_role role, const char *path)
{
    g_return_if_fail(role < DEP_ROLE_COUNT && path);
    if (!d || contains(d, role, path))
        return;
    dep_entry e = {role, g_strdup(path)};
    g_array_append_val(d->entries, e);
}

void build_deps_add_all(build_deps *to, const build_deps *from)
{
    if (!to || !from)
        return;
    for (guint i = 0; i < from->entries->len; i++) {
        const dep_entry *e = &g_array_index(from->entries, dep_entry, i);
        build_deps_add(to, e->role, e->path);
    }
}

guint build_deps_count(const build_deps *d)
{
    return d ? d->entries->len : 0;
}

dep_role build_deps_role(const build_deps *d, guint i)
{
    g_return_val_if_fail(d && i < d->entries->len, DEP_MANIFEST);
    return g_array_index(d->entries, dep_entry, i).role;
}

const char *build_deps_path(const build_deps *d, guint i)
{
    g_return_val_if_fail(d && i < d->entries->len, NULL);
    return g_array_index(d->entries, dep_entry, i).path;
}
