/*
 * pack_meeting.c - a meeting folder's meeting.xml (schemas/agenda.xsd): read,
 * checked against its schema, then checked for what a schema cannot say.
 */
#include "pack_private.h"
#include "xmlload.h"

#include <libxml/tree.h>
#include <string.h>

static void member_free(gpointer p)
{
    pack_member *m = p;
    g_free(m->name);
    g_free(m->role);
    g_free(m);
}

static void item_free(gpointer p)
{
    pack_item *it = p;
    g_free(it->title);
    g_free(it->text);
    g_free(it->report);
    g_free(it->report_dir);
    g_free(it);
}

void pack_meeting_free(pack_meeting_info *m)
{
    if (!m)
        return;
    g_free(m->path);
    g_free(m->name);
    g_free(m->profile);
    g_free(m->council);
    g_free(m->body);
    g_free(m->date);
    g_free(m->time);
    g_free(m->venue);
    if (m->members)
        g_ptr_array_free(m->members, TRUE);
    if (m->items)
        g_ptr_array_free(m->items, TRUE);
    g_free(m);
}

static bool is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void read_member(pack_meeting_info *m, xmlNode *n)
{
    pack_member *member = g_new0(pack_member, 1);
    member->name = xmlload_folded_text(n);
    char *role = xmlload_attr(n, "role");
    if (role) {
        member->role = g_strdup(role);
        xmlFree(role);
    }
    g_ptr_array_add(m->members, member);
}

static char *attr_dup(xmlNode *n, const char *name)
{
    char *value = xmlload_attr(n, name);
    char *copy = value ? g_strstrip(g_strdup(value)) : NULL;
    if (value)
        xmlFree(value);
    return copy;
}

/* An item's report folder must be there, with its report.xml. */
static bool check_report(const pack_meeting_info *m, const pack_item *it, GError **error)
{
    char *manifest = g_build_filename(it->report_dir, "report.xml", NULL);
    bool ok = g_file_test(manifest, G_FILE_TEST_IS_REGULAR);
    g_free(manifest);
    if (!ok)
        xmlload_error_at(error, PAPERS_ERROR_INPUT, m->path, it->line,
                         "item %d: there is no report folder %s (no %s/report.xml); "
                         "report= is the folder's path from the meeting folder",
                         it->number, it->report, it->report_dir);
    return ok;
}

/* The same report or title twice is a mistake: the pack would print it
 * twice and its links would not know which to jump to. */
static bool check_unique(const pack_meeting_info *m, const pack_item *it, GError **error)
{
    for (guint i = 0; i < m->items->len; i++) {
        const pack_item *other = g_ptr_array_index(m->items, i);
        if (other == it)
            break;
        bool same_report = it->report_dir && other->report_dir &&
                           g_str_equal(it->report_dir, other->report_dir);
        if (same_report || g_ascii_strcasecmp(it->title, other->title) == 0) {
            xmlload_error_at(error, PAPERS_ERROR_INPUT, m->path, it->line,
                             "item %d has the same %s as item %d (line %d); an item comes "
                             "once in an agenda: remove one",
                             it->number, same_report ? "report" : "title", other->number,
                             other->line);
            return false;
        }
    }
    return true;
}

static bool read_item(pack_meeting_info *m, xmlNode *n, const char *dir, GError **error)
{
    pack_item *it = g_new0(pack_item, 1);
    g_ptr_array_add(m->items, it);
    it->number = (int)m->items->len;
    it->line = (int)xmlGetLineNo(n);
    it->title = attr_dup(n, "title");
    it->report = attr_dup(n, "report");
    char *text = xmlload_folded_text(n);
    if (*text)
        it->text = text;
    else
        g_free(text);
    if (it->report && it->text) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, m->path, it->line,
                         "item %d takes the papers of %s and has words of its own; write the "
                         "words in the report, or make it a plain item without report=",
                         it->number, it->report);
        return false;
    }
    if (it->report)
        it->report_dir = g_build_filename(dir, it->report, NULL);
    return (!it->report || check_report(m, it, error)) && check_unique(m, it, error);
}

