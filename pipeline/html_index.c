/*
 * html_index.c - an index page (html_index.h).
 *
 *   <h1>title</h1> <p>summary</p>
 *   [<h2>group heading</h2>]
 *   <ul class="papers">
 *     <li><a href="appendix-b.html">Appendix B: Community Safety Agreement</a>
 *         <p>Also as <a>PDF<span class="vh">: Appendix B: ...</span></a>, ...</p>
 *
 * The format links say "PDF" and "Word document" on screen; their hidden
 * rest names the document, so that a list of a page's links read out of
 * context still says which PDF each one is.
 */
#include "html.h"
#include "html_index.h"

#include <string.h>

static const struct {
    const char *extension;
    const char *name;
} formats[] = {
    {".pdf", "PDF"},
    {".docx", "Word document"},
    {".txt", "plain text"},
    {".html", "web page"},
};

static const char *format_name(const char *file)
{
    for (size_t i = 0; i < G_N_ELEMENTS(formats); i++)
        if (g_str_has_suffix(file, formats[i].extension))
            return formats[i].name;
    return file;
}

/* "Appendix B: Community Safety Agreement", or the title alone. */
static char *entry_name(const html_index_entry *e)
{
    const char *title = e->title ? e->title : e->page;
    return e->label ? g_strdup_printf("%s: %s", e->label, title) : g_strdup(title);
}

/* <a href="...">text</a>, or the text alone for an address that may not be
 * a link. */
static void put_link(GString *out, const char *href, const char *text, const char *hidden)
{
    bool safe = href && html_url_is_safe(href);
    if (safe) {
        g_string_append(out, "<a href=\"");
        html_escape(out, href);
        g_string_append(out, "\">");
    }
    html_escape(out, text);
    if (hidden) {
        g_string_append(out, "<span class=\"vh\">: ");
        html_escape(out, hidden);
        g_string_append(out, "</span>");
    }
    if (safe)
        g_string_append(out, "</a>");
}

static void put_entry(GString *out, const html_index_entry *e)
{
    char *name = entry_name(e);
    g_string_append(out, "<li><p class=\"paper\">");
    put_link(out, e->page, name, NULL);
    g_string_append(out, "</p>\n");
    for (int i = 0; e->files && e->files[i]; i++) {
        g_string_append(out, i == 0 ? "<p class=\"formats\">Also as " : ", ");
        put_link(out, e->files[i], format_name(e->files[i]), name);
        if (!e->files[i + 1])
            g_string_append(out, "</p>\n");
    }
    g_string_append(out, "</li>\n");
    g_free(name);
}

static const char index_css[] =
    "ul.papers{list-style:none}\n"
    "ul.papers>li{margin-bottom:1rem}\n"
    "p.paper{margin:0}\n"
    "p.formats{margin:.25rem 0 0}\n"
    "p.summary{margin-bottom:1.5rem}\n"
    "h2.group{font-weight:bold;font-size:1.125rem;margin:1.5rem 0 .5rem}\n";

bool write_html_index(const html_index *index, const house_style *style, write_sink *sink,
                      GError **error)
{
    GString *out = g_string_new(NULL);
    const char *title = index->title && *index->title ? index->title : "Documents";
    html_page_start(out, index->language, title, style, index_css);
    g_string_append(out, "<main>\n<h1><span class=\"title1\">");
    html_escape(out, title);
    g_string_append(out, "</span></h1>\n");
    if (index->summary && *index->summary) {
        g_string_append(out, "<p class=\"summary\">");
        html_escape(out, index->summary);
        g_string_append(out, "</p>\n");
    }
    for (int g = 0; g < index->n_groups; g++) {
        const html_index_group *group = &index->groups[g];
        if (group->heading) {
            g_string_append(out, "<h2 class=\"group\">");
            html_escape(out, group->heading);
            g_string_append(out, "</h2>\n");
        }
        g_string_append(out, "<ul class=\"papers\">\n");
        for (int i = 0; i < group->n_entries; i++)
            put_entry(out, &group->entries[i]);
        g_string_append(out, "</ul>\n");
    }
    g_string_append(out, "</main>\n");
    html_page_end(out);
    write_sink_put(sink, out->str, out->len);
    g_string_free(out, TRUE);
    return !write_sink_failed(sink, "the index page", error);
}
