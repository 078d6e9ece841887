/* test_pdf_finish.c - the PDF/UA-1 and PDF/A-2a finish: the content-stream
 * tokenizer and artifact rewrite alone, then whole files read back with
 * libqpdf (read only), qpdf, poppler and check-pdf.
 *
 * Each property is a check that returns what is wrong (NULL when right),
 * so the same checks are also run on cairo's own output, which must fail
 * them: no check here passes whatever it is given. */
#include "pdf_content.h"
#include "pdf_finish.h"
#include "style.h"
#include "testutil.h"
#include "write.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qpdf/qpdf-c.h>
#include <string.h>
#include <sys/wait.h>

#define EPOCH_2019_12_17 1576540800 /* 2019-12-17T00:00:00Z */
#define DATE_2019_12_17 "D:20191217000000+00'00'"

/* ---- helpers ------------------------------------------------------------- */

/* Run argv; returns the exit status (-1 if it could not start), output in
 * *out (caller frees) when out is not NULL. */
static int run(const char *const *argv, char **out)
{
    char *so = NULL, *se = NULL;
    int status = -1;
    GError *error = NULL;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &so, &se,
                      &status, &error))
        ck_abort_msg("cannot run %s: %s", argv[0], error->message);
    int code = g_spawn_check_wait_status(status, NULL) ? 0 : WEXITSTATUS(status);
    if (code != 0)
        fprintf(stderr, "%s exited %d:\n%s%s", argv[0], code, so, se);
    if (out)
        *out = g_strconcat(so, se, NULL);
    g_free(so);
    g_free(se);
    return code;
}

static char *rewrite(const char *content, int *wrapped)
{
    GError *error = NULL;
    GByteArray *out =
        pdf_content_mark_artifacts((const unsigned char *)content, strlen(content), wrapped, &error);
    ck_assert_msg(out != NULL, "rewrite failed: %s", error ? error->message : "");
    g_byte_array_append(out, (const guint8 *)"", 1);
    return (char *)g_byte_array_free(out, FALSE);
}

static char *rewrite_error(const char *content)
{
    int wrapped = -1;
    GError *error = NULL;
    GByteArray *out =
        pdf_content_mark_artifacts((const unsigned char *)content, strlen(content), &wrapped, &error);
    ck_assert_msg(out == NULL, "accepted: %s", content);
    ck_assert_ptr_nonnull(error);
    char *msg = g_strdup(error->message);
    g_error_free(error);
    return msg;
}

/* "kind:text" for every token of s, space separated. */
static char *token_list(const char *s, size_t len)
{
    static const char *const kinds[] = {"end", "num", "name", "str", "hex", "[", "]",
                                        "<<", ">>", "kw", "img", "BAD"};
    pdf_lexer lx;
    pdf_lexer_init(&lx, (const unsigned char *)s, len);
    GString *out = g_string_new(NULL);
    for (int guard = 0; guard < 100; guard++) {
        pdf_token t = pdf_lexer_next(&lx);
        if (t.kind == PDF_TOKEN_END)
            break;
        g_string_append_printf(out, "%s%s:%.*s", out->len ? " " : "", kinds[t.kind],
                               (int)(t.end - t.start), s + t.start);
        if (t.kind == PDF_TOKEN_BAD) {
            /* stuck: the next call says BAD again */
            ck_assert_int_eq(pdf_lexer_next(&lx).kind, PDF_TOKEN_BAD);
            break;
        }
    }
    return g_string_free(out, FALSE);
}

/* ---- the tokenizer ------------------------------------------------------- */

START_TEST(tokens_of_every_kind)
{
    const char *s = "/Name 12 -3.5 .5 +7 (a (nested) \\) str) <48 65> << /K [1 2] >> true "
                    "BT % a comment with BDC and (\n' \" ET";
    char *got = token_list(s, strlen(s));
    ck_assert_str_eq(got, "name:/Name num:12 num:-3.5 num:.5 num:+7 str:(a (nested) \\) str) "
                          "hex:<48 65> <<:<< name:/K [:[ num:1 num:2 ]:] >>:>> kw:true kw:BT "
                          "kw:' kw:\" kw:ET");
    g_free(got);
}
END_TEST

START_TEST(strings_hide_operators)
{
    const char *s = "(EMC) Tj (BT \\( ) ( \\\\) Tj";
    char *got = token_list(s, strlen(s));
    ck_assert_str_eq(got, "str:(EMC) kw:Tj str:(BT \\( ) str:( \\\\) kw:Tj");
    g_free(got);
}
END_TEST

START_TEST(inline_image_data_is_one_token)
{
    /* The data holds bytes that look like operators and a lone "EI"
     * without white space before it. */
    static const char s[] = "q BI /W 4 /H 1 /BPC 8 /CS /G ID \x01(EMC xEI BT\xff\n EI Q";
    char *got = token_list(s, sizeof s - 1);
    ck_assert_str_eq(got, "kw:q kw:BI name:/W num:4 name:/H num:1 name:/BPC num:8 name:/CS "
                          "name:/G kw:ID img:\x01(EMC xEI BT\xff\n  kw:EI kw:Q");
    g_free(got);
}
END_TEST

