/*
 * xpathfn.h - the XPath functions council wording needs, registered on a
 * libxml2 XPath context: format-date, ordinal, weeks-between, days-between,
 * percent, upper, lower, join, current.  templates/README.md documents them.
 *
 * A function that fails (a date that does not exist, a value that is not a
 * number) raises an XPath error and leaves a message, and the data node the
 * bad value came from, in the xpathfn_report that ctxt->userData points to.
 */
#ifndef PAPERS_XPATHFN_H
#define PAPERS_XPATHFN_H

#include <glib.h>
#include <libxml/xpath.h>
#include <stdbool.h>

typedef struct {
    char *message;      /* first error since the last reset; owned here */
    int xpath_error;    /* libxml2's code when the error was its own, else 0 */
    xmlNodePtr origin;  /* data node the bad value came from, or NULL */
    xmlNodePtr current; /* what current() returns: the for-each item */
} xpathfn_report;

/* Register every function on ctxt, point ctxt->userData at report and
 * route libxml2's own XPath errors into it too. */
void xpathfn_register(xmlXPathContextPtr ctxt, xpathfn_report *report);

/* The names of the functions registered, for messages. */
const char *const *xpathfn_names(size_t *count);

/* Forget the last error (keeps current). */
void xpathfn_report_reset(xpathfn_report *report);

/* The pieces, for unit tests and other callers.  Each returns a newly
 * allocated string (g_free) or NULL with *error_message set (g_free). */
bool xpathfn_parse_date(const char *text, GDate *out);
char *xpathfn_format_date(const char *date, const char *picture, char **error_message);
char *xpathfn_ordinal(long n);
/* Decimals beyond this add nothing a paper needs and only show binary noise. */
#define XPATHFN_MAX_DECIMALS 6
char *xpathfn_percent(double fraction, int decimals);
/* Days from start to end (negative if end is earlier); false if a date is bad. */
bool xpathfn_days_between(const char *start, const char *end, long *days);

#endif
