/*
 * html.h - private to the HTML writers: the document page (write_html.c)
 * and the index page (html_index.c) share one escaping path, one check of
 * link targets and one stylesheet made from the house style (html_page.c).
 *
 * Every byte of text or attribute value that comes from a paper goes
 * through html_escape (GLib's g_markup_escape_text); nothing else escapes.
 * Every href goes through html_url_is_safe first.
 *
 * The stylesheet is embedded in each page (a <style> in the head), not a
 * shared file: a page is then one self-contained file that looks the same
 * opened from the archive, e-mailed, or uploaded on its own to a council's
 * web site, and the hanging indents it needs are exactly those of its own
 * tree (see write_html.c).  A site whose Content-Security-Policy forbids
 * inline styles can allow the one <style> element by its hash.
 */
#ifndef PAPERS_HTML_H
#define PAPERS_HTML_H

#include "style.h"

#include <glib.h>
#include <stdbool.h>

/* The language of a page when the document names none or names one that is
 * not a language tag. */
#define HTML_DEFAULT_LANGUAGE "en-GB"

/* Append text to out, escaped for element content and for double-quoted
 * attribute values alike.  C1 control characters are copied as they are
 * (a character reference to one would be read as a Windows-1252 letter);
 * bytes that are not UTF-8 become U+FFFD. */
void html_escape(GString *out, const char *text);

/* May url be written as an href?  http, https, mailto and tel addresses and
 * relative references are; javascript:, data:, vbscript:, file: and every
 * other scheme are not, however they are spelled (case, tabs and newlines
 * inside the scheme, leading spaces or control characters). */
bool html_url_is_safe(const char *url);

/* lang as a page's language: itself when it looks like a BCP 47 tag
 * ("en-GB", "cy"), else HTML_DEFAULT_LANGUAGE. */
const char *html_language(const char *lang);

/* A length in points as CSS "rem", where 1rem is the house style's body
 * size: pages follow the reader's chosen text size on screen, and print
 * at exactly the house style's sizes (print sets 1rem to the body size). */
void html_css_length(GString *out, const house_style *style, double pt);

/* The start of a page up to and including <body>: doctype, <html lang>,
 * <meta charset>, viewport, <title>, and the stylesheet (the house rules
 * and then extra_css, which may be NULL). */
void html_page_start(GString *out, const char *language, const char *title,
                     const house_style *style, const char *extra_css);
/* </body></html> and a final newline. */
void html_page_end(GString *out);

#endif