START_TEST(malformed_input_stops_the_scan)
{
    static const char *const bad[][2] = {
        {"(unterminated Tj", "BAD:"},
        {"1 0 0 1 0 0 cm ) Tj", "num:1 num:0 num:0 num:1 num:0 num:0 kw:cm BAD:"},
        {"<4G> Tj", "BAD:"},
        {"> Tj", "BAD:"},
        {"1.2.3 w", "BAD:"},
        {"- w", "BAD:"},
        {"BI /W 1 ID xx", "kw:BI name:/W num:1 kw:ID BAD:"},
        {"{ }", "BAD:"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *got = token_list(bad[i][0], strlen(bad[i][0]));
        ck_assert_msg(strcmp(got, bad[i][1]) == 0, "%s: got %s", bad[i][0], got);
        g_free(got);
    }
}
END_TEST

/* ---- the artifact rewrite ------------------------------------------------ */

START_TEST(unmarked_text_becomes_an_artifact)
{
    int wrapped = 0;
    char *got = rewrite("BT\n/F1 1 Tf\n(Page 1 of 2) Tj\nET\n", &wrapped);
    ck_assert_str_eq(got, "BT\n/F1 1 Tf\n/Artifact BMC\n(Page 1 of 2) Tj\nEMC\nET\n");
    ck_assert_int_eq(wrapped, 1);
    g_free(got);
}
END_TEST

START_TEST(marked_content_is_left_alone)
{
    const char *in = "/P << /MCID 0 >> BDC\nBT (a) Tj ET\nEMC\n"
                     "/Artifact BMC 0 0 1 1 re f EMC\n";
    int wrapped = -1;
    char *got = rewrite(in, &wrapped);
    ck_assert_str_eq(got, in);
    ck_assert_int_eq(wrapped, 0);
    g_free(got);
}
END_TEST

/* cairo's shape: a tagged paragraph, then the footer in a text object of
 * its own, then a border; the artifacts close before the next marked
 * content and never straddle a text object's edge. */
START_TEST(artifacts_nest_with_text_objects_and_marked_content)
{
    int wrapped = 0;
    char *got = rewrite("q\n/P << /MCID 0 >> BDC\nBT\n(a)Tj\nET\nEMC\n"
                        "BT\n1 0 0 1 9 9 Tm\n[(Page)-5(1)]TJ\nET\n"
                        "0 0 9 9 re S\n/Span <</MCID 1>> BDC\nBT\n(b)Tj\nET\nEMC\nQ",
                        &wrapped);
    ck_assert_str_eq(got, "q\n/P << /MCID 0 >> BDC\nBT\n(a)Tj\nET\nEMC\n"
                          "BT\n1 0 0 1 9 9 Tm\n/Artifact BMC\n[(Page)-5(1)]TJ\nEMC\nET\n"
                          "/Artifact BMC\n0 0 9 9 re S\nEMC\n/Span <</MCID 1>> BDC\nBT\n(b)Tj\n"
                          "ET\nEMC\nQ");
    ck_assert_int_eq(wrapped, 2);
    g_free(got);
    /* marked content inside a text object, after unmarked text in it */
    got = rewrite("BT (x) Tj /Span <</MCID 0>> BDC (y) Tj EMC ET", &wrapped);
    ck_assert_str_eq(got, "BT /Artifact BMC\n(x) Tj EMC\n/Span <</MCID 0>> BDC (y) Tj EMC ET");
    g_free(got);
    /* no white space between the operations: the inserts bring their own */
    got = rewrite("BT/F1 1 Tf[(a)]TJ ET[]0 d 0 0 m 1 1 l S", &wrapped);
    ck_assert_str_eq(got, "BT/F1 1 Tf\n/Artifact BMC\n[(a)]TJ EMC\nET[]0 d /Artifact BMC\n"
                          "0 0 m 1 1 l S\nEMC\n");
    g_free(got);
}
END_TEST

START_TEST(strings_and_images_do_not_confuse_the_rewrite)
{
    int wrapped = 0;
    static const char in[] = "BT (EMC BDC \\) ET) Tj ET q BI /W 1 /H 1 ID EMC BT EI Q";
    char *got = rewrite(in, &wrapped);
    ck_assert_str_eq(got, "BT /Artifact BMC\n(EMC BDC \\) ET) Tj EMC\nET q /Artifact BMC\n"
                          "BI /W 1 /H 1 ID EMC BT EI Q\nEMC\n");
    ck_assert_int_eq(wrapped, 2);
    g_free(got);
}
END_TEST

START_TEST(rewrite_is_idempotent)
{
    int wrapped = 0;
    char *once = rewrite("0 g BT (a) Tj ET 0 0 1 1 re f /P <</MCID 0>> BDC BT (b) Tj ET EMC "
                         "BT (c) Tj ET",
                         &wrapped);
    ck_assert_int_eq(wrapped, 3);
    char *twice = rewrite(once, &wrapped);
    ck_assert_int_eq(wrapped, 0);
    ck_assert_str_eq(once, twice);
    g_free(once);
    g_free(twice);
}
END_TEST

START_TEST(malformed_streams_are_refused)
{
    static const char *const bad[] = {"EMC", "/P BMC (a) Tj", "BT (a) Tj", "ET",
                                      "BT BT ET ET", "(open Tj", "/P <</MCID 0>> BDC EMC EMC"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *msg = rewrite_error(bad[i]);
        ck_assert_msg(strstr(msg, "content stream"), "%s: %s", bad[i], msg);
        g_free(msg);
    }
}
END_TEST

/* ---- reading a PDF back -------------------------------------------------- */

static qpdf_data open_bytes(const GByteArray *pdf)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    qpdf_read_memory(q, "test", (const char *)pdf->data, pdf->len, NULL);
    ck_assert_msg(!qpdf_has_error(q), "qpdf cannot read the PDF");
    return q;
}

static GByteArray *read_file(const char *path)
{
    gsize len = 0;
    char *data = testutil_read(path, &len);
    ck_assert_ptr_nonnull(data);
    return g_byte_array_new_take((guint8 *)data, len);
}

static bool is_name(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
    return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, key), name);
}

static char *string_of(qpdf_data q, qpdf_oh dict, const char *key)
{
    qpdf_oh v = qpdf_oh_get_key(q, dict, key);
    return qpdf_oh_is_string(q, v) ? g_strdup(qpdf_oh_get_utf8_value(q, v)) : NULL;
}

static char *stream_text(qpdf_data q, qpdf_oh stream, enum qpdf_stream_decode_level_e level)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    qpdf_oh_get_stream_data(q, stream, level, NULL, &buf, &len);
    char *s = g_strndup((const char *)buf, len);
    free(buf);
    return s;
}

/* Catalog: language, marked, title shown, structure tree. */
static char *check_catalog(qpdf_data q, const char *lang)
{
    qpdf_oh root = qpdf_get_root(q);
    char *got = string_of(q, root, "/Lang");
    bool lang_ok = got && strcmp(got, lang) == 0;
    g_free(got);
    if (!lang_ok)
        return g_strdup("no /Lang or the wrong one");
    qpdf_oh prefs = qpdf_oh_get_key(q, root, "/ViewerPreferences");
    if (!qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q, prefs, "/DisplayDocTitle")))
        return g_strdup("no /ViewerPreferences /DisplayDocTitle true");
    if (!qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/MarkInfo"),
                                                   "/Marked")))
        return g_strdup("not /Marked");
    if (!qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, root, "/StructTreeRoot")))
        return g_strdup("no structure tree");
    return NULL;
}

