/* test_doc.c - the document tree: shape rules, walking, numbering, ids. */
#include "doc.h"
#include "style.h"
#include "testutil.h"

#include <string.h>

static doc_node *add(doc_document *doc, doc_node *parent, doc_type type)
{
    doc_node *n = doc_node_new(doc, type);
    GError *error = NULL;
    ck_assert_msg(doc_node_append(parent, n, &error), "append %s to %s: %s",
                  doc_type_name(type), doc_type_name(doc_node_type(parent)),
                  error ? error->message : "");
    return n;
}

static doc_node *add_text(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *t = add(doc, parent, DOC_TEXT);
    ck_assert(doc_node_set_text(t, text, NULL));
    return t;
}

static doc_node *add_numbered(doc_document *doc, doc_node *parent, const char *text)
{
    doc_node *num = add(doc, parent, DOC_NUMBERED);
    add_text(doc, add(doc, num, DOC_PARAGRAPH), text);
    return num;
}

START_TEST(numbering_continues_across_sections)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *s1 = add(doc, root, DOC_SECTION);
    doc_node_set_id(s1, "purpose");
    doc_node *a = add_numbered(doc, s1, "one");
    doc_node *s2 = add(doc, root, DOC_SECTION);
    doc_node_set_id(s2, "background");
    doc_node *b = add_numbered(doc, s2, "two");
    doc_node *c = add_numbered(doc, s2, "three");
    testutil_prepare(doc);
    ck_assert_int_eq(doc_node_number(a), 1);
    ck_assert_int_eq(doc_node_number(b), 2);
    ck_assert_int_eq(doc_node_number(c), 3);
    ck_assert_str_eq(doc_node_id(a), "purpose/numbered-1");
    ck_assert_str_eq(doc_node_id(c), "background/numbered-2");
    /* Preparing again gives the same numbers, not 4, 5, 6. */
    testutil_prepare(doc);
    ck_assert_int_eq(doc_node_number(c), 3);
    doc_document_free(doc);
}
END_TEST

START_TEST(ordered_list_items_and_depth)
{
    doc_document *doc = doc_document_new();
    doc_node *list = add(doc, doc_document_root(doc), DOC_LIST);
    doc_node_set_list_kind(list, DOC_LIST_ORDERED);
    doc_node *i1 = add(doc, list, DOC_ITEM);
    doc_node *i2 = add(doc, list, DOC_ITEM);
    doc_node *inner = add(doc, i2, DOC_LIST);
    doc_node *i21 = add(doc, inner, DOC_ITEM);
    testutil_prepare(doc);
    ck_assert_int_eq(doc_node_number(i1), 1);
    ck_assert_int_eq(doc_node_number(i2), 2);
    ck_assert_int_eq(doc_node_depth(list), 0);
    ck_assert_int_eq(doc_node_depth(inner), 1);
    ck_assert_int_eq(doc_node_depth(i21), 1);
    doc_document_free(doc);
}
END_TEST

START_TEST(shape_rules_refuse_bad_children)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    GError *error = NULL;
    ck_assert(!doc_node_append(root, doc_node_new(doc, DOC_TEXT), &error));
    ck_assert_int_eq(error->code, DOC_ERROR_CONTAINMENT);
    g_clear_error(&error);
    doc_node *list = add(doc, root, DOC_LIST);
    ck_assert(!doc_node_append(list, doc_node_new(doc, DOC_PARAGRAPH), &error));
    g_clear_error(&error);
    doc_node *link = add(doc, add(doc, root, DOC_PARAGRAPH), DOC_LINK);
    ck_assert(!doc_node_append(link, doc_node_new(doc, DOC_LINK), &error));
    g_clear_error(&error);
    /* A node cannot be appended twice, nor under itself. */
    doc_node *para = add(doc, root, DOC_PARAGRAPH);
    ck_assert(!doc_node_append(root, para, &error));
    g_clear_error(&error);
    doc_node *sig = add(doc, root, DOC_SIGNATURE);
    add(doc, sig, DOC_CELL);
    add(doc, sig, DOC_CELL);
    ck_assert(!doc_node_append(sig, doc_node_new(doc, DOC_CELL), &error));
    g_clear_error(&error);
    doc_document_free(doc);
}
END_TEST

