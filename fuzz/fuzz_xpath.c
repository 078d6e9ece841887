/*
 * fuzz_xpath.c - the XPath functions council wording needs (xpathfn.h):
 * the input is an XPath expression, evaluated with those functions over
 * the data of the Wealdbridge example (every data file a variable, as a
 * template sees them), and its first two lines are also handed to the date
 * functions directly (a date and a format-date picture; two dates).
 */
#include "fuzz_common.h"
#include "guard.h"
#include "xpathfn.h"

#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static inputs_report *report;
static xmlNodePtr first_item; /* a context node for current() and position() */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    char *dir = g_build_filename(fuzz_inputs_dir(), "food-waste-2025", NULL);
    inputs_home home = fuzz_home();
    report = inputs_load(dir, &home, NULL);
    if (!report)
        abort();
    g_free(dir);
    xmlDocPtr paper = inputs_data(report, "paper");
    first_item = paper ? xmlDocGetRootElement(paper) : NULL;
    return 0;
}

static xmlXPathContextPtr new_context(xpathfn_report *r)
{
    xmlXPathContextPtr x = xmlXPathNewContext(report->manifest);
    x->node = xmlDocGetRootElement(report->manifest);
    x->opLimit = (unsigned long)guard_limit(GUARD_XPATH_STEPS); /* as merge.c does */
    xmlXPathRegisterVariable(x, (const xmlChar *)"report",
                             xmlXPathNewNodeSet(xmlDocGetRootElement(report->manifest)));
    GHashTableIter it;
    gpointer name, doc;
    g_hash_table_iter_init(&it, report->data);
    while (g_hash_table_iter_next(&it, &name, &doc))
        xmlXPathRegisterVariable(x, name, xmlXPathNewNodeSet(xmlDocGetRootElement(doc)));
    xpathfn_register(x, r);
    r->current = first_item;
    return x;
}

/* The date functions on their own, with the first two lines. */
static void dates(const char *text)
{
    char **lines = g_strsplit(text, "\n", 3);
    const char *a = lines[0] ? lines[0] : "", *b = lines[0] && lines[1] ? lines[1] : "";
    GDate date;
    xpathfn_parse_date(a, &date);
    char *message = NULL;
    char *formatted = xpathfn_format_date(a, b, &message);
    if ((formatted == NULL) == (message == NULL))
        abort(); /* a result or a reason, never both or neither */
    g_free(formatted);
    g_free(message);
    long days = 0;
    xpathfn_days_between(a, b, &days);
    g_strfreev(lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An expression comes from a parsed template: UTF-8 text, no NUL. */
    if (memchr(data, '\0', size) || !g_utf8_validate((const char *)data, (gssize)size, NULL))
        return 0;
    char *text = g_strndup((const char *)data, size);
    dates(text);
    xpathfn_report r = {0};
    xmlXPathContextPtr x = new_context(&r);
    xmlXPathObjectPtr obj = xmlXPathEval((const xmlChar *)text, x);
    if (obj) {
        xmlChar *s = xmlXPathCastToString(obj);
        if (s && !g_utf8_validate((const char *)s, -1, NULL))
            abort(); /* every function gives text a paper can hold */
        xmlFree(s);
    }
    xmlXPathFreeObject(obj);
    xpathfn_report_reset(&r);
    xmlXPathFreeContext(x);
    g_free(text);
    return 0;
}
