/*
 * html_page.c - what the HTML writers share (html.h): escaping, the check of
 * link targets, the page frame and the stylesheet made from the house style.
 */
#include "html.h"

#include <string.h>

/* Screen text is read at arm's length on every size of screen: it gets at
 * least this much leading, print gets the house style's own. */
#define HTML_SCREEN_LINE_HEIGHT 1.35
/* A line of about 70 characters at the reader's text size. */
#define HTML_MEASURE_REM 46
/* Single line spacing of Arial and Times and their Liberation twins: the
 * font's ascent plus descent, 1.149 em. */
#define HTML_SINGLE_SPACING 1.15

/* ---- escaping ----------------------------------------------------------- */

static bool is_c1_control(gunichar c)
{
    return c >= 0x80 && c <= 0x9f;
}

void html_escape(GString *out, const char *text)
{
    /* The tree checks the UTF-8 of its text, not of its properties and
     * addresses: anything else is made valid (U+FFFD) before GLib, which
     * needs valid UTF-8, reads it. */
    char *valid = g_utf8_validate(text, -1, NULL) ? NULL : g_utf8_make_valid(text, -1);
    if (valid)
        text = valid;
    /* g_markup_escape_text writes C1 controls as character references, and
     * HTML reads "&#x80;" as the euro sign: such characters go out as the
     * UTF-8 the tree holds, everything between them through GLib. */
    const char *run = text;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        if (!is_c1_control(g_utf8_get_char(p)))
            continue;
        char *escaped = g_markup_escape_text(run, p - run);
        g_string_append(out, escaped);
        g_free(escaped);
        const char *next = g_utf8_next_char(p);
        g_string_append_len(out, p, next - p);
        run = next;
    }
    char *escaped = g_markup_escape_text(run, -1);
    g_string_append(out, escaped);
    g_free(escaped);
    g_free(valid);
}

/* ---- link targets ------------------------------------------------------------ */

static const char *const safe_schemes[] = {"http", "https", "mailto", "tel"};

bool html_url_is_safe(const char *url)
{
    /* Read the scheme as a browser does (the URL Standard): leading C0
     * controls and spaces are dropped, tabs and newlines anywhere are
     * ignored, and the scheme is a letter followed by letters, digits,
     * '+', '-' or '.', ended by ':'.  Anything else is a relative
     * reference, which cannot run code. */
    while (*url && (unsigned char)*url <= 0x20)
        url++;
    GString *scheme = g_string_new(NULL);
    bool colon = false;
    for (const char *p = url; *p && !colon; p++) {
        if (*p == '\t' || *p == '\n' || *p == '\r')
            continue;
        if (*p == ':')
            colon = true;
        else if (g_ascii_isalnum(*p) || *p == '+' || *p == '-' || *p == '.')
            g_string_append_c(scheme, g_ascii_tolower(*p));
        else
            break;
    }
    bool safe = !colon || scheme->len == 0 || !g_ascii_isalpha(scheme->str[0]);
    for (size_t i = 0; !safe && i < G_N_ELEMENTS(safe_schemes); i++)
        safe = g_str_equal(scheme->str, safe_schemes[i]);
    g_string_free(scheme, TRUE);
    return safe;
}

const char *html_language(const char *lang)
{
    /* A primary language subtag of letters, then subtags of letters and
     * digits: enough to keep anything else out of the lang attribute. */
    if (!lang)
        return HTML_DEFAULT_LANGUAGE;
    int n = 0;
    bool first = true;
    for (const char *p = lang;; p++) {
        if (*p == '-' || *p == '\0') {
            if (n < (first ? 2 : 1) || n > 8)
                return HTML_DEFAULT_LANGUAGE;
            if (*p == '\0')
                return lang;
            first = false;
            n = 0;
        } else if (g_ascii_isalpha(*p) || (!first && g_ascii_isdigit(*p))) {
            n++;
        } else {
            return HTML_DEFAULT_LANGUAGE;
        }
    }
}

/* ---- CSS values ------------------------------------------------------------------ */

static double body_size(const house_style *style)
{
    double size = style->para[STYLE_BODY].size;
    return size > 0 ? size : 12;
}

/* A number with at most three decimals and no trailing zeros: "3.543". */
static void css_number(GString *out, double value)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (value > -0.0005 && value < 0.0005)
        value = 0;
    g_ascii_formatd(buf, sizeof buf, "%.3f", value);
    char *end = buf + strlen(buf);
    while (end > buf && end[-1] == '0')
        *--end = '\0';
    if (end > buf && end[-1] == '.')
        *--end = '\0';
    g_string_append(out, buf);
}

void html_css_length(GString *out, const house_style *style, double pt)
{
    double rem = pt / body_size(style);
    css_number(out, rem);
    if (rem <= -0.0005 || rem >= 0.0005)
        g_string_append(out, "rem");
}