START_TEST(take_children_keeps_order_and_empties_the_parent)
{
    doc_document *doc = doc_document_new();
    doc_node *para = add(doc, doc_document_root(doc), DOC_PARAGRAPH);
    doc_node *a = add(doc, para, DOC_STRONG), *b = add(doc, para, DOC_EMPH),
             *c = add(doc, para, DOC_STRONG);
    GPtrArray *kids = doc_node_take_children(para);
    ck_assert_uint_eq(kids->len, 3);
    ck_assert(g_ptr_array_index(kids, 0) == a && g_ptr_array_index(kids, 1) == b &&
              g_ptr_array_index(kids, 2) == c);
    ck_assert(doc_node_first_child(para) == NULL && doc_node_last_child(para) == NULL);
    for (guint i = 0; i < kids->len; i++) {
        doc_node *k = g_ptr_array_index(kids, i);
        ck_assert(doc_node_parent(k) == NULL && doc_node_next(k) == NULL &&
                  doc_node_prev(k) == NULL);
    }
    /* Appended again, some left out: the parent holds exactly those. */
    ck_assert(doc_node_append(para, c, NULL) && doc_node_append(para, a, NULL));
    ck_assert(doc_node_first_child(para) == c && doc_node_next(c) == a &&
              doc_node_last_child(para) == a);
    g_ptr_array_free(kids, TRUE);
    doc_document_free(doc);
}
END_TEST

START_TEST(text_refuses_forbidden_characters)
{
    doc_document *doc = doc_document_new();
    doc_node *t = doc_node_new(doc, DOC_TEXT);
    GError *error = NULL;
    ck_assert(!doc_node_set_text(t, "bell \a here", &error));
    ck_assert_int_eq(error->code, DOC_ERROR_TEXT);
    g_clear_error(&error);
    ck_assert(!doc_node_set_text(t, "bad \xff utf8", &error));
    g_clear_error(&error);
    ck_assert(doc_node_set_text(t, "tab\tand “quotes” & <angles>", &error));
    ck_assert_str_eq(doc_node_text(t), "tab\tand “quotes” & <angles>");
    doc_document_free(doc);
}
END_TEST

START_TEST(walk_reports_enter_and_exit)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *p = add(doc, root, DOC_PARAGRAPH);
    add_text(doc, p, "a");
    add(doc, p, DOC_BREAK);
    doc_node *strong = add(doc, p, DOC_STRONG);
    add_text(doc, strong, "b");
    add(doc, root, DOC_LIST); /* empty container: ENTER and EXIT */
    GString *trace = g_string_new(NULL);
    doc_iter it;
    doc_iter_init(&it, root);
    for (doc_event ev; (ev = doc_iter_next(&it)) != DOC_EVENT_DONE;)
        g_string_append_printf(trace, "%s%s ", ev == DOC_EVENT_ENTER ? "+" : "-",
                               doc_type_name(doc_node_type(doc_iter_node(&it))));
    ck_assert_str_eq(trace->str, "+document +paragraph +text +break +strong +text -strong "
                                 "-paragraph +list -list -document ");
    char *plain = doc_node_plain_text(p);
    ck_assert_str_eq(plain, "a\nb");
    g_free(plain);
    g_string_free(trace, TRUE);
    doc_document_free(doc);
}
END_TEST

