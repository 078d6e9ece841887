/*
 * xmlload.c - parse and validate XML files, reporting file:line errors.
 */
#include "xmlload.h"
#include "guard.h"
#include "schema_advice.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK(papers-error-quark, papers_error)

/* ---- the files a schema reads ---------------------------------------------- */

/* libxml2 opens a schema's includes through one process-wide loader hook.
 * Ours does two things for every file it is asked for: a file that is not
 * where the including schema says is taken from the shipped schemas, if
 * they have one of that name (so a profile's schema may include
 * common.xsd by name); and while one schema is parsed for a build that
 * records what it reads (load_schema), the file actually opened is added to
 * schema_reads: the record is what was read, not a guess from xs:include
 * elements.  Papers parses schemas from one thread at a time.  Nothing is
 * ever fetched from a network. */
static char *schema_home;                   /* xmlload_set_schema_home */
static build_deps *schema_reads;            /* set during one load_schema */
static xmlExternalEntityLoader libxml_loader; /* libxml2's own, saved once */

static xmlParserInputPtr papers_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    char *file = url && g_str_has_prefix(url, "file:") ? g_filename_from_uri(url, NULL, NULL)
                                                        : g_strdup(url);
    if (file && schema_home && !strstr(file, "://") && !g_file_test(file, G_FILE_TEST_EXISTS)) {
        char *base = g_path_get_basename(file);
        char *shipped = g_build_filename(schema_home, base, NULL);
        g_free(base);
        if (g_file_test(shipped, G_FILE_TEST_IS_REGULAR)) {
            g_free(file);
            file = shipped;
        } else {
            g_free(shipped);
        }
    }
    if (file && schema_reads)
        build_deps_add(schema_reads, DEP_SCHEMA, file);
    xmlParserInputPtr input = libxml_loader(file ? file : url, id, ctxt);
    g_free(file);
    return input;
}

static void install_loader(void)
{
    if (!libxml_loader) {
        libxml_loader = xmlGetExternalEntityLoader();
        xmlSetExternalEntityLoader(papers_loader);
    }
}

void xmlload_set_schema_home(const char *dir)
{
    install_loader();
    g_free(schema_home);
    schema_home = g_strdup(dir);
}

void xmlload_quiet(void *context, const char *format, ...)
{
    (void)context;
    (void)format;
}

/* The longest message papers prints, in characters: a screenful.  Longer
 * ones are long because they quote the input. */
#define XMLLOAD_MAX_MESSAGE_CHARS 600

void xmlload_error_at(GError **error, int code, const char *file, int line,
                      const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *what = g_strdup_vprintf(format, args);
    va_end(args);
    /* One line per error: libxml2 sometimes adds a second line of detail. */
    g_strchomp(what);
    for (char *p = what; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    /* A message echoes values from the input, which may be megabytes long:
     * keep its start and end, which say what is wrong and where. */
    glong chars = g_utf8_validate(what, -1, NULL) ? g_utf8_strlen(what, -1) : 0;
    if (chars > XMLLOAD_MAX_MESSAGE_CHARS) {
        char *head = g_utf8_substring(what, 0, XMLLOAD_MAX_MESSAGE_CHARS - 100);
        char *tail = g_utf8_substring(what, chars - 80, chars);
        char *shorter = g_strdup_printf("%s ... %s", head, tail);
        g_free(head);
        g_free(tail);
        g_free(what);
        what = shorter;
    }
    if (line > 0)
        g_set_error(error, PAPERS_ERROR, code, "%s:%d: %s", file, line, what);
    else
        g_set_error(error, PAPERS_ERROR, code, "%s: %s", file, what);
    g_free(what);
}

/* libxml2 messages end in a newline and sometimes repeat the element name
 * in a long form; keep them as they are apart from the trailing space.
 * Those that tell the user to set a parser option (XML_PARSE_HUGE), which
 * only a programmer can, say instead which limit was met. */
static void set_from_xml_error(GError **error, const char *path, const xmlError *e)
{
    if (!e) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0, "cannot be read");
        return;
    }
    const char *message = e->message ? e->message : "XML error";
    if (g_str_has_prefix(message, "Excessive depth in document")) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, e->line,
                         "elements are nested more than %ld deep, the most papers reads (%s): "
                         "flatten the data",
                         guard_limit(GUARD_DEPTH), guard_limit_variable(GUARD_DEPTH));
    } else if (g_str_has_prefix(message, "Input is not proper UTF-8")) {
        const char *bytes = strstr(message, "Bytes: ");
        char *shown = bytes ? g_strndup(bytes + 7, 4) : NULL; /* the first byte: "0xE9" */
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, e->line,
                         "this line is not UTF-8%s%s%s: save the file as UTF-8, or name its "
                         "encoding in its first line (<?xml version=\"1.0\" "
                         "encoding=\"ISO-8859-1\"?>)",
                         shown ? " (byte " : "", shown ? shown : "", shown ? ")" : "");
        g_free(shown);
    } else if (strstr(message, "XML_PARSE_HUGE")) {
        char *said = g_strdup(message);
        char *advice = strstr(said, "XML_PARSE_HUGE");
        while (advice > said && advice[-1] != ',' && advice[-1] != ':' &&
               !g_str_has_prefix(advice, " use") && !g_str_has_prefix(advice, " try"))
            advice--;
        *advice = '\0';
        g_strchomp(said);
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, e->line,
                         "%s: more than papers reads in one file; make it smaller", said);
        g_free(said);
    } else {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, e->line, "%s", message);
    }
}