/* "#RRGGBB" from the house style's "RRGGBB", or fallback when it is not six
 * hex digits (nothing else may reach the stylesheet). */
static void css_colour(GString *out, const char *hex, const char *fallback)
{
    bool ok = hex && strlen(hex) == 6;
    for (int i = 0; ok && i < 6; i++)
        ok = g_ascii_isxdigit(hex[i]);
    g_string_append_printf(out, "#%s", ok ? hex : fallback);
}

/* A font name is written into the stylesheet only if it is plainly a name:
 * the <style> element ends at the first "</style", whatever CSS thinks. */
static bool css_safe_font_name(const char *name)
{
    if (!name || !*name)
        return false;
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != ' ' && *p != '-' && *p != '_')
            return false;
    return true;
}

/* serif for Times-like faces, else sans-serif: the generic family a reader
 * gets when neither named font is installed. */
static const char *css_generic_family(const house_style *style)
{
    static const char *const serif[] = {"Serif", "Times", "Georgia", "Cambria", "Garamond",
                                        "Palatino", "Book"};
    const char *names[] = {style->render_font, style->font};
    for (size_t n = 0; n < G_N_ELEMENTS(names); n++) {
        if (!names[n] || strstr(names[n], "Sans"))
            continue;
        for (size_t i = 0; i < G_N_ELEMENTS(serif); i++)
            if (strstr(names[n], serif[i]))
                return "serif";
    }
    return "sans-serif";
}

static void css_font_family(GString *out, const house_style *style)
{
    g_string_append(out, "font-family:");
    const char *names[] = {style->font, style->render_font};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (css_safe_font_name(names[i]) && (i == 0 || g_strcmp0(names[0], names[i]) != 0))
            g_string_append_printf(out, "\"%s\",", names[i]);
    g_string_append_printf(out, "%s;", css_generic_family(style));
}

/* Size, weight, slant and the space around one kind of paragraph. */
static void css_look(GString *out, const house_style *style, const char *selector,
                     const style_para *look)
{
    g_string_append_printf(out, "%s{font-size:", selector);
    html_css_length(out, style, look->size);
    g_string_append_printf(out, ";font-weight:%s;font-style:%s;margin:", look->bold ? "bold" : "normal",
                           look->italic ? "italic" : "normal");
    html_css_length(out, style, look->space_before);
    g_string_append(out, " 0 ");
    html_css_length(out, style, look->space_after);
    g_string_append(out, "}\n");
}

static void css_rule_length(GString *out, const house_style *style, const char *before,
                            double pt, const char *after)
{
    g_string_append(out, before);
    html_css_length(out, style, pt);
    g_string_append(out, after);
}

/* ---- the stylesheet --------------------------------------------------------------- */

/* The page: text column, fonts, colours. */
static void css_page(GString *out, const house_style *s)
{
    g_string_append(out, "*,::before,::after{box-sizing:border-box}\n"
                         "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
                         "body{margin:0;background:#fff;color:#000;");
    css_font_family(out, s);
    g_string_append(out, "line-height:");
    css_number(out, MAX(HTML_SCREEN_LINE_HEIGHT, HTML_SINGLE_SPACING * s->line_spacing));
    g_string_append(out, ";overflow-wrap:break-word}\n");
    g_string_append_printf(out, "main,.running{max-width:%drem;margin:0 auto;padding:0 1.25rem}\n"
                                "main{padding-top:1rem;padding-bottom:2rem}\n",
                           HTML_MEASURE_REM);
    css_rule_length(out, s, ".running p{margin:0;padding-top:.5rem;text-align:right;font-size:",
                    s->para[STYLE_HEADER].size, "}\n");
    g_string_append(out, "h1,h2,h3,h4,h5,h6,p,ul,ol,li,table{margin:0;padding:0;"
                         "font-size:inherit;font-weight:inherit}\n");
    g_string_append(out, "a{color:");
    css_colour(out, s->link_colour, "0563C1");
    /* Underlined whatever the house style says: on a screen the colour
     * alone would not tell every reader that the words are a link. */
    g_string_append(out, ";text-decoration:underline}\n"
                         "a:focus{outline:3px solid #000;outline-offset:1px}\n"
                         ".vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
                         "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\n");
}

