/*
 * archive_record.c - a version's record and its manifest.xml (see
 * archive_record.h).
 */
#include "archive_record.h"
#include "xmlload.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

/* The manifest format this code writes and reads (the root's format=). */
/* 2: input paths start with their root folder; 3: outputs may be redlines
 * (role="redline" compared-with="N"); 4: outputs may be exempt versions
 * (exempt="yes") and the version may say it made them
 * (exempt-versions="yes").  A manifest is written in the oldest format
 * that can hold it, so a report without exempt versions has the manifest
 * it always had; formats 2 to 4 read. */
#define RECORD_FORMAT "3"
#define RECORD_FORMAT_EXEMPT "4"

static void input_free(gpointer p)
{
    archive_input *in = p;
    g_free(in->path);
    g_free(in);
}

static void output_free(gpointer p)
{
    archive_output *out = p;
    g_free(out->name);
    g_free(out->format);
    g_ptr_array_free(out->uses, TRUE);
    g_free(out);
}

archive_record *archive_record_new(void)
{
    archive_record *r = g_new0(archive_record, 1);
    r->source_date_epoch = -1;
    r->inputs = g_ptr_array_new_with_free_func(input_free);
    r->outputs = g_ptr_array_new_with_free_func(output_free);
    return r;
}

void archive_record_free(archive_record *r)
{
    if (!r)
        return;
    g_free(r->report);
    g_free(r->pipeline_version);
    g_free(r->built_at);
    g_free(r->author);
    g_free(r->reason);
    /* Outputs borrow inputs: free them first. */
    g_ptr_array_free(r->outputs, TRUE);
    g_ptr_array_free(r->inputs, TRUE);
    g_free(r);
}

archive_input *archive_record_add_input(archive_record *r, dep_role role, const char *path,
                                        const char *sha256, guint64 size)
{
    archive_input *in = g_new0(archive_input, 1);
    in->role = role;
    in->path = g_strdup(path);
    g_strlcpy(in->sha256, sha256, sizeof in->sha256);
    in->size = size;
    g_ptr_array_add(r->inputs, in);
    return in;
}

const archive_input *archive_record_find_input(const archive_record *r, dep_role role,
                                               const char *path)
{
    for (guint i = 0; i < r->inputs->len; i++) {
        const archive_input *in = g_ptr_array_index(r->inputs, i);
        if (in->role == role && strcmp(in->path, path) == 0)
            return in;
    }
    return NULL;
}

archive_output *archive_record_add_output(archive_record *r, const char *name,
                                          const char *format)
{
    archive_output *out = g_new0(archive_output, 1);
    out->name = g_strdup(name);
    out->format = g_strdup(format);
    out->uses = g_ptr_array_new();
    g_ptr_array_add(r->outputs, out);
    return out;
}

const archive_output *archive_record_find_output(const archive_record *r, const char *name)
{
    for (guint i = 0; i < r->outputs->len; i++) {
        const archive_output *out = g_ptr_array_index(r->outputs, i);
        if (strcmp(out->name, name) == 0)
            return out;
    }
    return NULL;
}

guint archive_record_count_rebuilt(const archive_record *r)
{
    guint n = 0;
    for (guint i = 0; i < r->outputs->len; i++) {
        const archive_output *o = g_ptr_array_index(r->outputs, i);
        n += o->carried_from == 0 && !o->redline;
    }
    return n;
}

guint archive_record_count_documents(const archive_record *r)
{
    guint n = 0;
    for (guint i = 0; i < r->outputs->len; i++)
        n += !((const archive_output *)g_ptr_array_index(r->outputs, i))->redline;
    return n;
}

void archive_sha256(const void *data, gsize len, char out[ARCHIVE_SHA256_HEX])
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(sum, data, len);
    g_strlcpy(out, g_checksum_get_string(sum), ARCHIVE_SHA256_HEX);
    g_checksum_free(sum);
}

bool archive_path_is_safe(const char *path)
{
    if (!path || !*path || path[0] == '/')
        return false;
    char **parts = g_strsplit(path, "/", -1);
    bool safe = true;
    for (int i = 0; parts[i] && safe; i++)
        safe = *parts[i] && !g_str_equal(parts[i], ".") && !g_str_equal(parts[i], "..");
    g_strfreev(parts);
    return safe;
}

/* ---- writing -------------------------------------------------------------- */

