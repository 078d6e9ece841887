/*
 * redline.h - what changed between two archived versions of a report:
 * `papers diff`, and the redlines a build adds to a version for each
 * document whose words changed since the version before
 * (<output>-changes.docx and .pdf, docs/archive.md).
 *
 * Both read the old version's document trees from its <output>.tree.xml
 * files (doc_document_load), checked against its manifest, and compare
 * them with doc_diff (doc_diff.h).  Nothing here writes a file: a build
 * hands the redlines' bytes to the archive.
 */
#ifndef PAPERS_REDLINE_H
#define PAPERS_REDLINE_H

#include "archive.h"
#include "doc.h"
#include "style.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/* Redlines are named after their document: "appendix-b" + REDLINE_SUFFIX
 * + ".docx". */
#define REDLINE_SUFFIX "-changes"

/* What a redline says about itself. */
typedef struct {
    const char *document;    /* "Appendix B – Leicestershire Community Safety Agreement" */
    int old_version;
    const char *old_built_at; /* the versions' build times, "2026-12-01T10:02:03Z" */
    int new_version;
    const char *new_built_at;
    const char *author;       /* of the new version: the tracked changes' author */
    const char *reason;       /* of the new version, or NULL */
} redline_info;

/* How a clerk names a document of a report: "Appendix B – <title>", or
 * the title alone, or (with neither) the output name.  Caller frees. */
char *redline_document_name(const char *appendix, const char *title, const char *output);

/* The redline of old_doc -> new_doc, ready to write: its metadata says who
 * changed it and when (DOC_META_CHANGE_AUTHOR, _DATE: the new version's
 * build time) and which versions it compares (DOC_META_CHANGE_NOTE, and
 * the title: "<title> (changes from version 1 to version 2)"); it is
 * prepared with style (and measure, as the build's trees are) and checked.  NULL when the words did not change
 * (error unset), or on error (a broken invariant: PAPERS_ERROR_OUTPUT). */
doc_document *redline_make(const doc_document *old_doc, const doc_document *new_doc,
                           const redline_info *info, const house_style *style,
                           const doc_measure *measure, GError **error);

/* The tree of document output ("appendix-b") of an archived version, read
 * from its tree.xml; NULL with error when the version has none, it does
 * not match the manifest, or it cannot be read (PAPERS_ERROR_INPUT). */
doc_document *redline_load_tree(const char *archive_dir, const archive_record *record,
                                const char *output, GError **error);

/* `papers diff ARCHIVE_DIR FROM TO`: the versions compared, then for each
 * document whose tree differs its changes (doc_diff_describe), then the
 * documents added, removed and unchanged.  False with error when a version
 * or one of its trees cannot be read. */
bool redline_diff_versions(const char *archive_dir, const char *from, const char *to,
                           const char *schema_path, FILE *out, GError **error);

#endif
