/*
 * pack_index.c - a meeting's web page: the agenda packs published and, per
 * item, each document's web page and files (html_index.h does the page).
 *
 * Links are relative, from output/meetings/<meeting>/ to the version of
 * each report the pack took (../../<report>/vN/), so the page and the
 * archive can be published together as they are.  A format a report was
 * not built in is left out (the page links only to files that exist).
 */
#include "html_index.h"
#include "pack_private.h"

#include <string.h>

/* The formats listed beside a document's web page, in this order. */
static const char *const extensions[] = {".pdf", ".docx", ".txt"};

typedef struct {
    GPtrArray *strings;  /* everything the page's structs point at (owned) */
} pack_page_memory;

static const char *keep(pack_page_memory *mem, char *s)
{
    g_ptr_array_add(mem->strings, s);
    return s;
}

/* folder/output + ext when it exists beside base_dir, else NULL. */
static const char *existing(pack_page_memory *mem, const char *base_dir,
                            const pack_index_doc *d, const char *ext)
{
    char *href = g_strdup_printf("%s/%s%s", d->folder, d->output, ext);
    char *path = g_build_filename(base_dir, href, NULL);
    bool there = g_file_test(path, G_FILE_TEST_IS_REGULAR);
    g_free(path);
    if (!there) {
        g_free(href);
        return NULL;
    }
    return keep(mem, href);
}

static html_index_entry doc_entry(pack_page_memory *mem, const char *base_dir,
                                  const pack_index_doc *d)
{
    html_index_entry e = {.title = d->line, .page = existing(mem, base_dir, d, ".html")};
    const char **files = g_new0(const char *, G_N_ELEMENTS(extensions) + 1);
    g_ptr_array_add(mem->strings, files);
    int n = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(extensions); i++) {
        const char *href = existing(mem, base_dir, d, extensions[i]);
        if (href)
            files[n++] = href;
    }
    e.files = files;
    return e;
}

GBytes *pack_index_page(const pack_meeting_info *m, const char *base_dir,
                        const pack_index_doc *docs, int n_docs, const char *const *packs,
                        const house_style *style, GError **error)
{
    pack_page_memory mem = {g_ptr_array_new_with_free_func(g_free)};
    GArray *groups = g_array_new(FALSE, TRUE, sizeof(html_index_group));
    GPtrArray *entry_lists = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    GArray *pack_entries = g_array_new(FALSE, TRUE, sizeof(html_index_entry));
    g_ptr_array_add(entry_lists, pack_entries);
    for (int i = 0; packs[i]; i++) {
        html_index_entry e = {.title = i == 0 ? "Agenda pack: the agenda and every paper "
                                                "in one PDF"
                                              : keep(&mem, g_strdup_printf(
                                                               "Supplementary agenda pack %d",
                                                               i)),
                              .page = packs[i]};
        g_array_append_val(pack_entries, e);
    }
    html_index_group pack_group = {"Agenda pack", (html_index_entry *)(void *)pack_entries->data,
                                   (int)pack_entries->len};
    g_array_append_val(groups, pack_group);
    for (guint i = 0; i < m->items->len; i++) {
        const pack_item *it = g_ptr_array_index(m->items, i);
        GArray *entries = g_array_new(FALSE, TRUE, sizeof(html_index_entry));
        g_ptr_array_add(entry_lists, entries);
        for (int k = 0; k < n_docs; k++) {
            if (docs[k].item != it)
                continue;
            html_index_entry e = doc_entry(&mem, base_dir, &docs[k]);
            g_array_append_val(entries, e);
        }
        if (!entries->len) {
            html_index_entry e = {.title = it->text ? it->text : "No papers for this item."};
            g_array_append_val(entries, e);
        }
        html_index_group group = {keep(&mem, g_strdup_printf("Item %d: %s", it->number,
                                                              it->title)),
                                  (html_index_entry *)(void *)entries->data,
                                  (int)entries->len};
        g_array_append_val(groups, group);
    }
    char *date = pack_long_date(m->date), *time = pack_clock(m->time);
    char *title = g_strdup_printf("%s, %s", m->body, date);
    char *summary = g_strdup_printf("%s. The meeting is at %s at %s.", m->council, time,
                                    m->venue);
    html_index index = {"en-GB", title, summary, (html_index_group *)(void *)groups->data,
                        (int)groups->len};
    GByteArray *bytes = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, bytes);
    bool ok = write_html_index(&index, style, &sink, error);
    g_free(date);
    g_free(time);
    g_free(title);
    g_free(summary);
    g_ptr_array_free(entry_lists, TRUE);
    g_array_free(groups, TRUE);
    g_ptr_array_free(mem.strings, TRUE);
    if (!ok) {
        g_byte_array_free(bytes, TRUE);
        return NULL;
    }
    return g_byte_array_free_to_bytes(bytes);
}
