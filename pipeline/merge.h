/*
 * merge.h - the template engine: a template plus a report's data gives a
 * prepared document tree.
 *
 * The template language is described in templates/README.md and checked by
 * schemas/template.xsd.  Expressions are XPath 1.0 (libxml2) over the data
 * files the manifest names for the document; the functions council wording
 * needs are in xpathfn.h.
 */
#ifndef PAPERS_MERGE_H
#define PAPERS_MERGE_H

#include "doc.h"
#include "inputs.h"

#include <glib.h>

/* Merge one document of a report.  template_path is the template file;
 * schema_dir holds template.xsd.  Returns a prepared tree, or NULL with a
 * "file:line: what is wrong" error naming the template (or the data file
 * a bad value came from) and the expression.  The template and the schemas
 * it was checked against are recorded in read when it is not NULL. */
doc_document *merge_document(const inputs_report *report, const inputs_document *document,
                             const char *template_path, const char *schema_dir,
                             build_deps *read, GError **error);

#endif
