/*
 * inputs.h - a report's input folder: the manifest (report.xml) and the data
 * files it names, each parsed and checked against its schema before anything
 * is merged.
 *
 * A data file's schema is chosen by its root element: <meeting> is checked
 * against meeting.xsd.  In templates, a data file is the variable named
 * after the file (meeting.xml is $meeting); the manifest is $report.
 *
 * Where files are found: the manifest may name a council profile
 * (<report profile="leicestershire">), a folder with the council's house
 * style, templates and extra schemas.  Every template, schema and the house
 * style is looked for in the report folder first, then the profile, then
 * the shipped defaults (inputs_home):
 *
 *   template T      REPORT/templates/T   PROFILE/templates/T   home templates/T
 *   house style     REPORT/house-style.xml  PROFILE/house-style.xml  home templates/
 *   schema X.xsd    REPORT/schemas/X.xsd PROFILE/schemas/X.xsd home schemas/X.xsd
 *
 * A profile named with a '/' is a folder relative to the report folder;
 * otherwise it is looked for in each folder of the profiles path in turn
 * (inputs_home.profiles_dir: folders separated by ':').
 *
 * Exempt information: any element of a data file may carry exempt="N",
 * the paragraph of Part 1 of Schedule 12A to the Local Government Act 1972
 * that makes it and everything in it exempt.  The attribute is checked
 * (1 to 7, with the advice of common.xsd's schedule-12a-paragraph type) and
 * taken off before the file is checked against its schema, so every kind
 * of data, a council's own too, can mark any element; the mark stays on
 * the element for merging (inputs_exempt_of).  In the manifest a
 * <document exempt="N"> is exempt as a whole, and its title is exempt
 * information wherever a template prints it.
 *
 * Symbolic links: a link in the report folder or the profile (their own
 * files and their templates/, schemas/ and fonts/) that leads outside that
 * folder is an error naming the link: it would publish another file.
 */
#ifndef PAPERS_INPUTS_H
#define PAPERS_INPUTS_H

#include "deps.h"

#include <glib.h>
#include <libxml/tree.h>

typedef struct {
    char *output;       /* output name without extension: "cabinet-report" */
    char *template_file;/* file name in the templates folder */
    char *title;        /* the document's title as the manifest gives it */
    char *appendix;     /* appendix label (A-Z or 1-99), or NULL */
    int exempt;         /* exempt as a whole: the Schedule 12A paragraph; 0 none */
    GPtrArray *data;    /* variable names (char *) of the data it uses */
    int line;           /* line of <document> in the manifest */
    build_deps *read;   /* the files its inputs came from: the manifest, its
                           data files and the schemas they were checked against */
} inputs_document;

/* The shipped defaults. */
typedef struct {
    const char *templates_dir; /* house-style.xml and templates */
    const char *schemas_dir;   /* the shipped schemas */
    const char *profiles_dir;  /* folders of profiles by name, separated by ':'
                                  and searched in order; NULL: none */
    const char *profile_dir;   /* use this profile folder whatever the manifest
                                  names (a restored version's); NULL: as named */
} inputs_home;

typedef struct {
    char *dir;            /* the input folder as given */
    char *profile_dir;    /* the council profile's folder, or NULL */
    inputs_home home;     /* copies of the shipped folders' paths */
    char *name;           /* its last component: names the output folder */
    char *manifest_path;
    xmlDocPtr manifest;
    GHashTable *data;     /* variable name -> xmlDocPtr; for look-ups only */
    GHashTable *data_read;/* variable name -> build_deps *: that file and its schemas */
    build_deps *manifest_read; /* report.xml and its schemas */
    GPtrArray *documents; /* inputs_document *, in manifest order */
    bool exempt_versions; /* <report exempt-versions="yes">: make the full versions too */
    bool has_exempt;      /* some data or document is marked exempt */
} inputs_report;

/* Load dir/report.xml, find its profile, and load every data file it
 * names, each validated and its values checked (an end date before its
 * start).  Returns NULL with "file:line: what is wrong" in error. */
inputs_report *inputs_load(const char *dir, const inputs_home *home, GError **error);
void inputs_free(inputs_report *report);

/* Where a template, schema or the house style is, by the order above;
 * NULL when there is none.  Caller frees. */
char *inputs_find_template(const inputs_report *report, const char *name);
char *inputs_find_schema(const inputs_report *report, const char *file);
char *inputs_find_house_style(const inputs_report *report);

/* The folder of a profile as a manifest names it: with a '/', a folder
 * relative to base_dir; else the first profiles_path folder that has it.
 * NULL when there is none.  Caller frees. */
char *inputs_find_profile(const char *name, const char *base_dir, const char *profiles_path);
/* The profile names the folders of profiles_path offer, sorted, for
 * messages: "leicestershire, wealdbridge".  Caller frees. */
char *inputs_profile_names(const char *profiles_path);

/* The Schedule 12A paragraph a node of the manifest or a data file is
 * exempt under: its own mark, else the nearest marked element around it
 * (an attribute: its own mark, else its element's); 0 when none. */
int inputs_exempt_of(const xmlNode *node);

/* The parsed data file for a variable name, or NULL. */
xmlDocPtr inputs_data(const inputs_report *report, const char *name);

#endif
