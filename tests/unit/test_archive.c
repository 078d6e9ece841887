/* test_archive.c - what the loaders record as read (the dependencies the
 * archive keeps per output), and the version record's manifest.xml: written
 * deterministically, read back the same, checked when read. */
#include "archive.h"
#include "archive_record.h"
#include "build.h"
#include "deps.h"
#include "inputs.h"
#include "merge.h"
#include "style.h"
#include "testutil.h"

#include <glib/gstdio.h>
#include <string.h>

#define SEED PAPERS_HOME "/inputs/community-safety-2019"
#define SCHEMAS PAPERS_HOME "/schemas"
#define TEMPLATES PAPERS_HOME "/templates"

/* True when deps holds a file of that role whose name ends in /base. */
static bool has(const build_deps *deps, dep_role role, const char *base)
{
    for (guint i = 0; i < build_deps_count(deps); i++) {
        char *name = g_path_get_basename(build_deps_path(deps, i));
        bool match = build_deps_role(deps, i) == role && g_str_equal(name, base);
        g_free(name);
        if (match)
            return true;
    }
    return false;
}

static const inputs_document *find_document(const inputs_report *r, const char *output)
{
    for (guint i = 0; i < r->documents->len; i++) {
        const inputs_document *d = g_ptr_array_index(r->documents, i);
        if (g_str_equal(d->output, output))
            return d;
    }
    return NULL;
}

START_TEST(deps_keep_first_order_and_no_duplicates)
{
    build_deps *d = build_deps_new();
    build_deps_add(d, DEP_DATA, "a.xml");
    build_deps_add(d, DEP_SCHEMA, "a.xsd");
    build_deps_add(d, DEP_DATA, "a.xml");
    build_deps_add(d, DEP_TEMPLATE, "a.xml"); /* same path, another role: another file */
    ck_assert_uint_eq(build_deps_count(d), 3);
    ck_assert_str_eq(build_deps_path(d, 1), "a.xsd");
    ck_assert_int_eq(build_deps_role(d, 2), DEP_TEMPLATE);
    build_deps *all = build_deps_new();
    build_deps_add_all(all, d);
    build_deps_add_all(all, d);
    ck_assert_uint_eq(build_deps_count(all), 3);
    build_deps_add(NULL, DEP_DATA, "ignored.xml"); /* a caller that does not record */
    build_deps_free(all);
    build_deps_free(d);
    dep_role role;
    ck_assert(dep_role_from_name("house-style", &role) && role == DEP_HOUSE_STYLE);
    ck_assert(dep_role_from_name("logo", &role) && role == DEP_LOGO);
    ck_assert(dep_role_from_name("font", &role) && role == DEP_FONT);
    ck_assert(!dep_role_from_name("picture", &role));
    dep_root root;
    ck_assert(dep_root_from_name("profile", &root) && root == DEP_ROOT_PROFILE);
}
END_TEST

/* Appendix B read agreement.xml and the schemas it and common.xsd needed;
 * the cabinet report did not read agreement.xml at all. */
START_TEST(inputs_record_each_documents_files)
{
    GError *error = NULL;
    inputs_home home = {TEMPLATES, SCHEMAS, PAPERS_HOME "/profiles", NULL};
    inputs_report *r = inputs_load(SEED, &home, &error);
    ck_assert_msg(r != NULL, "%s", error ? error->message : "");
    const inputs_document *b = find_document(r, "appendix-b");
    const inputs_document *cabinet = find_document(r, "cabinet-report");
    ck_assert(b && cabinet);
    ck_assert(has(b->read, DEP_MANIFEST, "report.xml"));
    ck_assert(has(b->read, DEP_SCHEMA, "report.xsd"));
    ck_assert(has(b->read, DEP_DATA, "agreement.xml"));
    ck_assert(has(b->read, DEP_SCHEMA, "agreement.xsd"));
    ck_assert(has(b->read, DEP_SCHEMA, "common.xsd")); /* included, not named anywhere */
    ck_assert(has(b->read, DEP_DATA, "meeting.xml"));
    ck_assert(!has(b->read, DEP_DATA, "consultation.xml"));
    ck_assert(has(cabinet->read, DEP_DATA, "consultation.xml"));
    ck_assert(!has(cabinet->read, DEP_DATA, "agreement.xml"));
    ck_assert(!has(cabinet->read, DEP_SCHEMA, "agreement.xsd"));

    build_deps *read = build_deps_new();
    house_style *look = style_default();
    char *template_path = inputs_find_template(r, "appendix-b.xml");
    doc_document *doc = merge_document(r, b, template_path, SCHEMAS, look, NULL, read, &error);
    g_free(template_path);
    style_free(look);
    ck_assert_msg(doc != NULL, "%s", error ? error->message : "");
    ck_assert(has(read, DEP_TEMPLATE, "appendix-b.xml"));
    ck_assert(has(read, DEP_SCHEMA, "template.xsd"));
    ck_assert_uint_eq(build_deps_count(read), 2);
    doc_document_free(doc);
    build_deps_free(read);
    inputs_free(r);

    read = build_deps_new();
    house_style *style = style_load(TEMPLATES "/house-style.xml", SCHEMAS, read, &error);
    ck_assert(style != NULL);
    ck_assert(has(read, DEP_HOUSE_STYLE, "house-style.xml"));
    ck_assert(has(read, DEP_SCHEMA, "house-style.xsd"));
    style_free(style);
    build_deps_free(read);
}
END_TEST

