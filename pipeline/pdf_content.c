/*
 * pdf_content.c - content-stream tokenizer and the artifact rewrite (see
 * pdf_content.h).
 */
#include "pdf_content.h"

#include "write.h"

#include <string.h>

/* ---- the tokenizer ------------------------------------------------------- */

static bool pdf_is_white(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool pdf_is_delimiter(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '/' || c == '%';
}

static bool pdf_is_regular(unsigned char c)
{
    return !pdf_is_white(c) && !pdf_is_delimiter(c);
}

void pdf_lexer_init(pdf_lexer *lx, const unsigned char *data, size_t len)
{
    *lx = (pdf_lexer){.data = data, .len = len};
}

static pdf_token pdf_token_at(pdf_lexer *lx, pdf_token_kind kind, size_t start, size_t end)
{
    lx->pos = end;
    return (pdf_token){kind, start, end};
}

/* A stuck token: every later call returns it again. */
static pdf_token pdf_token_stop(pdf_lexer *lx, pdf_token_kind kind)
{
    lx->bad = kind == PDF_TOKEN_BAD;
    return (pdf_token){kind, lx->pos, lx->pos};
}

static void pdf_skip_space(pdf_lexer *lx)
{
    while (lx->pos < lx->len) {
        unsigned char c = lx->data[lx->pos];
        if (pdf_is_white(c)) {
            lx->pos++;
        } else if (c == '%') {
            while (lx->pos < lx->len && lx->data[lx->pos] != '\n' && lx->data[lx->pos] != '\r')
                lx->pos++;
        } else {
            break;
        }
    }
}

/* (literal): parentheses nest unless escaped with a backslash. */
static pdf_token pdf_lex_string(pdf_lexer *lx)
{
    int depth = 0;
    for (size_t i = lx->pos; i < lx->len; i++) {
        unsigned char c = lx->data[i];
        if (c == '\\')
            i++;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return pdf_token_at(lx, PDF_TOKEN_STRING, lx->pos, i + 1);
    }
    return pdf_token_stop(lx, PDF_TOKEN_BAD);
}

static pdf_token pdf_lex_hex_string(pdf_lexer *lx)
{
    for (size_t i = lx->pos + 1; i < lx->len; i++) {
        unsigned char c = lx->data[i];
        if (c == '>')
            return pdf_token_at(lx, PDF_TOKEN_HEX_STRING, lx->pos, i + 1);
        if (!g_ascii_isxdigit(c) && !pdf_is_white(c))
            break;
    }
    return pdf_token_stop(lx, PDF_TOKEN_BAD);
}

/* Inline image data runs from the one white-space byte after ID to the
 * first "EI" that has white space before it and white space, a delimiter
 * or the end after it.  (The format has no length for it before PDF 2.0;
 * this is the rule readers use.) */
static pdf_token pdf_lex_image_data(pdf_lexer *lx)
{
    lx->image_next = false;
    if (lx->pos >= lx->len || !pdf_is_white(lx->data[lx->pos]))
        return pdf_token_stop(lx, PDF_TOKEN_BAD);
    size_t start = lx->pos + 1;
    for (size_t i = start; i + 1 < lx->len; i++) {
        if (lx->data[i] != 'E' || lx->data[i + 1] != 'I')
            continue;
        bool before = i == start || pdf_is_white(lx->data[i - 1]);
        bool after = i + 2 == lx->len || !pdf_is_regular(lx->data[i + 2]);
        if (before && after)
            return pdf_token_at(lx, PDF_TOKEN_IMAGE_DATA, start, i);
    }
    return pdf_token_stop(lx, PDF_TOKEN_BAD);
}

/* A run of regular bytes from pos: a number, a keyword, or (from pos + 1)
 * a name. */
static size_t pdf_regular_end(const pdf_lexer *lx, size_t from)
{
    while (from < lx->len && pdf_is_regular(lx->data[from]))
        from++;
    return from;
}

static bool pdf_is_number(const unsigned char *s, size_t n)
{
    size_t i = 0, digits = 0, dots = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n; i++) {
        if (g_ascii_isdigit(s[i]))
            digits++;
        else if (s[i] == '.' && dots++ == 0)
            continue;
        else
            return false;
    }
    return digits > 0;
}