START_TEST(dump_is_canonical)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *s = add(doc, root, DOC_SECTION);
    doc_node_set_id(s, "background");
    doc_node *num = add_numbered(doc, s, "A & B");
    ck_assert(doc_node_set_exempt(num, 3));
    ck_assert(!doc_node_set_exempt(num, 8));
    testutil_prepare(doc);
    char *dump = doc_document_dump(doc);
    ck_assert_str_eq(dump,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<document>\n"
                     "  <section id=\"background\">\n"
                     "    <numbered id=\"background/numbered-1\" number-level=\"1\" label=\"1.\" "
                     "exempt=\"3\">\n"
                     "      <paragraph id=\"background/numbered-1/paragraph-1\">\n"
                     "        <text>A &amp; B</text>\n"
                     "      </paragraph>\n"
                     "    </numbered>\n"
                     "  </section>\n"
                     "</document>\n");
    g_free(dump);
    doc_document_free(doc);
}
END_TEST

/* ---- numbering schemes ------------------------------------------------ */

static doc_node *add_heading(doc_document *doc, doc_node *parent, int level, const char *text)
{
    doc_node *h = add(doc, parent, DOC_HEADING);
    ck_assert(doc_node_set_level(h, level));
    ck_assert(doc_node_set_numbered(h, true));
    add_text(doc, h, text);
    return h;
}

/* Prepare with the built-in house style; false with error on a problem. */
static bool prepare(doc_document *doc, GError **error)
{
    house_style *style = style_default();
    /* The shipped house style's schemes, built here so the test needs no file. */
    num_scheme *schemes = g_new0(num_scheme, 3);
    schemes[0] = (num_scheme){.name = g_strdup("continuous"), .n_levels = 1};
    schemes[0].level[0] = (num_level){NUM_DECIMAL, g_strdup("%1."), 36, 0, 0};
    schemes[1] = (num_scheme){.name = g_strdup("sections"), .n_levels = 3};
    schemes[1].level[0] = (num_level){NUM_DECIMAL, g_strdup("%1."), 36, 0, 0};
    schemes[1].level[1] = (num_level){NUM_DECIMAL, g_strdup("%1.%2"), 36, 0, 0};
    schemes[1].level[2] = (num_level){NUM_LOWER_LETTER, g_strdup("(%3)"), 72, 36, 0};
    schemes[2] = (num_scheme){.name = g_strdup("per-section"), .n_levels = 1,
                              .restart_per_section = true};
    schemes[2].level[0] = (num_level){NUM_DECIMAL, g_strdup("%1."), 36, 0, 0};
    for (int i = 0; i < style->n_paragraph_schemes; i++)
        num_scheme_clear(&style->paragraph_schemes[i]);
    g_free(style->paragraph_schemes);
    style->paragraph_schemes = schemes;
    style->n_paragraph_schemes = 3;
    num_scheme *letters = g_renew(num_scheme, style->list_schemes, 2);
    num_scheme_clear(&letters[1]); /* the default's letters, replaced below */
    letters[1] = (num_scheme){.name = g_strdup("letters"), .n_levels = 2};
    letters[1].level[0] = (num_level){NUM_LOWER_LETTER, g_strdup("(%1)"), 0, 0, 28};
    letters[1].level[1] = (num_level){NUM_LOWER_ROMAN, g_strdup("(%2)"), 0, 0, 28};
    style->list_schemes = letters;
    style->n_list_schemes = 2;
    bool ok = doc_document_prepare(doc, style, NULL, error) && doc_document_check(doc, error);
    style_free(style);
    return ok;
}