/* The sha256 v<number>'s manifest records for the input whose path ends in
 * suffix; NULL when it names none.  Caller frees. */
static char *recorded_sha(const char *archive_dir, int number, const char *suffix)
{
    archive_record *r =
        archive_load_version(archive_dir, number, SCHEMAS "/archive-manifest.xsd", NULL);
    ck_assert(r != NULL);
    char *sha = NULL;
    for (guint i = 0; i < r->inputs->len && !sha; i++) {
        const archive_input *in = g_ptr_array_index(r->inputs, i);
        if (g_str_has_suffix(in->path, suffix))
            sha = g_strdup(in->sha256);
    }
    archive_record_free(r);
    return sha;
}

/* A batch keeps the hashes of the shared inputs it read (archive.c,
 * "hashing inputs"): a profile's file edited between two builds of one
 * process, its size unchanged, must still be hashed again and the outputs
 * made again. */
START_TEST(an_edit_between_builds_of_one_process_is_seen)
{
    char *tmp = testutil_tmpdir();
    char *report = g_build_filename(tmp, "community-safety-2019", NULL);
    char *profiles = g_build_filename(tmp, "profiles", NULL);
    char *out = g_build_filename(tmp, "out", NULL);
    char *copy = g_strdup_printf("cp -r %s %s/ && mkdir %s && cp -r %s/profiles/leicestershire %s/",
                                 SEED, tmp, profiles, PAPERS_HOME, profiles);
    const char *argv[] = {"sh", "-c", copy, NULL};
    int status = -1;
    ck_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                           &status, NULL) && status == 0);
    g_free(copy);
    build_options o = {.input_dir = report, .output_root = out, .template_dir = TEMPLATES,
                       .schema_dir = SCHEMAS, .profiles_dir = profiles,
                       .archive_schema = SCHEMAS "/archive-manifest.xsd", .formats = BUILD_TXT,
                       .wait_seconds = 5};
    build_result result;
    GError *error = NULL;
    ck_assert_msg(build_report(&o, &result, &error), "%s", error ? error->message : "");
    ck_assert(result.changed);
    build_result_clear(&result);

    char *style = g_build_filename(profiles, "leicestershire", "house-style.xml", NULL);
    gsize len;
    char *text = testutil_read(style, &len);
    char *at = strstr(text, "council's logo");
    ck_assert(at != NULL);
    memcpy(at, "COUNCIL", 7); /* the same size, other bytes */
    ck_assert(g_file_set_contents(style, text, (gssize)len, NULL));
    g_free(text);

    ck_assert_msg(build_report(&o, &result, &error), "%s", error ? error->message : "");
    ck_assert_msg(result.changed, "the edit was not seen: nothing rebuilt");
    char *before = recorded_sha(result.archive_dir, 1, "/house-style.xml");
    char *after = recorded_sha(result.archive_dir, 2, "/house-style.xml");
    ck_assert(before && after);
    ck_assert_str_ne(before, after);
    build_result_clear(&result);
    g_free(before);
    g_free(after);
    g_free(style);
    testutil_rm_rf(tmp);
    g_free(report);
    g_free(profiles);
    g_free(out);
    g_free(tmp);
}
END_TEST

static archive_record *sample_record(void)
{
    archive_record *r = archive_record_new();
    r->report = g_strdup("community-safety-2019");
    r->number = 2;
    r->previous = 1;
    memset(r->previous_manifest_sha256, 'a', 64);
    r->pipeline_version = g_strdup("0.1.0");
    r->built_at = g_strdup("2026-11-27T10:02:03Z");
    r->source_date_epoch = 1576540800;
    r->author = g_strdup("Jo Bloggs");
    r->reason = g_strdup("Amendment moved at Cabinet, para 9 & \"quoted\" <text>");
    char sha[ARCHIVE_SHA256_HEX];
    archive_sha256("x", 1, sha);
    /* Added out of order: the manifest sorts them by role, then path. */
    archive_input *schema = archive_record_add_input(r, DEP_SCHEMA, "common.xsd", sha, 10);
    archive_input *data = archive_record_add_input(r, DEP_DATA, "sub/agreement.xml", sha, 1);
    archive_input *manifest = archive_record_add_input(r, DEP_MANIFEST, "report.xml", sha, 5);
    archive_output *out = archive_record_add_output(r, "appendix-b.pdf", "pdf");
    memcpy(out->sha256, sha, sizeof sha);
    out->size = 1234;
    out->built_in = 2;
    g_ptr_array_add(out->uses, schema);
    g_ptr_array_add(out->uses, data);
    out = archive_record_add_output(r, "cabinet-report.txt", "txt");
    memcpy(out->sha256, sha, sizeof sha);
    out->built_in = 1;
    out->carried_from = 1;
    g_ptr_array_add(out->uses, manifest);
    return r;
}

