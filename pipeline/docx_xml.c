/*
 * docx_xml.c - the DOCX writer's thin layer over libxml2's xmlTextWriter.
 *
 * All XML of the package goes through here, so libxml2 does all escaping.
 * A failed call marks the part failed and turns later calls into no-ops;
 * the part is checked once when it is closed (see docx.h).
 */
#include "docx.h"
#include "write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void docx_xml_free(docx_xml *x)
{
    if (x->w)
        xmlFreeTextWriter(x->w);
    if (x->buf)
        xmlBufferFree(x->buf);
    x->w = NULL;
    x->buf = NULL;
}

bool docx_xml_open(docx_xml *x)
{
    x->failed = false;
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    x->error = NULL;
    if (!x->w) {
        docx_xml_free(x);
        return false;
    }
    /* standalone="yes" is what Word writes; no indenting, so bytes depend
     * only on content. */
    if (xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes") < 0)
        x->failed = true;
    return true;
}

void docx_xml_fail(docx_xml *x, GError *why)
{
    x->failed = true;
    if (x->error)
        g_error_free(why); /* keep the first reason */
    else
        x->error = why;
}

bool docx_xml_close(docx_xml *x, const char *part, char **data, gsize *len, GError **error)
{
    if (!x->failed && xmlTextWriterEndDocument(x->w) < 0)
        x->failed = true;
    /* Freeing the writer flushes it into the buffer. */
    xmlFreeTextWriter(x->w);
    x->w = NULL;
    if (!x->failed) {
        *len = (gsize)xmlBufferLength(x->buf);
        *data = malloc(*len ? *len : 1);
        if (*data)
            memcpy(*data, xmlBufferContent(x->buf), *len);
        else
            x->failed = true;
    }
    docx_xml_free(x);
    if (!x->failed)
        return true;
    if (x->error)
        g_propagate_prefixed_error(error, x->error, "%s: ", part);
    else
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED,
                    "%s: the XML writer failed (xmlTextWriter reported an error)", part);
    x->error = NULL;
    return false;
}

static void docx_check(docx_xml *x, int rc)
{
    if (rc < 0)
        x->failed = true;
}

void docx_start(docx_xml *x, const char *name)
{
    if (!x->failed)
        docx_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void docx_end(docx_xml *x)
{
    if (!x->failed)
        docx_check(x, xmlTextWriterEndElement(x->w));
}

void docx_attr(docx_xml *x, const char *name, const char *value)
{
    if (!x->failed)
        docx_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}

void docx_attr_int(docx_xml *x, const char *name, long value)
{
    char text[32];
    g_snprintf(text, sizeof text, "%ld", value);
    docx_attr(x, name, text);
}

void docx_string(docx_xml *x, const char *text)
{
    if (!x->failed)
        docx_check(x, xmlTextWriterWriteString(x->w, BAD_CAST text));
}

void docx_empty(docx_xml *x, const char *name)
{
    docx_start(x, name);
    docx_end(x);
}

void docx_val(docx_xml *x, const char *name, const char *value)
{
    docx_start(x, name);
    docx_attr(x, "w:val", value);
    docx_end(x);
}

void docx_val_int(docx_xml *x, const char *name, long value)
{
    docx_start(x, name);
    docx_attr_int(x, "w:val", value);
    docx_end(x);
}

void docx_text_element(docx_xml *x, const char *name, const char *text)
{
    docx_start(x, name);
    docx_string(x, text);
    docx_end(x);
}

/* Write <w:t> (or <w:delText>); xml:space="preserve" keeps spaces Word
 * would trim. */
static void docx_t(docx_xml *x, const char *element, const char *text, size_t n)
{
    char *s = g_strndup(text, n);
    docx_start(x, element);
    if (s[0] == ' ' || s[n - 1] == ' ' || strstr(s, "  "))
        docx_attr(x, "xml:space", "preserve");
    docx_string(x, s);
    docx_end(x);
    g_free(s);
}

static void docx_run_text_in(docx_xml *x, const char *element, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\t\r\n");
        if (n)
            docx_t(x, element, p, n);
        p += n;
        if (*p == '\t') {
            docx_empty(x, "w:tab");
        } else if (*p == '\r' || *p == '\n') {
            if (p[0] == '\r' && p[1] == '\n')
                p++; /* CR LF is one break */
            docx_empty(x, "w:br");
        }
        if (*p)
            p++;
    }
}

void docx_run_text(docx_xml *x, const char *text)
{
    docx_run_text_in(x, "w:t", text);
}

void docx_run_deleted_text(docx_xml *x, const char *text)
{
    docx_run_text_in(x, "w:delText", text);
}

long docx_twips(double pt) { return lround(pt * 20); }
long docx_half_points(double pt) { return lround(pt * 2); }