/* Role order, then byte order of paths: never the locale's collation. */
static int compare_inputs(gconstpointer a, gconstpointer b)
{
    const archive_input *x = *(archive_input *const *)a, *y = *(archive_input *const *)b;
    if (x->role != y->role)
        return x->role < y->role ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* The inputs in manifest order, borrowed (g_ptr_array_copy would carry the
 * owner's free function along). */
static GPtrArray *sorted_inputs(const GPtrArray *inputs)
{
    GPtrArray *sorted = g_ptr_array_sized_new(inputs->len);
    for (guint i = 0; i < inputs->len; i++)
        g_ptr_array_add(sorted, g_ptr_array_index(inputs, i));
    g_ptr_array_sort(sorted, compare_inputs);
    return sorted;
}

static void attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    xmlTextWriterWriteAttribute(w, (const xmlChar *)name, (const xmlChar *)value);
}

static void attr_int(xmlTextWriterPtr w, const char *name, gint64 value)
{
    char text[24];
    g_snprintf(text, sizeof text, "%" G_GINT64_FORMAT, value);
    attr(w, name, text);
}

static void element_text(xmlTextWriterPtr w, const char *name, const char *text)
{
    xmlTextWriterWriteElement(w, (const xmlChar *)name, (const xmlChar *)text);
}

static void write_input(xmlTextWriterPtr w, const archive_input *in)
{
    xmlTextWriterStartElement(w, (const xmlChar *)"input");
    attr(w, "role", dep_role_name(in->role));
    attr(w, "path", in->path);
    attr(w, "sha256", in->sha256);
    attr_int(w, "size", (gint64)in->size);
    xmlTextWriterEndElement(w);
}

static void write_output(xmlTextWriterPtr w, const archive_output *out)
{
    xmlTextWriterStartElement(w, (const xmlChar *)"output");
    attr(w, "name", out->name);
    attr(w, "format", out->format);
    attr(w, "sha256", out->sha256);
    attr_int(w, "size", (gint64)out->size);
    attr_int(w, "built-in", out->built_in);
    if (out->carried_from)
        attr_int(w, "carried-from", out->carried_from);
    if (out->redline) {
        attr(w, "role", "redline");
        attr_int(w, "compared-with", out->compared_with);
    }
    if (out->exempt)
        attr(w, "exempt", "yes");
    GPtrArray *uses = sorted_inputs(out->uses);
    for (guint i = 0; i < uses->len; i++) {
        const archive_input *in = g_ptr_array_index(uses, i);
        xmlTextWriterStartElement(w, (const xmlChar *)"uses");
        attr(w, "role", dep_role_name(in->role));
        attr(w, "path", in->path);
        xmlTextWriterEndElement(w);
    }
    g_ptr_array_free(uses, TRUE);
    xmlTextWriterEndElement(w);
}

static void write_record(xmlTextWriterPtr w, const archive_record *r)
{
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    bool exempt = r->exempt_versions;
    for (guint i = 0; i < r->outputs->len && !exempt; i++)
        exempt = ((const archive_output *)g_ptr_array_index(r->outputs, i))->exempt;
    xmlTextWriterStartElement(w, (const xmlChar *)"version");
    attr(w, "format", exempt ? RECORD_FORMAT_EXEMPT : RECORD_FORMAT);
    attr(w, "report", r->report);
    attr_int(w, "number", r->number);
    if (r->exempt_versions)
        attr(w, "exempt-versions", "yes");
    xmlTextWriterStartElement(w, (const xmlChar *)"pipeline");
    attr(w, "version", r->pipeline_version);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, (const xmlChar *)"built");
    attr(w, "at", r->built_at);
    if (r->source_date_epoch >= 0)
        attr_int(w, "source-date-epoch", r->source_date_epoch);
    xmlTextWriterEndElement(w);
    if (r->previous) {
        xmlTextWriterStartElement(w, (const xmlChar *)"previous");
        attr_int(w, "number", r->previous);
        attr(w, "manifest-sha256", r->previous_manifest_sha256);
        xmlTextWriterEndElement(w);
    }
    element_text(w, "author", r->author);
    if (r->reason)
        element_text(w, "reason", r->reason);
    GPtrArray *inputs = sorted_inputs(r->inputs);
    xmlTextWriterStartElement(w, (const xmlChar *)"inputs");
    for (guint i = 0; i < inputs->len; i++)
        write_input(w, g_ptr_array_index(inputs, i));
    xmlTextWriterEndElement(w);
    g_ptr_array_free(inputs, TRUE);
    xmlTextWriterStartElement(w, (const xmlChar *)"outputs");
    for (guint i = 0; i < r->outputs->len; i++)
        write_output(w, g_ptr_array_index(r->outputs, i));
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
}

GBytes *archive_record_to_xml(const archive_record *r)
{
    xmlBufferPtr buffer = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buffer, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
    write_record(w, r);
    xmlFreeTextWriter(w); /* flushes into buffer */
    GBytes *bytes = g_bytes_new(xmlBufferContent(buffer), (gsize)xmlBufferLength(buffer));
    xmlBufferFree(buffer);
    return bytes;
}

/* ---- reading -------------------------------------------------------------- */

static char *prop(xmlNodePtr n, const char *name)
{
    char *v = xmlload_attr(n, name);
    char *copy = v ? g_strdup(v) : NULL;
    xmlFree(v);
    return copy;
}

/* A number the schema has already checked; 0 when absent.  The schema's
 * positiveInteger has no upper bound: a larger one than an int holds is
 * kept as G_MAXINT, which no real version number reaches, so the checks
 * that follow name it rather than a wrapped-around value. */
