/*
 * write_common.c - what every writer shares: the error domain and the one
 * rule for metadata timestamps.
 */
#include "write.h"

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
