/*
 * guard.h - the limits papers keeps whatever it is given, and the guards
 * that keep them.
 *
 * Inputs are edited by hand and exported by other systems.  A mistake (or
 * an attack) must end in one clear line and exit 1, never in a build that
 * runs for hours, fills the machine's memory or crashes.  Each limit is far
 * above what a real committee paper needs and far below what would hurt
 * the machine; README.md ("Limits") lists them for officers, with what to
 * do when a real paper meets one.
 *
 * Where each is enforced:
 *   input bytes, depth  xmlload_file: every XML file, before and while parsing
 *   repeat, steps,
 *   XPath steps,
 *   paragraph bytes     merge.c: while a template is merged
 *   pages               write_pdf.c: after pagination, before drawing
 *   seconds, memory     guard_watch: a thread the papers command starts
 *
 * Every limit may be changed for one run by an environment variable
 * (PAPERS_MAX_PAGES=2000 ...): for an operator with a bigger paper and a
 * bigger machine, and for tests, which set tiny limits instead of making
 * huge inputs.  The input never can.
 */
#ifndef PAPERS_GUARD_H
#define PAPERS_GUARD_H

#include <glib.h>

/* One XML file: input, template, house style or schema.  The largest
 * example data file is 12 KB and a 2,000-row schedule about 2 MB; 8 MB
 * also keeps every text node under libxml2's own 10 MB cap, whose message
 * would otherwise reach the user. */
#define GUARD_MAX_INPUT_BYTES 8000000L

/* Elements nested in one file.  This is libxml2's own default
 * (xmlParserMaxDepth), kept: council data nests 4 to 6 deep and templates
 * about 12; its message is put in our words by xmlload.c.  It may be
 * lowered for a run but not raised. */
#define GUARD_MAX_DEPTH 256L

/* Nodes one <for-each> may repeat its content for: the longest list a
 * paper may hold.  A real schedule has hundreds of rows; 20,000 is what
 * the scaling test proves linear (tests/e2e/scaling.sh). */
#define GUARD_MAX_REPEAT 20000L

/* Template elements and text placed for one document, loops unrolled.  A
 * 20,000-item list with a numbered paragraph per item takes about 120,000;
 * nested loops (20,000 x 20,000) would take 400 million and end here. */
#define GUARD_MAX_STEPS 1000000L

/* Steps of XPath (libxml2's count of operations) over all the
 * expressions of one document.  The demo's largest document takes 9,000 and
 * a 20,000-item list 76,000; '$items/item/following::item' over 2,000
 * items takes 6 million.  libxml2 does not count everything (merging
 * large node-sets), so the processor-time limit stays the last guard. */
#define GUARD_MAX_XPATH_STEPS 20000000L

/* Bytes of text in one run of a paragraph (the text between its bold,
 * italic and links).  16 KB is some 2,500 words, five pages of one
 * paragraph, ten times the longest in the examples.  A run is built by
 * joining pieces, each join keeping the text before it in the document's
 * string store, so its memory grows with the square of the run; 16 KB
 * keeps the worst case (one-byte pieces) near 130 MB. */
#define GUARD_MAX_PARAGRAPH_BYTES (16L * 1024)

/* Pages of one PDF document.  A long appendix runs to a few hundred
 * pages; beyond 1,000 the paper should be split into appendices.  Checked
 * after pagination, so a too-long document costs no drawing. */
#define GUARD_MAX_PAGES 1000L

/* Processor seconds one run of the command may take (build, check or
 * rebuild of a report).  The demo takes 0.3 s; a 973-page document (a list
 * of 15,000 items and as many numbered paragraphs) in every format takes
 * 9.4 s, so ten documents near the page limit fit.  Waiting for another
 * build's lock uses none. */
#define GUARD_MAX_SECONDS 300L

/* Resident memory of one run, in MB (of 1,048,576 bytes).  The demo peaks
 * at 28 MB and the 973-page document above at 410 MB (the PDF writer keeps
 * a pango layout per paragraph); a document at every other limit stays
 * well under.  Not counted in a sanitizer build, whose shadow memory would
 * trip it, unless PAPERS_MAX_MEMORY_MB is set. */
#define GUARD_MAX_MEMORY_MB 2048L

typedef enum {
    GUARD_INPUT_BYTES,
    GUARD_DEPTH,
    GUARD_REPEAT,
    GUARD_STEPS,
    GUARD_XPATH_STEPS,
    GUARD_PARAGRAPH_BYTES,
    GUARD_PAGES,
    GUARD_SECONDS,
    GUARD_MEMORY_MB,
    GUARD_LIMIT_COUNT
} guard_limit_kind;

/* The limit in force: the constant above, or the environment variable
 * that overrides it (a whole number above 0; anything else is ignored). */
long guard_limit(guard_limit_kind kind);

/* The environment variable for a limit: "PAPERS_MAX_PAGES". */
const char *guard_limit_variable(guard_limit_kind kind);

/* Start the watchdog for this process (once; later calls do nothing).  A
 * thread wakes every GUARD_WATCH_INTERVAL_MS; when the process has used
 * more processor time or resident memory than allowed it prints one line
 * naming what, the limit and what to do, and ends the process with exit
 * status 1 at once (_exit).  The archive is safe: a build stopped at any
 * moment leaves no partial version (docs/archive.md).  what names the run
 * in the message: the input folder. */
#define GUARD_WATCH_INTERVAL_MS 20
void guard_watch(const char *what);

/* Make libxml2 and GLib quiet for the whole process: libxml2 prints
 * nothing (every error it raises reaches the user once, through papers'
 * own one-line message), and a GLib or pango warning, which would be a
 * bug of ours, goes to log_writer, or when that is NULL is printed as one
 * line "papers: warning: DOMAIN: ...".  Call once, before any thread. */
void guard_quiet_libraries(GLogWriterFunc log_writer);

#endif