pdf_token pdf_lexer_next(pdf_lexer *lx)
{
    if (lx->bad)
        return pdf_token_stop(lx, PDF_TOKEN_BAD);
    if (lx->image_next)
        return pdf_lex_image_data(lx);
    pdf_skip_space(lx);
    if (lx->pos >= lx->len)
        return pdf_token_stop(lx, PDF_TOKEN_END);
    const unsigned char *d = lx->data;
    size_t p = lx->pos;
    bool two = p + 1 < lx->len && d[p + 1] == d[p];
    switch (d[p]) {
    case '(': return pdf_lex_string(lx);
    case '<': return two ? pdf_token_at(lx, PDF_TOKEN_DICT_OPEN, p, p + 2)
                         : pdf_lex_hex_string(lx);
    case '>': return two ? pdf_token_at(lx, PDF_TOKEN_DICT_CLOSE, p, p + 2)
                         : pdf_token_stop(lx, PDF_TOKEN_BAD);
    case '[': return pdf_token_at(lx, PDF_TOKEN_ARRAY_OPEN, p, p + 1);
    case ']': return pdf_token_at(lx, PDF_TOKEN_ARRAY_CLOSE, p, p + 1);
    case '/': return pdf_token_at(lx, PDF_TOKEN_NAME, p, pdf_regular_end(lx, p + 1));
    case ')': case '{': case '}': return pdf_token_stop(lx, PDF_TOKEN_BAD);
    default: break;
    }
    size_t end = pdf_regular_end(lx, p);
    if (g_ascii_isdigit(d[p]) || d[p] == '+' || d[p] == '-' || d[p] == '.')
        return pdf_is_number(d + p, end - p) ? pdf_token_at(lx, PDF_TOKEN_NUMBER, p, end)
                                             : pdf_token_stop(lx, PDF_TOKEN_BAD);
    pdf_token t = pdf_token_at(lx, PDF_TOKEN_KEYWORD, p, end);
    lx->image_next = pdf_token_is(lx, &t, "ID");
    return t;
}

bool pdf_token_is(const pdf_lexer *lx, const pdf_token *t, const char *s)
{
    size_t n = strlen(s);
    return t->end - t->start == n && memcmp(lx->data + t->start, s, n) == 0;
}

/* ---- the artifact rewrite ------------------------------------------------ */

/* Operators that put marks on the page (or begin a path or image object
 * that will): ISO 32000-1 tables 59, 60, 107, 77 and 92. */
static const char *const pdf_content_ops[] = {
    "m", "l", "c", "v", "y", "h", "re",                          /* path */
    "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n", "W", "W*", /* paint, clip */
    "Tj", "TJ", "'", "\"",                                       /* show text */
    "Do", "sh", "BI",                                            /* objects */
    NULL,
};

typedef struct {
    GByteArray *out;
    const unsigned char *data;
    size_t copied;    /* data[0, copied) is in out */
    int depth;        /* open BMC/BDC of the input */
    bool in_text;     /* between BT and ET */
    bool artifact;    /* our /Artifact BMC is open */
    bool artifact_in_text; /* ... and began inside the current text object */
    int wrapped;
} pdf_rewrite;

/* Copy the input up to at, then text on a line of its own. */
static void pdf_insert(pdf_rewrite *rw, size_t at, const char *text)
{
    g_byte_array_append(rw->out, rw->data + rw->copied, (guint)(at - rw->copied));
    rw->copied = at;
    if (rw->out->len > 0 && !pdf_is_white(rw->out->data[rw->out->len - 1]))
        g_byte_array_append(rw->out, (const guint8 *)"\n", 1);
    g_byte_array_append(rw->out, (const guint8 *)text, (guint)strlen(text));
}