/* XMP: uncompressed, in its packet, with the claims and the facts. */
static char *check_metadata(qpdf_data q, const char *const *facts)
{
    qpdf_oh md = qpdf_oh_get_key(q, qpdf_get_root(q), "/Metadata");
    if (!qpdf_oh_is_stream(q, md))
        return g_strdup("no /Metadata stream");
    qpdf_oh dict = qpdf_oh_get_dict(q, md);
    if (!is_name(q, dict, "/Type", "/Metadata") || !is_name(q, dict, "/Subtype", "/XML") ||
        qpdf_oh_has_key(q, dict, "/Filter"))
        return g_strdup("the metadata stream is not /Metadata /XML without /Filter");
    char *xmp = stream_text(q, md, qpdf_dl_none);
    static const char *const claims[] = {
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>",
        "<?xpacket end=\"w\"?>", "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>", "<xmp:CreatorTool>papers<",
        "<pdf:Producer>cairo ", "<xmp:CreateDate>2019-12-17T00:00:00+00:00<",
        "<xmp:ModifyDate>2019-12-17T00:00:00+00:00<",
        "<xmp:MetadataDate>2019-12-17T00:00:00+00:00<", NULL};
    char *problem = NULL;
    for (const char *const *c = claims; *c && !problem; c++)
        if (!strstr(xmp, *c))
            problem = g_strdup_printf("the XMP lacks %s", *c);
    for (const char *const *c = facts; *c && !problem; c++)
        if (!strstr(xmp, *c))
            problem = g_strdup_printf("the XMP lacks %s", *c);
    g_free(xmp);
    return problem;
}

/* One GTS_PDFA1 output intent with the sRGB profile file as it is. */
static char *check_output_intent(qpdf_data q)
{
    qpdf_oh intents = qpdf_oh_get_key(q, qpdf_get_root(q), "/OutputIntents");
    if (!qpdf_oh_is_array(q, intents) || qpdf_oh_get_array_n_items(q, intents) != 1)
        return g_strdup("not one output intent");
    qpdf_oh intent = qpdf_oh_get_array_item(q, intents, 0);
    if (!is_name(q, intent, "/S", "/GTS_PDFA1") || !is_name(q, intent, "/Type", "/OutputIntent"))
        return g_strdup("the output intent is not /GTS_PDFA1");
    qpdf_oh icc = qpdf_oh_get_key(q, intent, "/DestOutputProfile");
    if (!qpdf_oh_is_stream(q, icc) ||
        qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, icc), "/N")) != 3)
        return g_strdup("no /DestOutputProfile with /N 3");
    unsigned char *buf = NULL;
    size_t len = 0;
    qpdf_oh_get_stream_data(q, icc, qpdf_dl_generalized, NULL, &buf, &len);
    gsize flen = 0;
    char *file = testutil_read(PDF_FINISH_SRGB_PROFILE, &flen);
    bool same = file && flen == len && memcmp(file, buf, len) == 0;
    free(buf);
    g_free(file);
    return same ? NULL : g_strdup("the profile is not " PDF_FINISH_SRGB_PROFILE);
}

/* Document information: the same facts, dates with "D:". */
static char *check_info(qpdf_data q, const char *title)
{
    qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
    char *problem = NULL;
    char *t = string_of(q, info, "/Title"), *c = string_of(q, info, "/Creator");
    char *p = string_of(q, info, "/Producer");
    char *cd = string_of(q, info, "/CreationDate"), *md = string_of(q, info, "/ModDate");
    if (!t || strcmp(t, title) != 0)
        problem = g_strdup_printf("/Title is %s", t ? t : "missing");
    else if (!c || strcmp(c, "papers") != 0 || !p || !g_str_has_prefix(p, "cairo ") ||
             !strstr(p, "; qpdf "))
        problem = g_strdup("/Creator or /Producer is not what the XMP says");
    else if (!cd || strcmp(cd, DATE_2019_12_17) != 0 || !md || strcmp(md, DATE_2019_12_17) != 0)
        problem = g_strdup_printf("dates are %s and %s, not " DATE_2019_12_17, cd ? cd : "-",
                                  md ? md : "-");
    g_free(t);
    g_free(c);
    g_free(p);
    g_free(cd);
    g_free(md);
    return problem;
}

static char *check_id(qpdf_data q)
{
    qpdf_oh id = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/ID");
    if (!qpdf_oh_is_array(q, id) || qpdf_oh_get_array_n_items(q, id) != 2 ||
        !qpdf_oh_is_string(q, qpdf_oh_get_array_item(q, id, 0)))
        return g_strdup("no trailer /ID");
    return NULL;
}

/* Walk the structure tree: note each Link's OBJR targets, each TH's
 * attributes, each type outside PDF 1.7 that the role map lacks. */
typedef struct {
    qpdf_data q;
    GHashTable *link_annots; /* object ids */
    char *problem;
    int th;
} struct_walk;

static const char *const standard_types[] = {
    "/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/Caption", "/TOC", "/TOCI",
    "/Index", "/NonStruct", "/Private", "/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6",
    "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH", "/TD", "/THead", "/TBody", "/TFoot",
    "/Span", "/Quote", "/Note", "/Reference", "/BibEntry", "/Code", "/Link", "/Annot", "/Ruby",
    "/RB", "/RT", "/RP", "/Warichu", "/WT", "/WP", "/Figure", "/Formula", "/Form", NULL};

static void walk_element(struct_walk *w, qpdf_oh elem, qpdf_oh role_map, int depth)
{
    qpdf_data q = w->q;
    ck_assert_int_lt(depth, 100);
    /* a copy: qpdf reuses the memory of the strings it returns */
    char *type = g_strdup(qpdf_oh_get_name(q, qpdf_oh_get_key(q, elem, "/S")));
    bool standard = false;
    for (const char *const *t = standard_types; *t; t++)
        standard |= strcmp(*t, type) == 0;
    if (!standard && !qpdf_oh_has_key(q, role_map, type) && !w->problem)
        w->problem = g_strdup_printf("%s is neither standard nor role-mapped", type);
    bool link = strcmp(type, "/Link") == 0;
    if (strcmp(type, "/TH") == 0) {
        w->th++;
        qpdf_oh a = qpdf_oh_get_key(q, elem, "/A");
        if ((!is_name(q, a, "/O", "/Table") || !is_name(q, a, "/Scope", "/Column")) &&
            !w->problem)
            w->problem = g_strdup("a TH without /A << /O /Table /Scope /Column >>");
    }
    g_free(type);
    qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
    int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, i) : k;
        if (!qpdf_oh_is_dictionary(q, kid))
            continue;
        if (is_name(q, kid, "/Type", "/OBJR") && link)
            g_hash_table_add(w->link_annots,
                             GINT_TO_POINTER(qpdf_oh_get_object_id(
                                 q, qpdf_oh_get_key(q, kid, "/Obj"))));
        else if (qpdf_oh_has_key(q, kid, "/S"))
            walk_element(w, kid, role_map, depth + 1);
    }
}