START_TEST(section_numbering_three_levels)
{
    doc_document *doc = doc_document_new();
    doc_document_set_numbering(doc, "sections");
    doc_node *root = doc_document_root(doc);
    doc_node *s1 = add(doc, root, DOC_SECTION);
    doc_node *h1 = add_heading(doc, s1, 1, "Purpose");
    doc_node *p11 = add_numbered(doc, s1, "one one");
    doc_node *p12 = add_numbered(doc, s1, "one two");
    doc_node *p121 = add_numbered(doc, s1, "one two a");
    ck_assert(doc_node_set_level(p121, 3));
    doc_node *s2 = add(doc, root, DOC_SECTION);
    doc_node *h2 = add_heading(doc, s2, 1, "Background");
    doc_node *p21 = add_numbered(doc, s2, "two one");
    GError *error = NULL;
    ck_assert_msg(prepare(doc, &error), "%s", error ? error->message : "");
    ck_assert_str_eq(doc_node_label(h1), "1.");
    ck_assert_str_eq(doc_node_label(p11), "1.1");
    ck_assert_str_eq(doc_node_label(p12), "1.2");
    ck_assert_str_eq(doc_node_label(p121), "(a)");
    ck_assert_str_eq(doc_node_label(h2), "2.");
    ck_assert_str_eq(doc_node_label(p21), "2.1"); /* level 2 starts again under 2. */
    ck_assert_int_eq(doc_node_number_level(p11), 2);
    ck_assert_int_eq(doc_node_numbering(h1), doc_node_numbering(p21)); /* one instance */
    ck_assert_double_eq(doc_node_indent(p121), 72);
    ck_assert_double_eq(doc_node_label_indent(p121), 36);
    doc_document_free(doc);
}
END_TEST

START_TEST(restart_per_section)
{
    doc_document *doc = doc_document_new();
    doc_document_set_numbering(doc, "per-section");
    doc_node *root = doc_document_root(doc);
    doc_node *a = add_numbered(doc, add(doc, root, DOC_SECTION), "a");
    doc_node *s2 = add(doc, root, DOC_SECTION);
    doc_node *b = add_numbered(doc, s2, "b");
    doc_node *c = add_numbered(doc, s2, "c");
    ck_assert(prepare(doc, NULL));
    ck_assert_str_eq(doc_node_label(a), "1.");
    ck_assert_str_eq(doc_node_label(b), "1.");
    ck_assert_str_eq(doc_node_label(c), "2.");
    ck_assert_int_ne(doc_node_numbering(a), doc_node_numbering(b)); /* Word: a new w:num */
    ck_assert_int_eq(doc_document_numbering_count(doc), 2);
    doc_document_free(doc);
}
END_TEST

START_TEST(lettered_lists_nest_as_roman)
{
    doc_document *doc = doc_document_new();
    doc_node *list = add(doc, doc_document_root(doc), DOC_LIST);
    ck_assert(doc_node_set_list_kind(list, DOC_LIST_ORDERED));
    ck_assert(doc_node_set_numbering(list, "letters"));
    doc_node *a = add(doc, list, DOC_ITEM);
    doc_node *inner = add(doc, a, DOC_LIST);
    doc_node_set_list_kind(inner, DOC_LIST_ORDERED);
    doc_node_set_numbering(inner, "letters");
    doc_node *ai = add(doc, inner, DOC_ITEM);
    doc_node *aii = add(doc, inner, DOC_ITEM);
    doc_node *b = add(doc, list, DOC_ITEM);
    add_text(doc, add(doc, b, DOC_PARAGRAPH), "b");
    ck_assert(prepare(doc, NULL));
    ck_assert_str_eq(doc_node_label(a), "(a)");
    ck_assert_str_eq(doc_node_label(ai), "(i)");
    ck_assert_str_eq(doc_node_label(aii), "(ii)");
    ck_assert_str_eq(doc_node_label(b), "(b)");
    ck_assert_int_eq(doc_node_numbering(ai), doc_node_numbering(a)); /* one w:num */
    ck_assert_int_eq(doc_node_number_level(ai), 2);
    /* Geometry: the list's labels sit the house indent in, text a hang further. */
    ck_assert_double_eq(doc_node_label_indent(a), doc_node_indent(list));
    ck_assert_double_eq(doc_node_indent(a), doc_node_indent(list) + 28);
    ck_assert_double_eq(doc_node_label_indent(ai), doc_node_indent(a));
    doc_document_free(doc);
}
END_TEST