/* Keep the first validation error only: later ones are mostly echoes. */
static void keep_first_error(void *data, xmlErrorPtr e)
{
    xmlError *first = data;
    if (first->code == 0 && e) {
        first->code = e->code ? e->code : 1;
        first->line = e->line;
        first->message = g_strdup(e->message ? e->message : "schema error");
    }
}

static xmlSchemaPtr load_schema(const char *schema_path, build_deps *read, GError **error)
{
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewParserCtxt(schema_path);
    xmlError first = {0};
    xmlSchemaSetParserStructuredErrors(pctxt, keep_first_error, &first);
    install_loader();
    schema_reads = read;
    xmlSchemaPtr schema = xmlSchemaParse(pctxt);
    schema_reads = NULL;
    xmlSchemaFreeParserCtxt(pctxt);
    if (!schema) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, schema_path, first.line,
                         "schema cannot be loaded: %s",
                         first.message ? first.message : "not found");
    }
    g_free(first.message);
    return schema;
}

/* Validation errors are kept, up to this many, so the advice can look at
 * every error of the first one's line (libxml2 names a facet first and the
 * type in a later error); later lines are mostly echoes. */
#define XMLLOAD_MAX_ERRORS 16

static void keep_errors(void *data, xmlErrorPtr e)
{
    GArray *errors = data;
    if (e && errors->len < XMLLOAD_MAX_ERRORS) {
        schema_error kept = {e->line, g_strdup(e->message ? e->message : "schema error")};
        g_array_append_val(errors, kept);
    }
}

static void clear_error(gpointer p)
{
    g_free(((schema_error *)p)->message);
}

/* libxml2's first error in one line of ours: without the "[facet 'x']"
 * jargon and the final full stop, then what to write instead. */
static void set_validation_error(GError **error, const char *path, const char *schema_path,
                                 const GArray *errors)
{
    if (errors->len == 0) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0, "does not match its schema");
        return;
    }
    const schema_error *first = &g_array_index(errors, schema_error, 0);
    GString *what = g_string_new(first->message);
    const char *facet = strstr(what->str, "[facet '");
    const char *end = facet ? strstr(facet, "'] ") : NULL;
    if (end)
        g_string_erase(what, facet - what->str, end + 3 - facet);
    g_strchomp(what->str);
    g_string_set_size(what, strlen(what->str));
    if (what->len && what->str[what->len - 1] == '.')
        g_string_truncate(what, what->len - 1);
    char *advice = schema_advice(schema_path, schema_home,
                                 (const schema_error *)(void *)errors->data, (int)errors->len);
    if (advice)
        g_string_append_printf(what, "; %s", advice);
    xmlload_error_at(error, PAPERS_ERROR_INPUT, path, first->line, "%s", what->str);
    g_free(advice);
    g_string_free(what, TRUE);
}

gboolean xmlload_validate(xmlDocPtr doc, const char *path, const char *schema_path,
                          build_deps *read, GError **error)
{
    xmlSchemaPtr schema = load_schema(schema_path, read, error);
    if (!schema)
        return FALSE;
    xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
    GArray *errors = g_array_new(FALSE, FALSE, sizeof(schema_error));
    g_array_set_clear_func(errors, clear_error);
    xmlSchemaSetValidStructuredErrors(vctxt, keep_errors, errors);
    int rc = xmlSchemaValidateDoc(vctxt, doc);
    xmlSchemaFreeValidCtxt(vctxt);
    xmlSchemaFree(schema);
    if (rc != 0)
        set_validation_error(error, path, schema_path, errors);
    g_array_free(errors, TRUE);
    return rc == 0;
}

/* ---- reading a file ------------------------------------------------------------ */

/* What kind of thing a non-regular file is, for messages. */
static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not an ordinary file";
}

/* Why path could not be opened, with what to do. */
static void set_open_error(GError **error, const char *path, int err)
{
    struct stat link;
    if (err == ENOENT && lstat(path, &link) == 0 && S_ISLNK(link.st_mode)) {
        char *target = g_file_read_link(path, NULL);
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "is a symbolic link to %s, which does not exist; put the file itself "
                         "here",
                         target ? target : "a missing file");
        g_free(target);
    } else if (err == ENOENT) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0, "does not exist");
    } else if (err == EACCES || err == EPERM) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "cannot be read (permission denied): make it readable by the user "
                         "who runs papers (chmod a+r)");
    } else if (err == ELOOP) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "is a loop of symbolic links; put the file itself here");
    } else {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0, "cannot be read: %s",
                         g_strerror(err));
    }
}