static struct_walk walk_structure(qpdf_data q)
{
    struct_walk w = {q, g_hash_table_new(g_direct_hash, g_direct_equal), NULL, 0};
    qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
    qpdf_oh role_map = qpdf_oh_get_key(q, tree, "/RoleMap");
    qpdf_oh k = qpdf_oh_get_key(q, tree, "/K");
    int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
    for (int i = 0; i < n; i++)
        walk_element(&w, qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, i) : k, role_map,
                     0);
    return w;
}

static char *check_structure(qpdf_data q, int want_th)
{
    struct_walk w = walk_structure(q);
    g_hash_table_destroy(w.link_annots);
    if (!w.problem && w.th != want_th)
        w.problem = g_strdup_printf("%d TH elements, not %d", w.th, want_th);
    return w.problem;
}

/* Pages with annotations: /Tabs /S; links: /F 4, a description, in the
 * structure tree through an OBJR of a Link element. *descriptions gets
 * the /Contents, "|" separated. */
static char *check_annotations(qpdf_data q, char **descriptions)
{
    struct_walk w = walk_structure(q);
    g_free(w.problem);
    GString *seen = g_string_new(NULL);
    char *problem = NULL;
    int links = 0;
    for (int p = 0; p < qpdf_get_num_pages(q) && !problem; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
        int n = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
        if (n > 0 && !is_name(q, page, "/Tabs", "/S"))
            problem = g_strdup_printf("page %d has annotations but no /Tabs /S", p + 1);
        for (int i = 0; i < n && !problem; i++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
            if (!is_name(q, a, "/Subtype", "/Link"))
                continue;
            links++;
            char *contents = string_of(q, a, "/Contents");
            if (qpdf_oh_get_int_value(q, qpdf_oh_get_key(q, a, "/F")) != 4)
                problem = g_strdup("a link without /F 4");
            else if (!contents || !*contents)
                problem = g_strdup("a link without /Contents");
            else if (!g_hash_table_contains(w.link_annots,
                                            GINT_TO_POINTER(qpdf_oh_get_object_id(q, a))))
                problem = g_strdup("a link annotation outside the Link elements");
            else
                g_string_append_printf(seen, "%s%s", seen->len ? "|" : "", contents);
            g_free(contents);
        }
    }
    if (!problem && links == 0)
        problem = g_strdup("no links at all");
    g_hash_table_destroy(w.link_annots);
    if (descriptions)
        *descriptions = g_strdup(seen->str);
    g_string_free(seen, TRUE);
    return problem;
}

static int outline_walk(qpdf_data q, qpdf_oh item, int depth)
{
    int negative = 0;
    ck_assert_int_lt(depth, 20);
    for (qpdf_oh kid = qpdf_oh_get_key(q, item, "/First"); qpdf_oh_is_dictionary(q, kid);
         kid = qpdf_oh_get_key(q, kid, "/Next")) {
        qpdf_oh count = qpdf_oh_get_key(q, kid, "/Count");
        negative += qpdf_oh_is_integer(q, count) && qpdf_oh_get_int_value(q, count) < 0;
        negative += outline_walk(q, kid, depth + 1);
    }
    return negative;
}

/* Bookmarks kept (want of them), all open, no negative /Count. */
static char *check_outline(qpdf_data q, int want)
{
    qpdf_oh outlines = qpdf_oh_get_key(q, qpdf_get_root(q), "/Outlines");
    qpdf_oh count = qpdf_oh_get_key(q, outlines, "/Count");
    if (!qpdf_oh_is_integer(q, count) || qpdf_oh_get_int_value(q, count) != want)
        return g_strdup_printf("the outline /Count is %lld, not %d",
                               qpdf_oh_get_int_value(q, count), want);
    if (outline_walk(q, outlines, 0) > 0)
        return g_strdup("an outline item has a negative /Count");
    return NULL;
}

/* All content of every page is marked: tagged or an artifact. */
static char *check_all_marked(qpdf_data q)
{
    for (int p = 0; p < qpdf_get_num_pages(q); p++) {
        unsigned char *buf = NULL;
        size_t len = 0;
        qpdf_oh_get_page_content_data(q, qpdf_get_page_n(q, (size_t)p), &buf, &len);
        int wrapped = 0;
        GByteArray *out = pdf_content_mark_artifacts(buf, len, &wrapped, NULL);
        free(buf);
        ck_assert_ptr_nonnull(out);
        g_byte_array_free(out, TRUE);
        if (wrapped > 0)
            return g_strdup_printf("page %d has %d runs of unmarked content", p + 1, wrapped);
    }
    return NULL;
}