START_TEST(numbering_mistakes_are_errors)
{
    GError *error = NULL;
    doc_document *doc = doc_document_new();
    doc_document_set_numbering(doc, "no-such-scheme");
    add_numbered(doc, doc_document_root(doc), "x");
    ck_assert(!prepare(doc, &error));
    ck_assert_msg(strstr(error->message, "\"no-such-scheme\" is not in the house style") &&
                      strstr(error->message, "continuous, sections, per-section"),
                  "%s", error->message);
    g_clear_error(&error);
    doc_document_free(doc);

    /* A level-2 paragraph with no level-1 number before it. */
    doc = doc_document_new();
    doc_document_set_numbering(doc, "sections");
    doc_node *p = add_numbered(doc, doc_document_root(doc), "x");
    doc_node_set_level(p, 2);
    doc_node_set_source(p, "t.xml", 7);
    ck_assert(!prepare(doc, &error));
    ck_assert_msg(g_str_has_prefix(error->message, "t.xml:7: a numbered paragraph at level 2 "
                                                   "with no level-1 number"),
                  "%s", error->message);
    g_clear_error(&error);
    doc_document_free(doc);

    /* A level the scheme does not have. */
    doc = doc_document_new();
    p = add_numbered(doc, doc_document_root(doc), "x");
    doc_node_set_level(p, 2);
    ck_assert(!prepare(doc, &error));
    ck_assert_msg(strstr(error->message, "\"continuous\" has 1 level;"), "%s", error->message);
    g_clear_error(&error);
    doc_document_free(doc);

    /* Lists nest at most DOC_MAX_LIST_DEPTH deep. */
    doc = doc_document_new();
    doc_node *list = add(doc, doc_document_root(doc), DOC_LIST);
    for (int depth = 1; depth <= DOC_MAX_LIST_DEPTH; depth++)
        list = add(doc, add(doc, list, DOC_ITEM), DOC_LIST);
    ck_assert(!prepare(doc, &error));
    ck_assert_msg(strstr(error->message, "lists nest at most 9 deep"), "%s", error->message);
    g_clear_error(&error);
    doc_document_free(doc);
}
END_TEST

START_TEST(setters_check_type_and_range)
{
    doc_document *doc = doc_document_new();
    doc_node *para = doc_node_new(doc, DOC_PARAGRAPH);
    doc_node *title = doc_node_new(doc, DOC_TITLE);
    doc_node *table = doc_node_new(doc, DOC_TABLE);
    ck_assert(!doc_node_set_level(para, 1));
    ck_assert(!doc_node_set_level(title, 3));
    ck_assert(doc_node_set_level(title, 2));
    ck_assert(!doc_node_set_url(para, "https://example.org"));
    ck_assert(!doc_node_set_list_kind(para, DOC_LIST_ORDERED));
    ck_assert(!doc_node_set_numbered(para, true));
    ck_assert(!doc_node_set_header_row(table, true));
    static const double bad[] = {1, 0};
    ck_assert(!doc_node_set_column_widths(table, bad, 2));
    ck_assert(!doc_node_set_column_widths(para, bad, 1));
    ck_assert(!doc_node_set_id(para, ""));
    doc_document_free(doc);
}
END_TEST

START_TEST(checker_catches_a_tree_changed_after_prepare)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *a = add_numbered(doc, root, "a");
    add_numbered(doc, root, "b");
    ck_assert(prepare(doc, NULL));
    doc_node_unlink(a); /* "2." now comes first: Word would call it 1. */
    GError *error = NULL;
    ck_assert(!doc_document_check(doc, &error));
    ck_assert_msg(strstr(error->message, "is labelled \"2.\" where Word would show \"1.\""),
                  "%s", error->message);
    g_clear_error(&error);
    doc_document_free(doc);
}
END_TEST