/* Paragraph looks: titles, headings by the tree's level, body, motion. */
static void css_paragraphs(GString *out, const house_style *s)
{
    g_string_append(out, "h1.title{text-align:center}\n.title1,.title2{display:block}\n");
    css_look(out, s, ".title1", &s->para[STYLE_TITLE1]);
    css_look(out, s, ".title2", &s->para[STYLE_TITLE2]);
    for (int level = 1; level <= 3; level++) {
        char selector[16];
        g_snprintf(selector, sizeof selector, ".level%d", level);
        css_look(out, s, selector, style_heading(s, level));
    }
    css_rule_length(out, s, "p{margin-bottom:", s->para[STYLE_BODY].space_after, "}\n");
    css_rule_length(out, s, "p.gap-item{margin-bottom:", s->item_gap, "}\n");
    css_look(out, s, ".motion p", &s->para[STYLE_MOTION]);
    css_rule_length(out, s, ".signature{display:grid;grid-template-columns:1fr 1fr;"
                            "column-gap:1rem;margin-top:",
                    s->para[STYLE_SIGNATURE].space_before, "}\n");
    g_string_append(out, ".signature p{margin:0}\n");
    if (s->logo) { /* at the right, the house style's width (write_html.c) */
        css_rule_length(out, s, ".logo{text-align:right;margin-bottom:",
                        s->para[STYLE_BODY].space_after, "}\n");
        css_rule_length(out, s, ".logo img{height:auto;max-width:100%;width:", s->logo_width,
                        "}\n");
    }
}

/* Labels hang in the padding of their block (write_html.c sizes both from
 * the tree); lists draw no markers of their own. */
static void css_labels(GString *out)
{
    g_string_append(out, ".label{display:inline}\n"
                         ".hang{float:left;padding-right:.25em}\n"
                         "ul.list,ol.list{list-style:none}\n");
}

static void css_tables(GString *out, const house_style *s)
{
    /* Columns take the tree's fractions (<col> widths) where the words fit;
     * on a phone a column is never narrower than its longest word, and only
     * an address may be broken anywhere. */
    css_rule_length(out, s, "table{border-collapse:collapse;width:100%;margin-bottom:",
                    s->para[STYLE_BODY].space_after, "}\n");
    g_string_append(out, "th a,td a{overflow-wrap:anywhere}\n");
    style_para caption = style_caption(s);
    css_look(out, s, "caption", &caption);
    g_string_append(out, "caption{text-align:left}\n");
    css_rule_length(out, s, "th,td{border:1px solid #000;vertical-align:top;text-align:left;"
                            "padding:",
                    s->cell_padding, ";font-size:");
    css_rule_length(out, s, "", s->para[STYLE_TABLE].size, "}\n");
    g_string_append(out, "th{font-weight:bold;background:");
    css_colour(out, s->header_fill, "D9D9D9");
    g_string_append(out, "}\ntable.borderless th,table.borderless td{border:0}\n");
    css_rule_length(out, s, "th p,td p{margin-bottom:", s->para[STYLE_TABLE].space_after,
                    "}\nth>:last-child,td>:last-child{margin-bottom:0}\n");
}

/* Print: the house style's sizes, leading, page and margins. */
static void css_print(GString *out, const house_style *s)
{
    g_string_append(out, "@media print{\nhtml{font-size:");
    css_number(out, body_size(s));
    g_string_append(out, "pt}\nbody{line-height:");
    css_number(out, HTML_SINGLE_SPACING * s->line_spacing);
    g_string_append(out, "}\nmain,.running{max-width:none;padding:0}\n"
                         "th,td{border-width:.5pt}\n"
                         "h1,h2,h3,h4,h5,h6{break-after:avoid}\n"
                         "tr{break-inside:avoid}\np{orphans:2;widows:2}\n}\n");
    g_string_append_printf(out, "@page{size:%.0fpt %.0fpt;margin:", s->page_width, s->page_height);
    double margins[] = {s->margin_top, s->margin_right, s->margin_bottom, s->margin_left};
    for (int i = 0; i < 4; i++) {
        css_number(out, margins[i]);
        g_string_append(out, i < 3 ? "pt " : "pt}\n");
    }
}

static void html_stylesheet(GString *out, const house_style *style)
{
    css_page(out, style);
    css_paragraphs(out, style);
    css_labels(out);
    css_tables(out, style);
    css_print(out, style);
    /* A phone: the text column uses the whole width. */
    g_string_append(out, "@media (max-width:30rem){main,.running{padding-left:.75rem;"
                         "padding-right:.75rem}}\n");
}

/* ---- the page frame ------------------------------------------------------------------ */

void html_page_start(GString *out, const char *language, const char *title,
                     const house_style *style, const char *extra_css)
{
    g_string_append(out, "<!DOCTYPE html>\n<html lang=\"");
    html_escape(out, html_language(language));
    g_string_append(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, "
                         "initial-scale=1\">\n<title>");
    html_escape(out, title);
    g_string_append(out, "</title>\n<style>\n");
    html_stylesheet(out, style);
    if (extra_css)
        g_string_append(out, extra_css);
    g_string_append(out, "</style>\n</head>\n<body>\n");
}

void html_page_end(GString *out)
{
    g_string_append(out, "</body>\n</html>\n");
}