static gint64 prop_int(xmlNodePtr n, const char *name)
{
    char *v = xmlload_attr(n, name);
    gint64 value = v ? g_ascii_strtoll(v, NULL, 10) : 0;
    xmlFree(v);
    return CLAMP(value, G_MININT, G_MAXINT);
}

static bool is(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && g_str_equal((const char *)n->name, name);
}

/* role and path of an <input> or <uses>; false if a path could leave its
 * folder (the schema cannot say "no .. part"). */
static bool read_key(xmlNodePtr n, const char *file, dep_role *role, char **path,
                     GError **error)
{
    char *role_name = prop(n, "role");
    bool ok = dep_role_from_name(role_name, role);
    g_free(role_name);
    *path = prop(n, "path");
    if (!ok || !archive_path_is_safe(*path)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, file, xmlGetLineNo(n),
                         "path '%s' is not a plain relative path", *path);
        g_free(*path);
        *path = NULL;
        return false;
    }
    return true;
}

static bool read_input(archive_record *r, xmlNodePtr n, const char *file, GError **error)
{
    dep_role role;
    char *path;
    if (!read_key(n, file, &role, &path, error))
        return false;
    char *sha = prop(n, "sha256");
    archive_record_add_input(r, role, path, sha, (guint64)prop_int(n, "size"));
    g_free(sha);
    g_free(path);
    return true;
}

static bool read_output(archive_record *r, xmlNodePtr n, const char *file, GError **error)
{
    char *name = prop(n, "name"), *format = prop(n, "format"), *sha = prop(n, "sha256");
    archive_output *out = archive_record_add_output(r, name, format);
    g_strlcpy(out->sha256, sha, sizeof out->sha256);
    out->size = (guint64)prop_int(n, "size");
    out->built_in = (int)prop_int(n, "built-in");
    out->carried_from = (int)prop_int(n, "carried-from");
    char *output_role = prop(n, "role");
    out->redline = output_role && g_str_equal(output_role, "redline");
    out->compared_with = (int)prop_int(n, "compared-with");
    char *exempt = prop(n, "exempt");
    out->exempt = exempt && g_str_equal(exempt, "yes");
    g_free(exempt);
    g_free(output_role);
    g_free(name);
    g_free(format);
    g_free(sha);
    if (out->redline != (out->compared_with > 0)) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, file, xmlGetLineNo(n),
                         "a redline names the version it is compared with "
                         "(role=\"redline\" and compared-with go together)");
        return false;
    }
    for (xmlNodePtr u = n->children; u; u = u->next) {
        if (!is(u, "uses"))
            continue;
        dep_role role;
        char *path;
        if (!read_key(u, file, &role, &path, error))
            return false;
        /* The schema's keyref guarantees the input is listed. */
        const archive_input *in = archive_record_find_input(r, role, path);
        g_free(path);
        if (in)
            g_ptr_array_add(out->uses, (gpointer)in);
    }
    return true;
}

static bool read_record(archive_record *r, xmlNodePtr root, const char *file, GError **error)
{
    r->report = prop(root, "report");
    r->number = (int)prop_int(root, "number");
    char *versions = prop(root, "exempt-versions");
    r->exempt_versions = versions && g_str_equal(versions, "yes");
    g_free(versions);
    bool ok = true;
    for (xmlNodePtr n = root->children; n && ok; n = n->next) {
        if (is(n, "pipeline")) {
            r->pipeline_version = prop(n, "version");
        } else if (is(n, "built")) {
            r->built_at = prop(n, "at");
            char *epoch = xmlload_attr(n, "source-date-epoch");
            r->source_date_epoch = epoch ? g_ascii_strtoll(epoch, NULL, 10) : -1;
            xmlFree(epoch);
        } else if (is(n, "previous")) {
            r->previous = (int)prop_int(n, "number");
            char *sha = prop(n, "manifest-sha256");
            g_strlcpy(r->previous_manifest_sha256, sha, sizeof r->previous_manifest_sha256);
            g_free(sha);
        } else if (is(n, "author")) {
            r->author = xmlload_folded_text(n);
        } else if (is(n, "reason")) {
            r->reason = xmlload_folded_text(n);
        } else if (is(n, "inputs")) {
            for (xmlNodePtr c = n->children; c && ok; c = c->next)
                ok = !is(c, "input") || read_input(r, c, file, error);
        } else if (is(n, "outputs")) {
            for (xmlNodePtr c = n->children; c && ok; c = c->next)
                ok = !is(c, "output") || read_output(r, c, file, error);
        }
    }
    return ok;
}

archive_record *archive_record_load(const char *path, const char *schema_path, GError **error)
{
    xmlDocPtr doc = xmlload_file(path, schema_path, NULL, DEP_MANIFEST, error);
    if (!doc)
        return NULL;
    archive_record *r = archive_record_new();
    if (!read_record(r, xmlDocGetRootElement(doc), path, error)) {
        archive_record_free(r);
        r = NULL;
    }
    xmlFreeDoc(doc);
    return r;
}