START_TEST(column_fractions_and_gaps)
{
    doc_document *doc = doc_document_new();
    doc_node *root = doc_document_root(doc);
    doc_node *table = add(doc, root, DOC_TABLE);
    static const double widths[] = {1, 3};
    ck_assert(doc_node_set_column_widths(table, widths, 2));
    doc_node *row = add(doc, table, DOC_ROW);
    for (int i = 0; i < 3; i++) /* a row wider than the widths given */
        add(doc, row, DOC_CELL);
    doc_node *list = add(doc, root, DOC_LIST);
    doc_node *p1 = doc_node_parent(add_text(doc, add(doc, add(doc, list, DOC_ITEM), DOC_PARAGRAPH), "1"));
    doc_node *p2 = doc_node_parent(add_text(doc, add(doc, add(doc, list, DOC_ITEM), DOC_PARAGRAPH), "2"));
    ck_assert(prepare(doc, NULL));
    int n = 0;
    const double *f = doc_node_column_fractions(table, &n);
    ck_assert_int_eq(n, 3);
    ck_assert_double_eq_tol(f[0], 0.2, 1e-12);
    ck_assert_double_eq_tol(f[1], 0.6, 1e-12);
    ck_assert_double_eq_tol(f[2], 0.2, 1e-12);
    ck_assert_int_eq(doc_node_gap(p1), DOC_GAP_ITEM);
    ck_assert_int_eq(doc_node_gap(p2), DOC_GAP_BODY); /* ends the list */
    doc_document_free(doc);
}
END_TEST

/* ---- column widths fitted to words ------------------------------------- */

/* A measure that is easy to reason about: 7 pt a character, 8 when bold,
 * whatever the size; it counts its calls. */
static int measured;

static double fake_width(void *data, const char *text, double size, bool bold, bool italic)
{
    (void)data;
    (void)size;
    (void)italic;
    measured++;
    return (double)g_utf8_strlen(text, -1) * (bold ? 8 : 7);
}

/* A table of one row (a header row if header) with a cell per text. */
static doc_node *add_table(doc_document *doc, doc_node *parent, const double *widths, int n,
                           const char *const *texts, bool header)
{
    doc_node *table = add(doc, parent, DOC_TABLE);
    ck_assert(doc_node_set_column_widths(table, widths, n));
    doc_node *row = add(doc, table, DOC_ROW);
    doc_node_set_header_row(row, header);
    for (int i = 0; i < n; i++)
        add_text(doc, add(doc, add(doc, row, DOC_CELL), DOC_PARAGRAPH), texts[i]);
    return table;
}

static double column_pt(const doc_node *table, int column, double width)
{
    int n = 0;
    return doc_node_column_fractions(table, &n)[column] * width;
}

static void prepare_measured(doc_document *doc, const doc_measure *measure)
{
    house_style *style = style_default();
    GError *error = NULL;
    ck_assert_msg(doc_document_prepare(doc, style, measure, &error) &&
                      doc_document_check(doc, &error),
                  "%s", error ? error->message : "");
    style_free(style);
}