#define CHECK_OK(call)                                                                         \
    do {                                                                                       \
        char *problem_ = (call);                                                               \
        ck_assert_msg(problem_ == NULL, "%s: %s", #call, problem_);                            \
    } while (0)

#define CHECK_FAILS(call)                                                                      \
    do {                                                                                       \
        char *problem_ = (call);                                                               \
        ck_assert_msg(problem_ != NULL, "%s accepts cairo's file", #call);                     \
        g_free(problem_);                                                                      \
    } while (0)

/* ---- cairo's file, then finished ----------------------------------------- */

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static void show(cairo_t *cr, double x, double y, const char *text)
{
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text);
}

/* A small tagged file as cairo writes it: a table with a header row, a
 * paragraph with a link, a footer outside the structure, two bookmarks. */
static GByteArray *cairo_file(void)
{
    GByteArray *out = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, out, 300, 300);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Raw");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2019-12-17T00:00:00Z");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "2019-12-17T00:00:00Z");
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "Liberation Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_tag_begin(cr, "Document", NULL);
    cairo_tag_begin(cr, "Table", NULL);
    cairo_tag_begin(cr, "TR", NULL);
    cairo_tag_begin(cr, "TH", NULL);
    show(cr, 20, 20, "Head");
    cairo_tag_end(cr, "TH");
    cairo_tag_end(cr, "TR");
    cairo_tag_begin(cr, "TR", NULL);
    cairo_tag_begin(cr, "TD", NULL);
    show(cr, 20, 40, "Cell");
    cairo_tag_end(cr, "TD");
    cairo_tag_end(cr, "TR");
    cairo_tag_end(cr, "Table");
    cairo_tag_begin(cr, "P", NULL);
    cairo_tag_begin(cr, "Span", NULL);
    show(cr, 20, 80, "See ");
    cairo_tag_end(cr, "Span");
    cairo_tag_begin(cr, CAIRO_TAG_LINK, "uri='https://example.org/a' rect=[50 70 60 12]");
    show(cr, 50, 80, "the   page");
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    cairo_tag_end(cr, "P");
    show(cr, 120, 290, "Page 1 of 1");
    cairo_tag_end(cr, "Document");
    cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "One", "page=1",
                                  CAIRO_PDF_OUTLINE_FLAG_OPEN);
    cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "Two", "page=1",
                                  CAIRO_PDF_OUTLINE_FLAG_OPEN);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return out;
}

static const char *const raw_link_texts[] = {"the   page"};

static pdf_finish_info raw_info(GDateTime *when)
{
    return (pdf_finish_info){.title = "Raw", .author = "A & B <C>", .subject = "Testing",
                             .language = "cy-GB", .creator_tool = "papers",
                             .producer = "cairo test", .timestamp = when,
                             .link_texts = raw_link_texts, .n_link_texts = 1};
}

/* Finish with info; NULL with *error on failure.  The sink must stay
 * empty on failure. */
static GByteArray *finish(const GByteArray *raw, const pdf_finish_info *info, GError **error)
{
    GByteArray *out = g_byte_array_new();
    write_sink sink;
    write_sink_to_bytes(&sink, out);
    if (pdf_finish(raw, info, &sink, error))
        return out;
    ck_assert_uint_eq(out->len, 0);
    g_byte_array_free(out, TRUE);
    return NULL;
}

static const char *const raw_facts[] = {
    "<rdf:li xml:lang=\"x-default\">Raw</rdf:li>", "<rdf:li>A &amp; B &lt;C&gt;</rdf:li>",
    "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">Testing</rdf:li>",
    "<dc:language><rdf:Bag><rdf:li>cy-GB</rdf:li>", NULL};

START_TEST(cairo_output_fails_the_checks)
{
    GByteArray *raw = cairo_file();
    qpdf_data q = open_bytes(raw);
    CHECK_FAILS(check_catalog(q, "cy-GB"));
    CHECK_FAILS(check_metadata(q, raw_facts));
    CHECK_FAILS(check_output_intent(q));
    CHECK_FAILS(check_info(q, "Raw"));
    CHECK_FAILS(check_id(q));
    CHECK_FAILS(check_structure(q, 1));
    CHECK_FAILS(check_annotations(q, NULL));
    CHECK_FAILS(check_outline(q, 2));
    CHECK_FAILS(check_all_marked(q));
    qpdf_cleanup(&q);
    g_byte_array_free(raw, TRUE);
}
END_TEST

START_TEST(finished_cairo_output_passes_the_checks)
{
    GByteArray *raw = cairo_file();
    GDateTime *when = g_date_time_new_from_unix_utc(EPOCH_2019_12_17);
    pdf_finish_info info = raw_info(when);
    GError *error = NULL;
    GByteArray *pdf = finish(raw, &info, &error);
    ck_assert_msg(pdf != NULL, "pdf_finish: %s", error ? error->message : "");
    qpdf_data q = open_bytes(pdf);
    CHECK_OK(check_catalog(q, "cy-GB"));
    CHECK_OK(check_metadata(q, raw_facts));
    CHECK_OK(check_output_intent(q));
    CHECK_OK(check_info(q, "Raw"));
    CHECK_OK(check_id(q));
    CHECK_OK(check_structure(q, 1));
    char *said = NULL;
    CHECK_OK(check_annotations(q, &said));
    ck_assert_str_eq(said, "the page"); /* the writer's text, on one line */
    g_free(said);
    CHECK_OK(check_outline(q, 2));
    CHECK_OK(check_all_marked(q));
    ck_assert_str_eq(qpdf_get_pdf_version(q), "1.7");
    qpdf_cleanup(&q);
    /* Without link texts the URI describes the link. */
    info.link_texts = NULL;
    info.n_link_texts = 0;
    GByteArray *again = finish(raw, &info, &error);
    ck_assert_ptr_nonnull(again);
    q = open_bytes(again);
    CHECK_OK(check_annotations(q, &said));
    ck_assert_str_eq(said, "https://example.org/a");
    g_free(said);
    qpdf_cleanup(&q);
    g_byte_array_free(again, TRUE);
    g_byte_array_free(pdf, TRUE);
    g_byte_array_free(raw, TRUE);
    g_date_time_unref(when);
}
END_TEST

/* Each bad input: a clear error, nothing in the sink (finish checks). */
static char *finish_error(const GByteArray *raw, const pdf_finish_info *info)
{
    GError *error = NULL;
    GByteArray *pdf = finish(raw, info, &error);
    ck_assert_msg(pdf == NULL, "accepted");
    ck_assert(g_error_matches(error, WRITE_ERROR, WRITE_ERROR_FAILED));
    char *msg = g_strdup(error->message);
    g_error_free(error);
    return msg;
}

