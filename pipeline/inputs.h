/*
 * inputs.h - a report's input folder: the manifest (report.xml) and the data
 * files it names, each parsed and checked against its schema before anything
 * is merged.
 *
 * A data file's schema is chosen by its root element: <meeting> is checked
 * against schemas/meeting.xsd.  In templates, a data file is the variable
 * named after the file (meeting.xml is $meeting); the manifest is $report.
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
    char *appendix;     /* appendix letter, or NULL */
    GPtrArray *data;    /* variable names (char *) of the data it uses */
    int line;           /* line of <document> in the manifest */
    build_deps *read;   /* the files its inputs came from: the manifest, its
                           data files and the schemas they were checked against */
} inputs_document;

typedef struct {
    char *dir;            /* the input folder as given */
    char *name;           /* its last component: names the output folder */
    char *manifest_path;
    xmlDocPtr manifest;
    GHashTable *data;     /* variable name -> xmlDocPtr; for look-ups only */
    GHashTable *data_read;/* variable name -> build_deps *: that file and its schemas */
    build_deps *manifest_read; /* report.xml and its schemas */
    GPtrArray *documents; /* inputs_document *, in manifest order */
} inputs_report;

/* Load dir/report.xml and every data file it names, each validated.
 * Returns NULL with "file:line: what is wrong" in error. */
inputs_report *inputs_load(const char *dir, const char *schema_dir, GError **error);
void inputs_free(inputs_report *report);

/* The parsed data file for a variable name, or NULL. */
xmlDocPtr inputs_data(const inputs_report *report, const char *name);

#endif