static char *save(GBytes *bytes, const char *dir, const char *name)
{
    char *path = g_build_filename(dir, name, NULL);
    ck_assert(g_file_set_contents(path, g_bytes_get_data(bytes, NULL),
                                  (gssize)g_bytes_get_size(bytes), NULL));
    return path;
}

START_TEST(record_round_trip)
{
    archive_record *r = sample_record();
    GBytes *xml = archive_record_to_xml(r);
    GBytes *again = archive_record_to_xml(r);
    ck_assert(g_bytes_equal(xml, again)); /* deterministic */
    /* GBytes are not NUL-terminated: search a terminated copy. */
    gsize xml_len = 0;
    const char *xml_data = g_bytes_get_data(xml, &xml_len);
    char *text = g_strndup(xml_data, xml_len);
    ck_assert_ptr_nonnull(strstr(text, "<input role=\"manifest\" path=\"report.xml\""));
    ck_assert(strstr(text, "role=\"manifest\"") < strstr(text, "role=\"data\""));
    ck_assert(strstr(text, "role=\"data\"") < strstr(text, "role=\"schema\""));

    char *dir = testutil_tmpdir();
    char *path = save(xml, dir, "manifest.xml");
    GError *error = NULL;
    archive_record *back = archive_record_load(path, SCHEMAS "/archive-manifest.xsd", &error);
    ck_assert_msg(back != NULL, "%s", error ? error->message : "");
    ck_assert_str_eq(back->reason, r->reason);
    ck_assert_str_eq(back->author, "Jo Bloggs");
    ck_assert_int_eq(back->number, 2);
    ck_assert_int_eq(back->previous, 1);
    ck_assert_int_eq(back->source_date_epoch, 1576540800);
    ck_assert_uint_eq(back->inputs->len, 3);
    const archive_output *pdf = archive_record_find_output(back, "appendix-b.pdf");
    ck_assert(pdf && pdf->carried_from == 0 && pdf->built_in == 2 && pdf->size == 1234);
    ck_assert_uint_eq(pdf->uses->len, 2);
    ck_assert(archive_record_find_input(back, DEP_DATA, "sub/agreement.xml") != NULL);
    const archive_output *txt = archive_record_find_output(back, "cabinet-report.txt");
    ck_assert(txt && txt->carried_from == 1);
    ck_assert_uint_eq(archive_record_count_rebuilt(back), 1);
    GBytes *third = archive_record_to_xml(back);
    ck_assert(g_bytes_equal(xml, third)); /* read back, written again: the same bytes */
    g_bytes_unref(third);
    archive_record_free(back);

    /* No SOURCE_DATE_EPOCH, no reason, first version: all optional. */
    r->source_date_epoch = -1;
    g_clear_pointer(&r->reason, g_free);
    r->previous = 0;
    r->previous_manifest_sha256[0] = 0;
    GBytes *plain = archive_record_to_xml(r);
    char *plain_path = save(plain, dir, "plain.xml");
    back = archive_record_load(plain_path, SCHEMAS "/archive-manifest.xsd", &error);
    ck_assert_msg(back != NULL, "%s", error ? error->message : "");
    ck_assert(back->source_date_epoch == -1 && back->reason == NULL && back->previous == 0);
    archive_record_free(back);
    g_bytes_unref(plain);
    g_free(plain_path);

    /* No exempt output: format 3, as before exempt versions existed. */
    ck_assert_ptr_nonnull(strstr(text, "<version format=\"3\""));
    ck_assert_ptr_null(strstr(text, "exempt"));

    g_free(text);
    g_bytes_unref(xml);
    g_bytes_unref(again);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    archive_record_free(r);
}
END_TEST

/* Full versions are marked exempt, and the version says it made them
 * (format 4); a format 3 manifest still reads, with nothing exempt. */
