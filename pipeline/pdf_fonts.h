/*
 * pdf_fonts.h - the fonts the PDF is set in: one fontconfig configuration
 * and one pango font map per thread, each made once and kept for every
 * document the thread makes.
 *
 * Why per thread: pango and cairo objects are not thread-safe, and a
 * fontconfig configuration that gains a house style's fonts/ folder while
 * another thread matches fonts in it is a data race.  Why kept: a new font
 * map per document matched, opened and shaped its fonts anew each time
 * (about a fifth of a document's instructions).
 *
 * The configuration is papers' own, not the system's: fontconfig's
 * default one reads some 55 files of rules (aliases, hinting, rendering
 * preferences for screens) that a PDF set at 72 dpi without hinting does
 * not use.  It holds the font folders and caches the system's fonts.conf
 * names (so every installed font is there, as 'fc-list' shows, and the
 * fonts found are those fontconfig's own caches list) and no rules.  When
 * FONTCONFIG_FILE or FONTCONFIG_PATH is set, the user has chosen a
 * configuration, and that one is loaded instead.
 *
 * A house style's fonts/ folder is this thread's only folder of
 * application fonts while the style is in use (pdf_fonts_use_folder), so
 * a report sees exactly its own profile's fonts, as in a build of its own.
 */
#ifndef PAPERS_PDF_FONTS_H
#define PAPERS_PDF_FONTS_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

/* Once, at start, before any thread: make papers' configuration
 * fontconfig's current one (pango's start-up then reads no other).
 * Calling it is optional: each thread makes its configuration when first
 * asked; without it, pango also loads fontconfig's default one. */
void pdf_fonts_init(void);

/* This thread's font map, with the folder of the last
 * pdf_fonts_use_folder; a new reference (g_object_unref). */
PangoFontMap *pdf_fonts_map(void);

/* Make folder (a house style's fonts/, NULL for none) this thread's only
 * folder of application fonts.  False with error when fontconfig cannot
 * read it. */
bool pdf_fonts_use_folder(const char *folder, GError **error);

/* Does this thread's configuration have this family itself (not a
 * substitute)? */
bool pdf_fonts_installed(const char *family);

/* Words measured on this thread, kept across documents: a batch's reports
 * share their tables' words, and measuring one with pango costs a layout,
 * a shaping run and font metrics.  pdf_fonts_width finds the width kept
 * for text in family at size pt with that look; pdf_fonts_keep_width keeps
 * one.  A new fonts folder (pdf_fonts_use_folder) forgets them all. */
bool pdf_fonts_width(const char *family, double size, bool bold, bool italic,
                     const char *text, double *width);
void pdf_fonts_keep_width(const char *family, double size, bool bold, bool italic,
                          const char *text, double width);

#endif
