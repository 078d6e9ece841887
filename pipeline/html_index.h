/*
 * html_index.h - an index page: a list of documents, each a link to its web
 * page and to the same document in other formats alongside.
 *
 * The page knows nothing of reports or meetings: the caller says what is
 * listed.  A report's index (build.c) is one group of its documents, the
 * paper first and then its appendices; a meeting's index is a group per
 * agenda item, each with its heading.  Links are relative to the index.
 */
#ifndef PAPERS_HTML_INDEX_H
#define PAPERS_HTML_INDEX_H

#include "style.h"
#include "write.h"

#include <glib.h>
#include <stdbool.h>

/* The file name of a report's index page, next to its documents. */
#define HTML_INDEX_NAME "index.html"

/* One document. */
typedef struct {
    const char *label;  /* "Appendix A", or NULL for a paper itself */
    const char *title;  /* "Community Safety Agreement" */
    const char *page;   /* its web page: "appendix-b.html" */
    /* The same document in other formats, NULL-terminated, e.g.
     * {"appendix-b.pdf", "appendix-b.docx", NULL}; NULL for none.  Each is
     * named by its extension: PDF, Word document, plain text. */
    const char *const *files;
} html_index_entry;

/* Documents under one heading. */
typedef struct {
    const char *heading; /* "Item 5: Community Safety Strategy"; NULL: none */
    const html_index_entry *entries;
    int n_entries;
} html_index_group;

typedef struct {
    const char *language; /* BCP 47; NULL: en-GB */
    const char *title;    /* the page's <title> and <h1> */
    const char *summary;  /* a line below the title (council, meeting), or NULL */
    const html_index_group *groups;
    int n_groups;
} html_index;

/* The index page, its stylesheet made from the house style like every
 * document page's. */
bool write_html_index(const html_index *index, const house_style *style, write_sink *sink,
                      GError **error);

#endif
