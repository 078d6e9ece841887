/*
 * deps.h - the files a build read, recorded while it reads them.
 *
 * Every loader that opens a file takes a build_deps (or NULL) and adds the
 * file with its role: the manifest, a data file, a template, the house
 * style, a schema.  The archive keeps exactly these files for each version
 * and rebuilds an output only when one of the files its document read has
 * changed.  Dependencies are never guessed from names afterwards.
 *
 * A file is found in one of four root folders (the report's input folder,
 * the council profile, the shipped templates, the shipped schemas); an
 * input is archived by its root's name and its path inside it
 * ("profile/templates/cabinet-report.xml"), so a version can be restored
 * with its original layout.  A new kind of file read adds a role to
 * dep_role, the table in deps.c and the role type of
 * schemas/archive-manifest.xsd.
 */
#ifndef PAPERS_DEPS_H
#define PAPERS_DEPS_H

#include <glib.h>
#include <stdbool.h>

typedef enum {
    DEP_MANIFEST,    /* report.xml */
    DEP_DATA,        /* a data file the manifest names */
    DEP_TEMPLATE,    /* a document's template */
    DEP_HOUSE_STYLE, /* house-style.xml */
    DEP_SCHEMA,      /* an XML Schema a file was checked against, or one it includes */
    DEP_FONT,        /* a font file of the house style's fonts/ folder */
    DEP_LOGO,        /* the logo the house style names */
    DEP_ROLE_COUNT
} dep_role;

/* The folders files are found in, in the order a file is looked for. */
typedef enum {
    DEP_ROOT_INPUT,     /* the report's input folder */
    DEP_ROOT_PROFILE,   /* the council profile's folder */
    DEP_ROOT_TEMPLATES, /* the shipped templates folder */
    DEP_ROOT_SCHEMAS,   /* the shipped schemas folder */
    DEP_ROOT_COUNT
} dep_root;

/* "data", "house-style", ...: the names the archive manifest uses. */
const char *dep_role_name(dep_role role);
bool dep_role_from_name(const char *name, dep_role *role);
/* "input", "profile", "templates", "schemas": the first part of an archived
 * input's path, and the folder it is restored into. */
const char *dep_root_name(dep_root root);
bool dep_root_from_name(const char *name, dep_root *root);

/* A set of (role, path) in the order first added; adding a pair twice
 * keeps one.  Paths are as the loader opened them. */
typedef struct build_deps build_deps;

build_deps *build_deps_new(void);
void build_deps_free(build_deps *deps);
/* Record one file.  deps may be NULL (a caller that does not record). */
void build_deps_add(build_deps *deps, dep_role role, const char *path);
/* Add every entry of from to to (either may be NULL). */
void build_deps_add_all(build_deps *to, const build_deps *from);
guint build_deps_count(const build_deps *deps);
dep_role build_deps_role(const build_deps *deps, guint i);
const char *build_deps_path(const build_deps *deps, guint i);

#endif