/* The whole of an ordinary file of at most GUARD_MAX_INPUT_BYTES; NULL
 * with "path: what is wrong; what to do" in error.  Opened without
 * blocking, so a FIFO is named rather than waited on for ever. */
static char *read_input(const char *path, gsize *len, GError **error)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        set_open_error(error, path, errno);
        return NULL;
    }
    long max = guard_limit(GUARD_INPUT_BYTES);
    struct stat st;
    char *data = NULL;
    if (fstat(fd, &st) != 0) {
        set_open_error(error, path, errno);
    } else if (!S_ISREG(st.st_mode)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "is %s, not a file: papers reads only ordinary files; put the file "
                         "itself here",
                         file_kind(st.st_mode));
    } else if (st.st_size > max) {
        char *size = g_format_size((guint64)st.st_size), *most = g_format_size((guint64)max);
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                         "is %s, more than the %s papers reads in one file (%s); split it, or "
                         "shorten its text",
                         size, most, guard_limit_variable(GUARD_INPUT_BYTES));
        g_free(size);
        g_free(most);
    } else {
        /* Read to the end, not to st_size: the file may be growing. */
        data = g_malloc((gsize)max + 1);
        gsize got = 0;
        for (ssize_t n; got <= (gsize)max && (n = read(fd, data + got, (gsize)max + 1 - got));) {
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                set_open_error(error, path, errno);
                g_clear_pointer(&data, g_free);
                break;
            }
            got += (gsize)n;
        }
        if (data && got > (gsize)max) {
            char *most = g_format_size((guint64)max);
            xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0,
                             "grew past the %s papers reads in one file (%s) while it was "
                             "read; split it",
                             most, guard_limit_variable(GUARD_INPUT_BYTES));
            g_free(most);
            g_clear_pointer(&data, g_free);
        }
        *len = got;
    }
    close(fd);
    return data;
}

/* A DOCTYPE stops the parse the moment it is seen, before any entity,
 * external subset or parameter entity in it is read. */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    int *doctype_line = ctxt->_private;
    *doctype_line = ctxt->input ? ctxt->input->line : 1;
    xmlStopParser(ctxt);
}

xmlDocPtr xmlload_file(const char *path, const char *schema_path, build_deps *read,
                       dep_role role, GError **error)
{
    build_deps_add(read, role, path);
    gsize len = 0;
    char *bytes = read_input(path, &len, error);
    if (!bytes)
        return NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        g_free(bytes);
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 0, "out of memory");
        return NULL;
    }
    int doctype_line = 0;
    ctxt->_private = &doctype_line;
    ctxt->sax->internalSubset = refuse_doctype;
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                  XML_PARSE_NOCDATA;
    /* libxml2's own depth limit is GUARD_MAX_DEPTH; it may be lowered for
     * this file's parse (not a schema's), never raised past what libxml2
     * is built to take. */
    unsigned saved_depth = xmlParserMaxDepth;
    xmlParserMaxDepth = (unsigned)MIN(guard_limit(GUARD_DEPTH), GUARD_MAX_DEPTH);
    xmlDocPtr doc = len > INT_MAX ? NULL
                                  : xmlCtxtReadMemory(ctxt, bytes, (int)len, path, NULL, options);
    xmlParserMaxDepth = saved_depth;
    g_free(bytes);
    if (doctype_line > 0) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, doctype_line,
                         "a DOCTYPE is not allowed in papers XML: delete the <!DOCTYPE ...> "
                         "declaration (papers reads no DTDs or entities)");
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    if (!doc || !ctxt->wellFormed) {
        set_from_xml_error(error, path, xmlCtxtGetLastError(ctxt));
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    xmlFreeParserCtxt(ctxt);
    if (doc->intSubset || doc->extSubset) { /* not reached: refuse_doctype stops first */
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, 1,
                         "a DOCTYPE is not allowed in papers XML");
        xmlFreeDoc(doc);
        return NULL;
    }
    if (schema_path && !xmlload_validate(doc, path, schema_path, read, error)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

char *xmlload_folded_text(xmlNodePtr node)
{
    xmlChar *raw = xmlNodeGetContent(node);
    GString *out = g_string_new(NULL);
    gboolean space = FALSE;
    for (const char *p = raw ? (const char *)raw : ""; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(out, ' ');
        space = FALSE;
        g_string_append_c(out, *p);
    }
    xmlFree(raw);
    return g_string_free(out, FALSE);
}

char *xmlload_attr(xmlNodePtr node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}