START_TEST(narrow_columns_fit_their_longest_word)
{
    house_style *style = style_default();
    double page = style->page_width - style->margin_left - style->margin_right;
    double pad = style->cell_padding;
    style_free(style);
    doc_document *doc = doc_document_new();
    static const double widths[] = {1, 8, 1};
    static const char *const texts[] = {"Implementation plan", "A wide column of short words",
                                        "Yes"};
    doc_node *table = add_table(doc, doc_document_root(doc), widths, 3, texts, false);
    measured = 0;
    prepare_measured(doc, &(doc_measure){fake_width, NULL});
    /* "Implementation" is 14 x 7 = 98 pt: the first column is widened to
     * hold it, from the widest column; the last keeps its width. */
    ck_assert_double_eq_tol(column_pt(table, 0, page), 98 + 2 * pad + DOC_COLUMN_SLACK, 1e-6);
    ck_assert_double_eq_tol(column_pt(table, 2, page), page / 10, 1e-6);
    ck_assert_double_eq_tol(column_pt(table, 1, page),
                            page - page / 10 - (98 + 2 * pad + DOC_COLUMN_SLACK), 1e-6);
    ck_assert_int_le(measured, 11); /* each word once */
    doc_document_free(doc);

    /* A header row is bold, so wider; a table whose words cannot all fit
     * still has columns that cover it. */
    doc = doc_document_new();
    static const char *const heads[] = {"Implementation", "Consultation"};
    table = add_table(doc, doc_document_root(doc), (const double[]){1, 4}, 2, heads, true);
    prepare_measured(doc, &(doc_measure){fake_width, NULL});
    ck_assert_double_eq_tol(column_pt(table, 0, page), 14 * 8 + 2 * pad + DOC_COLUMN_SLACK, 1e-6);
    doc_document_free(doc);
    doc = doc_document_new();
    static const char *const long_words[] = {"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                             "Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"};
    table = add_table(doc, doc_document_root(doc), (const double[]){1, 9}, 2, long_words, true);
    prepare_measured(doc, &(doc_measure){fake_width, NULL});
    int n = 0;
    const double *f = doc_node_column_fractions(table, &n);
    ck_assert(f[0] > 0 && f[1] > 0);
    ck_assert_double_eq_tol(f[0] + f[1], 1, 1e-12);
    ck_assert_double_eq_tol(column_pt(table, 1, page), 40 * 8 + 2 * pad + DOC_COLUMN_SLACK, 1e-6);
    doc_document_free(doc);
}
END_TEST

/* A table in a cell fits its columns to that cell's inside; without a
 * measure the widths are estimated from the number of characters. */
START_TEST(tables_in_cells_fit_to_the_cell)
{
    house_style *style = style_default();
    double page = style->page_width - style->margin_left - style->margin_right;
    double pad = style->cell_padding, size = style->para[STYLE_TABLE].size;
    style_free(style);
    doc_document *doc = doc_document_new();
    doc_node *outer = add(doc, doc_document_root(doc), DOC_TABLE);
    ck_assert(doc_node_set_column_widths(outer, (const double[]){1, 1}, 2));
    doc_node *row = add(doc, outer, DOC_ROW);
    add_text(doc, add(doc, add(doc, row, DOC_CELL), DOC_PARAGRAPH), "Site");
    doc_node *cell = add(doc, row, DOC_CELL);
    static const char *const texts[] = {"Reasonableness", "of the conditions"};
    doc_node *inner = add_table(doc, cell, (const double[]){1, 9}, 2, texts, false);
    prepare_measured(doc, NULL);
    double inside = page / 2 - 2 * pad;
    double word = 14 * size * DOC_ESTIMATE_EM;
    ck_assert_double_eq_tol(column_pt(inner, 0, inside), word + 2 * pad + DOC_COLUMN_SLACK, 1e-6);
    ck_assert_double_eq_tol(column_pt(outer, 0, page), page / 2, 1e-6);
    doc_document_free(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("tree");
    tcase_add_test(tc, numbering_continues_across_sections);
    tcase_add_test(tc, ordered_list_items_and_depth);
    tcase_add_test(tc, shape_rules_refuse_bad_children);
    tcase_add_test(tc, take_children_keeps_order_and_empties_the_parent);
    tcase_add_test(tc, text_refuses_forbidden_characters);
    tcase_add_test(tc, walk_reports_enter_and_exit);
    tcase_add_test(tc, dump_is_canonical);
    tcase_add_test(tc, section_numbering_three_levels);
    tcase_add_test(tc, restart_per_section);
    tcase_add_test(tc, lettered_lists_nest_as_roman);
    tcase_add_test(tc, numbering_mistakes_are_errors);
    tcase_add_test(tc, setters_check_type_and_range);
    tcase_add_test(tc, checker_catches_a_tree_changed_after_prepare);
    tcase_add_test(tc, column_fractions_and_gaps);
    tcase_add_test(tc, narrow_columns_fit_their_longest_word);
    tcase_add_test(tc, tables_in_cells_fit_to_the_cell);
    suite_add_tcase(s, tc);
    return testutil_run(s);
}