START_TEST(bad_inputs_are_clear_errors)
{
    GByteArray *raw = cairo_file();
    GDateTime *when = g_date_time_new_from_unix_utc(EPOCH_2019_12_17);
    pdf_finish_info info = raw_info(when);
    char *dir = testutil_tmpdir();

    info.icc_profile = "/nonexistent/papers/sRGB.icc";
    char *msg = finish_error(raw, &info);
    ck_assert_msg(strstr(msg, "/nonexistent/papers/sRGB.icc") && strstr(msg, "icc-profiles-free"),
                  "%s", msg);
    g_free(msg);

    char *junk = g_build_filename(dir, "junk.icc", NULL);
    ck_assert(g_file_set_contents(junk, "not a colour profile", -1, NULL));
    info.icc_profile = junk;
    msg = finish_error(raw, &info);
    ck_assert_msg(strstr(msg, "not an RGB ICC profile"), "%s", msg);
    g_free(msg);
    g_free(junk);
    info.icc_profile = NULL;

    info.language = "en_GB!";
    msg = finish_error(raw, &info);
    ck_assert_msg(strstr(msg, "\"en_GB!\" is not a BCP 47 tag"), "%s", msg);
    g_free(msg);
    info.language = NULL;

    info.title = "";
    msg = finish_error(raw, &info);
    ck_assert_msg(strstr(msg, "needs a title"), "%s", msg);
    g_free(msg);
    info.title = "Raw";

    static const char *const two[] = {"one", "two"};
    info.link_texts = two;
    info.n_link_texts = 2;
    msg = finish_error(raw, &info);
    ck_assert_msg(strstr(msg, "drew 2 links but the PDF has 1 Link"), "%s", msg);
    g_free(msg);
    info.link_texts = raw_link_texts;
    info.n_link_texts = 1;

    GByteArray *garbage = g_byte_array_new();
    g_byte_array_append(garbage, (const guint8 *)"%PDF-1.5\nnot really", 19);
    msg = finish_error(garbage, &info);
    ck_assert_msg(strstr(msg, "cannot finish the PDF") && strstr(msg, "qpdf"), "%s", msg);
    g_free(msg);
    g_byte_array_free(garbage, TRUE);

    testutil_rm_rf(dir);
    g_free(dir);
    g_byte_array_free(raw, TRUE);
    g_date_time_unref(when);
}
END_TEST

/* cairo's file changed through libqpdf by edit (what cairo 1.16 cannot
 * be made to write). */
static GByteArray *edited(const GByteArray *raw, void (*edit)(qpdf_data q))
{
    qpdf_data q = open_bytes(raw);
    edit(q);
    qpdf_init_write_memory(q);
    qpdf_write(q);
    ck_assert_msg(!qpdf_has_error(q), "cannot write the edited file");
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, qpdf_get_buffer(q), (guint)qpdf_get_buffer_length(q));
    qpdf_cleanup(&q);
    return out;
}

/* The first element of type type (with the slash), depth first. */
static qpdf_oh find_element(qpdf_data q, qpdf_oh elem, const char *type)
{
    if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, elem, "/S"), type))
        return elem;
    qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
    int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, i) : k;
        if (qpdf_oh_is_dictionary(q, kid) && qpdf_oh_has_key(q, kid, "/S")) {
            qpdf_oh found = find_element(q, kid, type);
            if (found)
                return found;
        }
    }
    return 0;
}

static qpdf_oh raw_element(qpdf_data q, const char *type)
{
    qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
    qpdf_oh found = find_element(q, qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, tree, "/K"), 0),
                                 type);
    ck_assert_msg(found, "no %s element", type);
    return found;
}

static void rename_span(qpdf_data q)
{
    qpdf_oh_replace_key(q, raw_element(q, "/Span"), "/S", qpdf_oh_new_name(q, "/Phrase"));
}

static void unlink_annotation(qpdf_data q)
{
    qpdf_oh link = raw_element(q, "/Link");
    qpdf_oh_replace_key(q, link, "/K", qpdf_oh_new_integer(q, 2));
}

START_TEST(unknown_types_are_role_mapped)
{
    GByteArray *raw = cairo_file();
    GByteArray *odd = edited(raw, rename_span);
    qpdf_data q = open_bytes(odd);
    CHECK_FAILS(check_structure(q, 1));
    qpdf_cleanup(&q);
    GDateTime *when = g_date_time_new_from_unix_utc(EPOCH_2019_12_17);
    pdf_finish_info info = raw_info(when);
    GError *error = NULL;
    GByteArray *pdf = finish(odd, &info, &error);
    ck_assert_msg(pdf != NULL, "pdf_finish: %s", error ? error->message : "");
    q = open_bytes(pdf);
    CHECK_OK(check_structure(q, 1));
    qpdf_oh map = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot"),
                                  "/RoleMap");
    ck_assert(is_name(q, map, "/Phrase", "/NonStruct"));
    qpdf_cleanup(&q);
    g_byte_array_free(pdf, TRUE);
    g_byte_array_free(odd, TRUE);
    g_byte_array_free(raw, TRUE);
    g_date_time_unref(when);
}
END_TEST

START_TEST(link_outside_the_structure_is_an_error)
{
    GByteArray *raw = cairo_file();
    GByteArray *odd = edited(raw, unlink_annotation);
    GDateTime *when = g_date_time_new_from_unix_utc(EPOCH_2019_12_17);
    pdf_finish_info info = raw_info(when);
    char *msg = finish_error(odd, &info);
    ck_assert_msg(strstr(msg, "link annotation") && strstr(msg, "not in the structure tree"),
                  "%s", msg);
    g_free(msg);
    g_byte_array_free(odd, TRUE);
    g_byte_array_free(raw, TRUE);
    g_date_time_unref(when);
}
END_TEST

/* ---- the writer's files -------------------------------------------------- */

static char *write_doc(const doc_document *doc, const char *dir, const char *name)
{
    house_style *style = style_default();
    char *path = g_build_filename(dir, name, NULL);
    write_options opt = {.source_date_epoch = EPOCH_2019_12_17};
    GError *error = NULL;
    ck_assert_msg(write_to_file(write_pdf, doc, style, &opt, path, &error), "write_pdf: %s",
                  error ? error->message : "");
    style_free(style);
    return path;
}

static const char *const sample_facts[] = {
    "<rdf:li xml:lang=\"x-default\">Community Safety Strategy 2019-2021</rdf:li>",
    "<dc:creator><rdf:Seq><rdf:li>Leicestershire County Council</rdf:li>",
    "<rdf:li xml:lang=\"x-default\">Report of the Cabinet</rdf:li>",
    "<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li>", NULL};