static bool read_meeting(pack_meeting_info *m, xmlDocPtr doc, GError **error)
{
    char *dir = g_path_get_dirname(m->path);
    xmlNode *root = xmlDocGetRootElement(doc);
    m->profile = attr_dup(root, "profile");
    bool ok = true;
    for (xmlNode *n = root->children; n && ok; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char **field = is_element(n, "council") ? &m->council
                       : is_element(n, "body")  ? &m->body
                       : is_element(n, "date")  ? &m->date
                       : is_element(n, "time")  ? &m->time
                       : is_element(n, "venue") ? &m->venue
                                                : NULL;
        if (field)
            *field = xmlload_folded_text(n);
        if (is_element(n, "membership"))
            for (xmlNode *k = n->children; k; k = k->next)
                if (is_element(k, "member"))
                    read_member(m, k);
        if (is_element(n, "item"))
            ok = read_item(m, n, dir, error);
    }
    g_free(dir);
    return ok;
}

/* A report's own meeting.xml is another kind of file: say so. */
static bool check_root(const char *path, xmlDocPtr doc, GError **error)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root && is_element(root, "meeting")) {
        xmlload_error_at(error, PAPERS_ERROR_INPUT, path, (int)xmlGetLineNo(root),
                         "this is a report's meeting.xml (<meeting>); a meeting folder's "
                         "meeting.xml is an <agenda> (schemas/agenda.xsd, README \"Publishing "
                         "a meeting\")");
        return false;
    }
    return true;
}

pack_meeting_info *pack_meeting_load(const char *path, const char *schema_dir, GError **error)
{
    pack_meeting_info *m = g_new0(pack_meeting_info, 1);
    m->path = g_file_test(path, G_FILE_TEST_IS_DIR)
                  ? g_build_filename(path, "meeting.xml", NULL)
                  : g_strdup(path);
    char *folder = g_path_get_dirname(m->path);
    m->name = g_path_get_basename(folder);
    if (g_str_equal(m->name, ".")) {
        char *cwd = g_get_current_dir();
        g_free(m->name);
        m->name = g_path_get_basename(cwd);
        g_free(cwd);
    }
    g_free(folder);
    m->members = g_ptr_array_new_with_free_func(member_free);
    m->items = g_ptr_array_new_with_free_func(item_free);
    xmlDocPtr doc = xmlload_file(m->path, NULL, NULL, DEP_DATA, error);
    bool ok = doc && check_root(m->path, doc, error);
    if (ok) {
        char *schema = g_build_filename(schema_dir, "agenda.xsd", NULL);
        ok = xmlload_validate(doc, m->path, schema, NULL, error) && read_meeting(m, doc, error);
        g_free(schema);
    }
    if (doc)
        xmlFreeDoc(doc);
    if (!ok) {
        pack_meeting_free(m);
        return NULL;
    }
    return m;
}

char *pack_long_date(const char *iso)
{
    int y = 0, mo = 0, d = 0;
    if (sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) != 3 || !g_date_valid_dmy(d, mo, y))
        return g_strdup(iso);
    static const char *const months[] = {"January", "February", "March", "April",
                                         "May", "June", "July", "August", "September",
                                         "October", "November", "December"};
    static const char *const days[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
    GDate *date = g_date_new_dmy(d, mo, y);
    char *text = g_strdup_printf("%s %d %s %d", days[g_date_get_weekday(date)], d,
                                 months[mo - 1], y);
    g_date_free(date);
    return text;
}

char *pack_clock(const char *hhmm)
{
    int h = 0, m = 0;
    if (sscanf(hhmm, "%2d:%2d", &h, &m) != 2)
        return g_strdup(hhmm);
    if (h == 12 && m == 0)
        return g_strdup("noon");
    return g_strdup_printf("%d.%02d %s", h % 12 ? h % 12 : 12, m, h < 12 ? "am" : "pm");
}
