/*
 * write_common.c - what every writer shares: the error domain, the sinks
 * and the one rule for metadata timestamps.
 */
#include "write.h"

#include <errno.h>
#include <stdio.h>

G_DEFINE_QUARK(papers-write-error-quark, write_error)

GDateTime *write_timestamp(const doc_document *doc, const write_options *opt)
{
    if (opt && opt->source_date_epoch >= 0) {
        GDateTime *t = g_date_time_new_from_unix_utc(opt->source_date_epoch);
        if (t)
            return t;
    }
    const char *date = doc_document_meta(doc, DOC_META_DATE);
    int y, m, d;
    if (date && sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        GDateTime *t = g_date_time_new_utc(y, m, d, 0, 0, 0);
        if (t)
            return t;
    }
    return g_date_time_new_utc(1980, 1, 1, 0, 0, 0);
}

/* ---- sinks ---------------------------------------------------------------- */

static bool sink_put_bytes(write_sink *sink, const void *data, size_t len)
{
    g_byte_array_append(sink->target, data, (guint)len);
    return true;
}

static bool sink_put_stream(write_sink *sink, const void *data, size_t len)
{
    if (fwrite(data, 1, len, sink->target) == len)
        return true;
    sink->error = errno ? errno : EIO;
    return false;
}

void write_sink_to_bytes(write_sink *sink, GByteArray *bytes)
{
    *sink = (write_sink){.put = sink_put_bytes, .target = bytes};
}

void write_sink_to_stream(write_sink *sink, FILE *stream)
{
    *sink = (write_sink){.put = sink_put_stream, .target = stream};
}

bool write_sink_put(write_sink *sink, const void *data, size_t len)
{
    if (sink->error)
        return false;
    if (len == 0)
        return true;
    if (len > G_MAXUINT) { /* a GByteArray holds at most 4 GiB */
        sink->error = EFBIG;
        return false;
    }
    return sink->put(sink, data, len);
}

bool write_sink_failed(const write_sink *sink, const char *what, GError **error)
{
    if (!sink->error)
        return false;
    g_set_error(error, WRITE_ERROR, WRITE_ERROR_IO, "cannot write %s: %s", what,
                g_strerror(sink->error));
    return true;
}

bool write_to_file(write_fn fn, const doc_document *doc, const house_style *style,
                   const write_options *opt, const char *path, GError **error)
{
    GByteArray *bytes = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, bytes);
    bool ok = fn(doc, style, opt, &sink, error);
    GError *io = NULL;
    if (ok && !g_file_set_contents(path, (const char *)bytes->data, bytes->len, &io)) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_IO, "%s", io->message);
        g_error_free(io);
        ok = false;
    }
    g_byte_array_free(bytes, TRUE);
    return ok;
}