START_TEST(sample_file_is_finished)
{
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "sample.pdf");
    GByteArray *pdf = read_file(path);
    qpdf_data q = open_bytes(pdf);
    CHECK_OK(check_catalog(q, "en-GB"));
    CHECK_OK(check_metadata(q, sample_facts));
    CHECK_OK(check_output_intent(q));
    CHECK_OK(check_info(q, "Community Safety Strategy 2019-2021"));
    CHECK_OK(check_id(q));
    CHECK_OK(check_structure(q, 2));
    char *said = NULL;
    CHECK_OK(check_annotations(q, &said));
    ck_assert_str_eq(said, "the search page");
    g_free(said);
    CHECK_OK(check_outline(q, 5)); /* the title block and the four headings */
    CHECK_OK(check_all_marked(q));
    qpdf_cleanup(&q);

    const char *check[] = {"qpdf", "--check", path, NULL};
    char *out = NULL;
    ck_assert_int_eq(run(check, &out), 0);
    ck_assert_msg(!strstr(out, "WARNING"), "%s", out);
    g_free(out);
    /* The title block is the first heading, its two lines Spans of it;
     * paragraph numbers are list labels (Lbl), apart from their text. */
    const char *structure[] = {"pdfinfo", "-struct-text", path, NULL};
    ck_assert_int_eq(run(structure, &out), 0);
    ck_assert_msg(strstr(out, "Document\n  H1 (block)\n    Span (inline)\n"
                              "      \"REPORT OF THE CABINET \""), "%s", out);
    ck_assert_msg(strstr(out, "Lbl (block)\n          \"2.\""), "%s", out);
    ck_assert_msg(!strstr(out, "2.This"), "%s", out);
    ck_assert_msg(!strstr(out, "Page 1 of 1") && !strstr(out, "Sample paper"), "%s", out);
    g_free(out);
    g_byte_array_free(pdf, TRUE);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

/* What a screen reader reads keeps words apart: a table's caption is its
 * first child, each paragraph of a cell
 * is a P of its own, a line break reads as a space, and a numbered
 * paragraph whose first block is a list has its number on a line of its
 * own (an Lbl), as in Word. */
START_TEST(cell_paragraphs_and_breaks_read_apart)
{
    doc_document *doc = doc_document_new();
    doc_document_set_meta(doc, DOC_META_TITLE, "Cells");
    doc_node *root = doc_document_root(doc);
    doc_node *table = testutil_add(doc, root, DOC_TABLE);
    ck_assert(doc_node_set_caption(table, "Table 1: Plans", NULL));
    doc_node *row = testutil_add(doc, table, DOC_ROW);
    doc_node *cell = testutil_add(doc, row, DOC_CELL);
    testutil_add_para(doc, cell, "partnership plan.");
    testutil_add_para(doc, cell, "Regulation 9 requires");
    doc_node *p = testutil_add(doc, testutil_add(doc, row, DOC_CELL), DOC_PARAGRAPH);
    testutil_add_text(doc, p, "Waste Manager");
    testutil_add(doc, p, DOC_BREAK);
    testutil_add_text(doc, p, "Tel: 01632");
    doc_node *numbered = testutil_add(doc, root, DOC_NUMBERED);
    doc_node *list = testutil_add(doc, numbered, DOC_LIST);
    testutil_add_para(doc, testutil_add(doc, list, DOC_ITEM), "first point");
    testutil_prepare(doc);
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "cells.pdf");
    const char *argv[] = {"pdfinfo", "-struct-text", path, NULL};
    char *out = NULL;
    ck_assert_int_eq(run(argv, &out), 0);
    ck_assert_msg(strstr(out, "Table (block)\n    Caption\n      \"Table 1: Plans\"\n    TR"),
                  "%s", out);
    ck_assert_msg(strstr(out, "TD\n        P (block)\n          \"partnership plan.\"\n"
                              "        P (block)\n          \"Regulation 9 requires\""),
                  "%s", out);
    ck_assert_msg(strstr(out, "\"Waste Manager Tel: 01632\""), "%s", out);
    ck_assert_msg(strstr(out, "LI (block)\n      Lbl (block)\n        \"1.\"\n      LBody"), "%s", out);
    g_free(out);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

START_TEST(sample_file_passes_check_pdf)
{
    char *checker = g_build_filename(PAPERS_SHARED_DIR, "tools", "check-pdf", NULL);
    if (!g_file_test(checker, G_FILE_TEST_IS_EXECUTABLE)) {
        printf("SKIPPED: sample_file_passes_check_pdf: no ../shared\n");
        g_free(checker);
        return;
    }
    doc_document *doc = testutil_sample_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "sample.pdf");
    const char *argv[] = {checker, "-q", "--require-tagged", "--require-title",
                          "--require-lang", "--require-outline", path, NULL};
    ck_assert_int_eq(run(argv, NULL), 0);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
    g_free(checker);
}
END_TEST

/* A paper of several pages: long numbered paragraphs (one with a link)
 * that split across page breaks, and a long table whose header row is
 * repeated on the next page. */
