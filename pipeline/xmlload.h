/*
 * xmlload.h - read an XML file and check it against a schema, with errors
 * that name the file and line ("inputs/x/consultation.xml:12: ...").
 */
#ifndef PAPERS_XMLLOAD_H
#define PAPERS_XMLLOAD_H

#include "deps.h"

#include <glib.h>
#include <libxml/tree.h>

#define PAPERS_ERROR (papers_error_quark())
GQuark papers_error_quark(void);
typedef enum {
    PAPERS_ERROR_INPUT,    /* bad data: parse, schema or value error */
    PAPERS_ERROR_TEMPLATE, /* bad template */
    PAPERS_ERROR_OUTPUT,   /* cannot write the archive */
} papers_error_code;

/* Parse path (no network, no DTD loading, no entity expansion) keeping
 * line numbers.  If schema_path is not NULL, validate against that XSD.
 * Returns NULL with "path:line: message" in error on any problem.
 * Caller frees the result with xmlFreeDoc.
 *
 * When read is not NULL, path is recorded in it under role, and every
 * schema file the validation opens (the schema and the files it includes)
 * under DEP_SCHEMA. */
xmlDocPtr xmlload_file(const char *path, const char *schema_path, build_deps *read,
                       dep_role role, GError **error);

/* Validate an already parsed document against an XSD; errors name path.
 * The schema files are recorded in read (if not NULL).  A schema is parsed
 * once per process and shared by every thread (parsed again if one of its
 * files changes); xmlload_forget_schemas frees them all. */
gboolean xmlload_validate(xmlDocPtr doc, const char *path, const char *schema_path,
                          build_deps *read, GError **error);

void xmlload_forget_schemas(void);

/* The folder of the shipped schemas.  A schema of a profile or report may
 * include a shipped one by its bare name (<xs:include
 * schemaLocation="common.xsd"/>): when the file is not beside the
 * including schema, it is taken from here.  Process-wide: the first call
 * (before any thread starts) sets it; a later call with the same folder
 * changes nothing, and one with another folder must not overlap a build in
 * another thread. */
void xmlload_set_schema_home(const char *dir);

/* A libxml2 generic error handler that prints nothing: our messages say
 * what went wrong, once, in one line. */
void xmlload_quiet(void *context, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* Set error to "file:line: message" (message printf-style). */
void xmlload_error_at(GError **error, int code, const char *file, int line,
                      const char *format, ...) G_GNUC_PRINTF(5, 6);

/* Text content of node with white space folded (runs of space, tab and
 * newline become one space; ends trimmed).  Caller frees with g_free. */
char *xmlload_folded_text(xmlNodePtr node);

/* Attribute value or NULL; caller frees with xmlFree. */
char *xmlload_attr(xmlNodePtr node, const char *name);

#endif
