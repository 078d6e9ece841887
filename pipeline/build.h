/*
 * build.h - one report from input folder to archive: validate every input,
 * merge every document, write every format into a staging folder, and only
 * then move the files into output/<report>/.  Any error leaves the archive
 * exactly as it was.
 */
#ifndef PAPERS_BUILD_H
#define PAPERS_BUILD_H

#include "write.h"

#include <glib.h>
#include <stdbool.h>

typedef enum {
    BUILD_TXT = 1 << 0,
    BUILD_DOCX = 1 << 1,
    BUILD_PDF = 1 << 2,
    BUILD_TREE = 1 << 3, /* the document tree as canonical XML, for checking */
    BUILD_ALL = BUILD_TXT | BUILD_DOCX | BUILD_PDF,
} build_format;

typedef struct {
    const char *input_dir;    /* inputs/<report> */
    const char *output_root;  /* the archive: files go to output_root/<report>/ */
    const char *template_dir; /* shipped templates/ (house-style.xml and templates) */
    const char *schema_dir;   /* shipped schemas/ */
    const char *profiles_dir; /* shipped profiles/ (profiles by name), or NULL */
    unsigned formats;         /* build_format bits */
    write_options write;
} build_options;

/* Parse "txt,docx,pdf" into build_format bits; false on an unknown name. */
bool build_parse_formats(const char *list, unsigned *formats, GError **error);

/* Build a report.  On success, paths of the files written are added to
 * written (if not NULL; g_free'd strings).  Errors: PAPERS_ERROR_INPUT and
 * PAPERS_ERROR_TEMPLATE for bad inputs, PAPERS_ERROR_OUTPUT when the archive
 * cannot be written. */
bool build_report(const build_options *options, GPtrArray *written, GError **error);

/* Validate inputs and templates and merge every document, writing nothing. */
bool build_check(const build_options *options, GError **error);

#endif
