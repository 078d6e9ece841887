/*
 * xpathfn.c - XPath functions for council wording (see xpathfn.h).
 *
 * Dates are ISO 8601 calendar dates (YYYY-MM-DD, as xs:date), checked with
 * GDate so 2019-02-30 is refused and 2020-02-29 accepted; arithmetic uses
 * GDateTime.  Numbers are formatted without the locale.
 */
#include "xpathfn.h"

#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const weekday_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};

/* ---- pure helpers ------------------------------------------------------ */

bool xpathfn_parse_date(const char *text, GDate *out)
{
    int y, m, d, used = 0;
    if (!text)
        return false;
    while (g_ascii_isspace(*text))
        text++;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
        return false;
    for (const char *rest = text + used; *rest; rest++)
        if (!g_ascii_isspace(*rest) && !strchr("Z+-:0123456789", *rest))
            return false; /* allow an xs:date time zone, nothing else */
    if (y < 1 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
        return false;
    g_date_clear(out, 1);
    g_date_set_dmy(out, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    return true;
}

char *xpathfn_ordinal(long n)
{
    long last_two = labs(n) % 100, last = labs(n) % 10;
    const char *suffix = "th";
    if (last_two < 11 || last_two > 13)
        suffix = last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return g_strdup_printf("%ld%s", n, suffix);
}

/* One [component] of a picture string: D, D01, D1o, M, M01, MNn, MN, Mn,
 * Y, Y0001, FNn, FN, Fn.  Appends to out; false if not understood. */
static bool format_component(GString *out, const char *spec, const GDate *date)
{
    int day = g_date_get_day(date), month = g_date_get_month(date);
    int year = g_date_get_year(date);
    const char *month_name = month_names[month - 1];
    const char *weekday = weekday_names[g_date_get_weekday(date) - 1];
    if (g_str_equal(spec, "D") || g_str_equal(spec, "D1"))
        g_string_append_printf(out, "%d", day);
    else if (g_str_equal(spec, "D01"))
        g_string_append_printf(out, "%02d", day);
    else if (g_str_equal(spec, "D1o") || g_str_equal(spec, "Do")) {
        char *o = xpathfn_ordinal(day);
        g_string_append(out, o);
        g_free(o);
    } else if (g_str_equal(spec, "M") || g_str_equal(spec, "M1"))
        g_string_append_printf(out, "%d", month);
    else if (g_str_equal(spec, "M01"))
        g_string_append_printf(out, "%02d", month);
    else if (g_str_equal(spec, "MNn"))
        g_string_append(out, month_name);
    else if (g_str_equal(spec, "MN") || g_str_equal(spec, "Mn")) {
        char *c = spec[1] == 'N' ? g_utf8_strup(month_name, -1) : g_utf8_strdown(month_name, -1);
        g_string_append(out, c);
        g_free(c);
    } else if (g_str_equal(spec, "Y") || g_str_equal(spec, "Y0001"))
        g_string_append_printf(out, "%d", year);
    else if (g_str_equal(spec, "FNn"))
        g_string_append(out, weekday);
    else if (g_str_equal(spec, "FN") || g_str_equal(spec, "Fn")) {
        char *c = spec[1] == 'N' ? g_utf8_strup(weekday, -1) : g_utf8_strdown(weekday, -1);
        g_string_append(out, c);
        g_free(c);
    } else
        return false;
    return true;
}

char *xpathfn_format_date(const char *date, const char *picture, char **error_message)
{
    GDate d;
    if (!xpathfn_parse_date(date, &d)) {
        *error_message = g_strdup_printf("format-date: '%s' is not a date (YYYY-MM-DD)", date);
        return NULL;
    }
    GString *out = g_string_new(NULL);
    for (const char *p = picture; *p; p++) {
        if (*p == '[' && p[1] == '[') {
            g_string_append_c(out, '[');
            p++;
        } else if (*p == ']' && p[1] == ']') {
            g_string_append_c(out, ']');
            p++;
        } else if (*p == '[') {
            const char *close = strchr(p, ']');
            char *spec = close ? g_strndup(p + 1, (gsize)(close - p - 1)) : g_strdup(p + 1);
            g_strstrip(spec);
            bool ok = close && format_component(out, spec, &d);
            if (!ok)
                *error_message = g_strdup_printf("format-date: '[%s' in the picture '%s' is "
                                                 "not a date component", spec, picture);
            g_free(spec);
            if (!ok) {
                g_string_free(out, TRUE);
                return NULL;
            }
            p = close;
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

char *xpathfn_percent(double fraction, int decimals)
{
    char format[16], number[G_ASCII_DTOSTR_BUF_SIZE + 400]; /* DBL_MAX has 309 digits */
    decimals = CLAMP(decimals, 0, XPATHFN_MAX_DECIMALS);
    /* Half away from zero, as people round (62.5% is 63%, not printf's 62). */
    double scale = pow(10, decimals);
    double rounded = round(fraction * 100.0 * scale) / scale;
    g_snprintf(format, sizeof format, "%%.%df", decimals);
    g_ascii_formatd(number, sizeof number, format, rounded);
    return g_strdup_printf("%s%%", number);
}

bool xpathfn_days_between(const char *start, const char *end, long *days)
{
    GDate a, b;
    if (!xpathfn_parse_date(start, &a) || !xpathfn_parse_date(end, &b))
        return false;
    GDateTime *ta = g_date_time_new_utc(g_date_get_year(&a), g_date_get_month(&a),
                                        g_date_get_day(&a), 0, 0, 0);
    GDateTime *tb = g_date_time_new_utc(g_date_get_year(&b), g_date_get_month(&b),
                                        g_date_get_day(&b), 0, 0, 0);
    *days = (long)(g_date_time_difference(tb, ta) / G_TIME_SPAN_DAY);
    g_date_time_unref(ta);
    g_date_time_unref(tb);
    return true;
}

/* ---- XPath glue -------------------------------------------------------- */

static xpathfn_report *report_of(xmlXPathParserContextPtr ctxt)
{
    return ctxt->context->userData;
}

/* Record the first error, with the data node it came from, and stop. */
static void fail(xmlXPathParserContextPtr ctxt, xmlNodePtr origin, char *message)
{
    xpathfn_report *r = report_of(ctxt);
    if (r && !r->message) {
        r->message = message;
        r->origin = origin;
    } else {
        g_free(message);
    }
    xmlXPathErr(ctxt, XPATH_EXPR_ERROR);
}

/* An argument as a string, with the data node it came from (if any). */
typedef struct {
    char *text;      /* g_free */
    xmlNodePtr node; /* not owned */
} fn_arg;

static fn_arg pop_arg(xmlXPathParserContextPtr ctxt)
{
    fn_arg arg = {NULL, NULL};
    xmlXPathObjectPtr obj = valuePop(ctxt);
    if (!obj)
        return arg;
    /* A namespace node is a copy freed with obj below, not a data node a
     * message could point at. */
    if (obj->type == XPATH_NODESET && obj->nodesetval && obj->nodesetval->nodeNr > 0 &&
        obj->nodesetval->nodeTab[0]->type != XML_NAMESPACE_DECL)
        arg.node = obj->nodesetval->nodeTab[0];
    xmlChar *s = xmlXPathCastToString(obj);
    char *folded = g_strdup(s ? (const char *)s : "");
    g_strstrip(folded);
    arg.text = folded;
    xmlFree(s);
    xmlXPathFreeObject(obj);
    return arg;
}

/* A finite number ("inf" and "nan" are not numbers in a paper). */
static bool pop_number(xmlXPathParserContextPtr ctxt, const char *fn, double *out)
{
    fn_arg a = pop_arg(ctxt);
    char *end = NULL;
    double v = a.text ? g_ascii_strtod(a.text, &end) : NAN;
    if (!a.text || !*a.text || (end && *end) || !isfinite(v)) {
        fail(ctxt, a.node, g_strdup_printf("%s: '%s' is not a number", fn, a.text ? a.text : ""));
        g_free(a.text);
        return false;
    }
    g_free(a.text);
    *out = v;
    return true;
}

/* A whole number from min to max, checked before any conversion to an
 * integer type (a huge double converted to int is undefined behaviour). */
static bool pop_whole(xmlXPathParserContextPtr ctxt, const char *fn, const char *what,
                      double min, double max, long *out)
{
    double v;
    if (!pop_number(ctxt, fn, &v))
        return false;
    if (v < min || v > max || v != floor(v)) {
        char lo[32], hi[32], given[G_ASCII_DTOSTR_BUF_SIZE];
        g_snprintf(lo, sizeof lo, "%.0f", min);
        g_snprintf(hi, sizeof hi, "%.0f", max);
        g_ascii_formatd(given, sizeof given, "%g", v);
        fail(ctxt, NULL, g_strdup_printf("%s: %s must be a whole number from %s to %s, not %s",
                                         fn, what, lo, hi, given));
        return false;
    }
    *out = (long)v;
    return true;
}

static void push_string(xmlXPathParserContextPtr ctxt, char *s)
{
    valuePush(ctxt, xmlXPathNewString((const xmlChar *)s));
    g_free(s);
}

static void fn_format_date(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    fn_arg picture = pop_arg(ctxt), date = pop_arg(ctxt);
    char *message = NULL;
    char *s = xpathfn_format_date(date.text, picture.text, &message);
    if (s)
        push_string(ctxt, s);
    else
        fail(ctxt, date.node, message);
    g_free(picture.text);
    g_free(date.text);
}

/* The largest ordinal made: beyond this, double cannot hold every whole
 * number exactly, and no paper counts so far. */
#define XPATHFN_MAX_ORDINAL 1e15

static void fn_ordinal(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    long n;
    if (pop_whole(ctxt, "ordinal", "its argument", -XPATHFN_MAX_ORDINAL, XPATHFN_MAX_ORDINAL,
                  &n))
        push_string(ctxt, xpathfn_ordinal(n));
}

static void days_or_weeks(xmlXPathParserContextPtr ctxt, int nargs, const char *fn, int per)
{
    CHECK_ARITY(2);
    fn_arg end = pop_arg(ctxt), start = pop_arg(ctxt);
    long days;
    if (xpathfn_days_between(start.text, end.text, &days)) {
        /* Whole periods: 56 days are 8 weeks, 55 days are 7. */
        valuePush(ctxt, xmlXPathNewFloat((double)(days / per)));
    } else {
        GDate d;
        bool start_ok = xpathfn_parse_date(start.text, &d);
        fn_arg *bad = start_ok ? &end : &start;
        fail(ctxt, bad->node, g_strdup_printf("%s: '%s' is not a date (YYYY-MM-DD)", fn,
                                              bad->text));
    }
    g_free(start.text);
    g_free(end.text);
}

static void fn_days_between(xmlXPathParserContextPtr ctxt, int nargs)
{
    days_or_weeks(ctxt, nargs, "days-between", 1);
}

static void fn_weeks_between(xmlXPathParserContextPtr ctxt, int nargs)
{
    days_or_weeks(ctxt, nargs, "weeks-between", 7);
}

static void fn_percent(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs < 1 || nargs > 2) {
        XP_ERROR(XPATH_INVALID_ARITY);
    }
    long decimals = 0;
    double fraction;
    if (nargs == 2 && !pop_whole(ctxt, "percent", "decimals", 0, XPATHFN_MAX_DECIMALS, &decimals))
        return;
    if (pop_number(ctxt, "percent", &fraction))
        push_string(ctxt, xpathfn_percent(fraction, (int)decimals));
}

static void change_case(xmlXPathParserContextPtr ctxt, int nargs, bool upper)
{
    CHECK_ARITY(1);
    fn_arg a = pop_arg(ctxt);
    push_string(ctxt, upper ? g_utf8_strup(a.text, -1) : g_utf8_strdown(a.text, -1));
    g_free(a.text);
}

static void fn_upper(xmlXPathParserContextPtr ctxt, int nargs) { change_case(ctxt, nargs, true); }
static void fn_lower(xmlXPathParserContextPtr ctxt, int nargs) { change_case(ctxt, nargs, false); }

/* String value of a node with runs of white space folded to one space. */
static char *folded_string(xmlNodePtr node)
{
    xmlChar *raw = xmlXPathCastNodeToString(node);
    char **words = g_strsplit_set(raw ? (const char *)raw : "", " \t\r\n", -1);
    GString *out = g_string_new(NULL);
    for (int i = 0; words[i]; i++) {
        if (!*words[i])
            continue;
        if (out->len)
            g_string_append_c(out, ' ');
        g_string_append(out, words[i]);
    }
    g_strfreev(words);
    xmlFree(raw);
    return g_string_free(out, FALSE);
}

static void fn_join(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs < 1 || nargs > 3) {
        XP_ERROR(XPATH_INVALID_ARITY);
    }
    char *last_sep = NULL, *sep = NULL;
    if (nargs == 3)
        last_sep = (char *)xmlXPathPopString(ctxt);
    if (nargs >= 2)
        sep = (char *)xmlXPathPopString(ctxt);
    xmlNodeSetPtr items = xmlXPathPopNodeSet(ctxt);
    if (xmlXPathCheckError(ctxt)) {
        xmlFree(sep);
        xmlFree(last_sep);
        return;
    }
    /* join(x) = "a, b and c"; join(x, s) puts s everywhere; join(x, s, l)
     * puts l before the last item. */
    const char *between = sep ? sep : ", ";
    const char *before_last = last_sep ? last_sep : (sep ? sep : " and ");
    GString *out = g_string_new(NULL);
    int n = items ? items->nodeNr : 0;
    for (int i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(out, i == n - 1 ? before_last : between);
        char *s = folded_string(items->nodeTab[i]);
        g_string_append(out, s);
        g_free(s);
    }
    xmlXPathFreeNodeSet(items);
    xmlFree(sep);
    xmlFree(last_sep);
    push_string(ctxt, g_string_free(out, FALSE));
}

static void fn_current(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(0);
    xpathfn_report *r = report_of(ctxt);
    valuePush(ctxt, xmlXPathNewNodeSet(r ? r->current : NULL));
}

/* libxml2's own XPath errors (syntax, unknown function, ...). */
static void capture_xpath_error(void *data, xmlErrorPtr error)
{
    xpathfn_report *r = data;
    if (r && !r->message && error && error->message) {
        r->message = g_strdup(error->message);
        g_strchomp(r->message);
        r->xpath_error = error->code;
    }
}

static const struct {
    const char *name;
    xmlXPathFunction fn;
} functions[] = {
    {"format-date", fn_format_date},     {"ordinal", fn_ordinal},
    {"weeks-between", fn_weeks_between}, {"days-between", fn_days_between},
    {"percent", fn_percent},             {"upper", fn_upper},
    {"lower", fn_lower},                 {"join", fn_join},
    {"current", fn_current},
};

const char *const *xpathfn_names(size_t *count)
{
    static const char *names[G_N_ELEMENTS(functions) + 1];
    for (size_t i = 0; i < G_N_ELEMENTS(functions); i++)
        names[i] = functions[i].name;
    *count = G_N_ELEMENTS(functions);
    return names;
}

void xpathfn_register(xmlXPathContextPtr ctxt, xpathfn_report *report)
{
    for (size_t i = 0; i < G_N_ELEMENTS(functions); i++)
        xmlXPathRegisterFunc(ctxt, (const xmlChar *)functions[i].name, functions[i].fn);
    ctxt->userData = report;
    ctxt->error = capture_xpath_error;
}

void xpathfn_report_reset(xpathfn_report *report)
{
    g_free(report->message);
    report->message = NULL;
    report->origin = NULL;
    report->xpath_error = 0;
}