static doc_document *long_document(void)
{
    doc_document *doc = doc_document_new();
    doc_document_set_meta(doc, DOC_META_TITLE, "Long paper");
    doc_document_set_meta(doc, DOC_META_LANGUAGE, "en-GB");
    doc_document_set_meta(doc, DOC_META_HEADER, "Running header");
    doc_node *root = doc_document_root(doc);
    doc_node *s = testutil_add(doc, root, DOC_SECTION);
    testutil_add_text(doc, testutil_add(doc, s, DOC_HEADING), "Many words");
    for (int k = 0; k < 4; k++) {
        GString *text = g_string_new(NULL);
        for (int i = 0; i < 260; i++)
            g_string_append_printf(text, "%sp%dw%d", i ? " " : "", k, i);
        doc_node *p = testutil_add(doc, testutil_add(doc, s, DOC_NUMBERED), DOC_PARAGRAPH);
        testutil_add_text(doc, p, text->str);
        if (k == 1) {
            doc_node *link = testutil_add(doc, p, DOC_LINK);
            doc_node_set_url(link, "https://example.org/long");
            testutil_add_text(doc, link, " a linked phrase");
            testutil_add_text(doc, p, " and more after it.");
        }
        g_string_free(text, TRUE);
    }
    doc_node *table = testutil_add(doc, s, DOC_TABLE);
    for (int r = 0; r < 45; r++) {
        doc_node *row = testutil_add(doc, table, DOC_ROW);
        doc_node_set_header_row(row, r == 0);
        char *a = r == 0 ? g_strdup("Headone") : g_strdup_printf("r%dc1", r);
        char *b = r == 0 ? g_strdup("Headtwo") : g_strdup_printf("r%dc2", r);
        testutil_add_para(doc, testutil_add(doc, row, DOC_CELL), a);
        testutil_add_para(doc, testutil_add(doc, row, DOC_CELL), b);
        g_free(a);
        g_free(b);
    }
    testutil_add_para(doc, s, "The end.");
    testutil_prepare(doc);
    return doc;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The words of the tree's blocks appear in s in order. */
static void assert_words_in_order(const char *s, const char *const *words)
{
    const char *at = s;
    for (const char *const *w = words; *w; w++) {
        const char *found = strstr(at, *w);
        ck_assert_msg(found, "\"%s\" missing or out of order", *w);
        at = found + strlen(*w);
    }
}

/* one word each: the extracted text may break lines anywhere */
static const char *const long_words[] = {"Many", "p0w0", "p0w259", "p1w0", "p1w259",
                                         "linked", "after", "p2w0", "p3w259", "Headone",
                                         "r1c1", "r44c2", "end.", NULL};

START_TEST(furniture_and_repeated_headers_are_artifacts)
{
    doc_document *doc = long_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "long.pdf");
    GByteArray *pdf = read_file(path);
    qpdf_data q = open_bytes(pdf);
    int pages = qpdf_get_num_pages(q);
    ck_assert_int_ge(pages, 3);
    CHECK_OK(check_all_marked(q));
    CHECK_OK(check_structure(q, 2)); /* the header row's two cells, once */
    CHECK_OK(check_annotations(q, NULL));
    qpdf_cleanup(&q);

    /* The text a reader extracts keeps everything, furniture included. */
    const char *text_argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL};
    char *text = NULL;
    ck_assert_int_eq(run(text_argv, &text), 0);
    assert_words_in_order(text, long_words);
    char *last = g_strdup_printf("Page %d of %d", pages, pages);
    ck_assert_msg(strstr(text, "Page 1 of ") && strstr(text, last), "%s", text);
    ck_assert_int_ge(count_of(text, "Headone"), 2); /* repeated on the page */
    ck_assert_int_eq(count_of(text, "Running header"), pages);

    /* The structure (what a screen reader reads) has no furniture and the
     * table header once, and still every word in order. */
    const char *struct_argv[] = {"pdfinfo", "-struct-text", path, NULL};
    char *structure = NULL;
    ck_assert_int_eq(run(struct_argv, &structure), 0);
    assert_words_in_order(structure, long_words);
    ck_assert_msg(!strstr(structure, "Page 1 of") && !strstr(structure, "Running header"),
                  "furniture in the structure:\n%s", structure);
    ck_assert_int_eq(count_of(structure, "Headone"), 1);

    const char *check[] = {"qpdf", "--check", path, NULL};
    char *out = NULL;
    ck_assert_int_eq(run(check, &out), 0);
    ck_assert_msg(!strstr(out, "WARNING"), "%s", out);
    g_free(out);
    g_free(last);
    g_free(text);
    g_free(structure);
    g_byte_array_free(pdf, TRUE);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

START_TEST(two_runs_give_the_same_bytes)
{
    doc_document *doc = long_document();
    char *dir = testutil_tmpdir();
    char *a = write_doc(doc, dir, "a.pdf"), *b = write_doc(doc, dir, "b.pdf");
    GByteArray *ba = read_file(a), *bb = read_file(b);
    ck_assert_uint_eq(ba->len, bb->len);
    ck_assert_msg(memcmp(ba->data, bb->data, ba->len) == 0, "two runs differ");
    g_byte_array_free(ba, TRUE);
    g_byte_array_free(bb, TRUE);
    g_free(a);
    g_free(b);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
}
END_TEST

START_TEST(long_file_passes_check_pdf)
{
    char *checker = g_build_filename(PAPERS_SHARED_DIR, "tools", "check-pdf", NULL);
    if (!g_file_test(checker, G_FILE_TEST_IS_EXECUTABLE)) {
        printf("SKIPPED: long_file_passes_check_pdf: no ../shared\n");
        g_free(checker);
        return;
    }
    doc_document *doc = long_document();
    char *dir = testutil_tmpdir();
    char *path = write_doc(doc, dir, "long.pdf");
    const char *argv[] = {checker, "-q", "--require-tagged", "--require-title",
                          "--require-lang", path, NULL};
    ck_assert_int_eq(run(argv, NULL), 0);
    g_free(path);
    testutil_rm_rf(dir);
    g_free(dir);
    doc_document_free(doc);
    g_free(checker);
}
END_TEST

static Suite *pdf_finish_suite(void)
{
    Suite *s = suite_create("pdf_finish");
    TCase *tokens = tcase_create("tokenizer");
    tcase_add_test(tokens, tokens_of_every_kind);
    tcase_add_test(tokens, strings_hide_operators);
    tcase_add_test(tokens, inline_image_data_is_one_token);
    tcase_add_test(tokens, malformed_input_stops_the_scan);
    suite_add_tcase(s, tokens);
    TCase *rw = tcase_create("artifacts");
    tcase_add_test(rw, unmarked_text_becomes_an_artifact);
    tcase_add_test(rw, marked_content_is_left_alone);
    tcase_add_test(rw, artifacts_nest_with_text_objects_and_marked_content);
    tcase_add_test(rw, strings_and_images_do_not_confuse_the_rewrite);
    tcase_add_test(rw, rewrite_is_idempotent);
    tcase_add_test(rw, malformed_streams_are_refused);
    suite_add_tcase(s, rw);
    TCase *files = tcase_create("files");
    tcase_set_timeout(files, 120);
    tcase_add_test(files, cairo_output_fails_the_checks);
    tcase_add_test(files, finished_cairo_output_passes_the_checks);
    tcase_add_test(files, bad_inputs_are_clear_errors);
    tcase_add_test(files, unknown_types_are_role_mapped);
    tcase_add_test(files, link_outside_the_structure_is_an_error);
    tcase_add_test(files, sample_file_is_finished);
    tcase_add_test(files, sample_file_passes_check_pdf);
    tcase_add_test(files, cell_paragraphs_and_breaks_read_apart);
    tcase_add_test(files, furniture_and_repeated_headers_are_artifacts);
    tcase_add_test(files, two_runs_give_the_same_bytes);
    tcase_add_test(files, long_file_passes_check_pdf);
    suite_add_tcase(s, files);
    return s;
}

int main(void)
{
    return testutil_run(pdf_finish_suite());
}