static void pdf_artifact_begin(pdf_rewrite *rw, size_t at)
{
    pdf_insert(rw, at, "/Artifact BMC\n");
    rw->artifact = true;
    rw->artifact_in_text = rw->in_text;
    rw->wrapped++;
}

static void pdf_artifact_end(pdf_rewrite *rw, size_t at)
{
    if (!rw->artifact)
        return;
    pdf_insert(rw, at, "EMC\n");
    rw->artifact = false;
}

static bool pdf_is_content_op(const pdf_lexer *lx, const pdf_token *t)
{
    for (const char *const *op = pdf_content_ops; *op; op++)
        if (pdf_token_is(lx, t, *op))
            return true;
    return false;
}

/* One operator whose operation (operands included) starts at start.  An
 * artifact never straddles a text object's edge or a marked-content
 * sequence of the input: the two must nest (ISO 32000-1, 14.6). */
static const char *pdf_rewrite_op(pdf_rewrite *rw, const pdf_lexer *lx, const pdf_token *t,
                                  size_t start)
{
    if (pdf_token_is(lx, t, "BT")) {
        if (rw->in_text)
            return "BT inside a text object";
        pdf_artifact_end(rw, start);
        rw->in_text = true;
    } else if (pdf_token_is(lx, t, "ET")) {
        if (!rw->in_text)
            return "ET outside a text object";
        if (rw->artifact_in_text)
            pdf_artifact_end(rw, start);
        rw->in_text = false;
    } else if (pdf_token_is(lx, t, "BMC") || pdf_token_is(lx, t, "BDC")) {
        pdf_artifact_end(rw, start);
        rw->depth++;
    } else if (pdf_token_is(lx, t, "EMC")) {
        if (rw->depth == 0)
            return "EMC without a BMC or BDC";
        rw->depth--;
    } else if (rw->depth == 0 && !rw->artifact && pdf_is_content_op(lx, t)) {
        pdf_artifact_begin(rw, start);
    }
    return NULL;
}

GByteArray *pdf_content_mark_artifacts(const unsigned char *data, size_t len, int *wrapped,
                                       GError **error)
{
    pdf_rewrite rw = {.out = g_byte_array_sized_new((guint)len + 64), .data = data};
    pdf_lexer lx;
    pdf_lexer_init(&lx, data, len);
    size_t op_start = len; /* start of the pending operation's first operand */
    bool pending = false;
    const char *problem = NULL;
    pdf_token t = {PDF_TOKEN_END, 0, 0};
    while (!problem && (t = pdf_lexer_next(&lx)).kind != PDF_TOKEN_END) {
        if (t.kind == PDF_TOKEN_BAD) {
            problem = "a token that is not PDF";
        } else if (t.kind == PDF_TOKEN_IMAGE_DATA) {
            continue;
        } else if (t.kind == PDF_TOKEN_KEYWORD && !pdf_token_is(&lx, &t, "true") &&
                   !pdf_token_is(&lx, &t, "false") && !pdf_token_is(&lx, &t, "null")) {
            problem = pdf_rewrite_op(&rw, &lx, &t, pending ? op_start : t.start);
            pending = false;
        } else if (!pending) {
            op_start = t.start;
            pending = true;
        }
    }
    if (!problem && rw.in_text)
        problem = "a text object without ET";
    if (!problem && rw.depth != 0)
        problem = "marked content without EMC";
    if (problem) {
        g_set_error(error, WRITE_ERROR, WRITE_ERROR_FAILED,
                    "cannot read a page's content stream: %s at byte %zu", problem, t.start);
        g_byte_array_free(rw.out, TRUE);
        return NULL;
    }
    pdf_artifact_end(&rw, len);
    g_byte_array_append(rw.out, data + rw.copied, (guint)(len - rw.copied));
    *wrapped = rw.wrapped;
    return rw.out;
}