START_TEST(record_marks_exempt_outputs)
{
    archive_record *r = sample_record();
    r->exempt_versions = true;
    archive_output *full = archive_record_add_output(r, "appendix-b-EXEMPT.pdf", "pdf");
    archive_sha256("y", 1, full->sha256);
    full->built_in = 2;
    full->exempt = true;
    g_ptr_array_add(full->uses, g_ptr_array_index(r->inputs, 0));
    GBytes *xml = archive_record_to_xml(r);
    gsize size = 0;
    const char *data = g_bytes_get_data(xml, &size);
    char *text = g_strndup(data, size); /* the bytes have no terminating NUL */
    ck_assert_ptr_nonnull(strstr(text, "<version format=\"4\" report=\"community-safety-2019\" "
                                       "number=\"2\" exempt-versions=\"yes\">"));
    g_free(text);
    char *dir = testutil_tmpdir();
    char *path = save(xml, dir, "manifest.xml");
    GError *error = NULL;
    archive_record *back = archive_record_load(path, SCHEMAS "/archive-manifest.xsd", &error);
    ck_assert_msg(back != NULL, "%s", error ? error->message : "");
    ck_assert(back->exempt_versions);
    ck_assert(archive_record_find_output(back, "appendix-b-EXEMPT.pdf")->exempt);
    ck_assert(!archive_record_find_output(back, "appendix-b.pdf")->exempt);
    GBytes *again = archive_record_to_xml(back);
    ck_assert(g_bytes_equal(xml, again));
    g_bytes_unref(again);
    archive_record_free(back);
    g_free(path);

    archive_record_free(r);
    r = sample_record();
    GBytes *old = archive_record_to_xml(r);
    path = save(old, dir, "format3.xml");
    back = archive_record_load(path, SCHEMAS "/archive-manifest.xsd", &error);
    ck_assert_msg(back != NULL, "%s", error ? error->message : "");
    ck_assert(!back->exempt_versions && !archive_record_find_output(back, "appendix-b.pdf")->exempt);
    archive_record_free(back);
    g_bytes_unref(old);
    g_free(path);
    g_bytes_unref(xml);
    testutil_rm_rf(dir);
    g_free(dir);
    archive_record_free(r);
}
END_TEST

/* Load the sample manifest with every from replaced by to; must fail. */
static char *broken_record_error(const char *from, const char *to)
{
    archive_record *r = sample_record();
    GBytes *xml = archive_record_to_xml(r);
    archive_record_free(r);
    GString *s = g_string_new_len(g_bytes_get_data(xml, NULL), (gssize)g_bytes_get_size(xml));
    g_bytes_unref(xml);
    ck_assert_msg(g_string_replace(s, from, to, 0) > 0, "sample lacks %s", from);
    char *dir = testutil_tmpdir();
    GBytes *broken = g_bytes_new(s->str, s->len);
    g_string_free(s, TRUE);
    char *path = save(broken, dir, "manifest.xml");
    g_bytes_unref(broken);
    GError *error = NULL;
    archive_record *back = archive_record_load(path, SCHEMAS "/archive-manifest.xsd", &error);
    ck_assert_msg(back == NULL, "a manifest with %s should be refused", to);
    char *message = g_strdup(error->message);
    g_error_free(error);
    testutil_rm_rf(dir);
    g_free(dir);
    g_free(path);
    return message;
}

START_TEST(record_refuses_what_could_escape_or_dangle)
{
    /* A path that climbs out of its folder: restoring it would write
     * outside the rebuild's temporary folder. */
    char *m = broken_record_error("path=\"sub/agreement.xml\"", "path=\"../agreement.xml\"");
    ck_assert_ptr_nonnull(strstr(m, "not a plain relative path"));
    g_free(m);
    m = broken_record_error("path=\"report.xml\"", "path=\"/etc/report.xml\"");
    ck_assert_ptr_nonnull(strstr(m, "manifest.xml:"));
    g_free(m);
    /* An output that uses an input the version does not list. */
    m = broken_record_error("<uses role=\"data\" path=\"sub/agreement.xml\"/>",
                            "<uses role=\"data\" path=\"other.xml\"/>");
    ck_assert_ptr_nonnull(strstr(m, "manifest.xml:"));
    g_free(m);
    m = broken_record_error("role=\"data\"", "role=\"picture\"");
    g_free(m);
    m = broken_record_error("number=\"2\"", "number=\"two\"");
    g_free(m);
    ck_assert(archive_path_is_safe("a/b.xml"));
    ck_assert(!archive_path_is_safe("a//b.xml"));
    ck_assert(!archive_path_is_safe("./b.xml"));
    ck_assert(!archive_path_is_safe(""));
}
END_TEST

static Suite *archive_suite(void)
{
    Suite *s = suite_create("archive");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, deps_keep_first_order_and_no_duplicates);
    tcase_add_test(tc, inputs_record_each_documents_files);
    tcase_add_test(tc, an_edit_between_builds_of_one_process_is_seen);
    tcase_add_test(tc, record_round_trip);
    tcase_add_test(tc, record_marks_exempt_outputs);
    tcase_add_test(tc, record_refuses_what_could_escape_or_dangle);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return testutil_run(archive_suite());
}
