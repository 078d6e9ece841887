/*
 * numbering.c - number formats and label patterns (see numbering.h).
 */
#include "numbering.h"

#include <string.h>

static const struct {
    const char *name; /* as the house style writes it */
    const char *word; /* w:numFmt */
} formats[NUM_FORMAT_COUNT] = {
    [NUM_DECIMAL] = {"decimal", "decimal"},
    [NUM_LOWER_LETTER] = {"lower-letter", "lowerLetter"},
    [NUM_UPPER_LETTER] = {"upper-letter", "upperLetter"},
    [NUM_LOWER_ROMAN] = {"lower-roman", "lowerRoman"},
    [NUM_UPPER_ROMAN] = {"upper-roman", "upperRoman"},
    [NUM_BULLET] = {"bullet", "bullet"},
};

bool num_format_parse(const char *name, num_format *format)
{
    for (int f = 0; name && f < NUM_FORMAT_COUNT; f++) {
        if (strcmp(name, formats[f].name) == 0) {
            *format = (num_format)f;
            return true;
        }
    }
    return false;
}

const char *num_format_name(num_format format)
{
    return format < NUM_FORMAT_COUNT ? formats[format].name : NULL;
}

const char *num_format_word(num_format format)
{
    return format < NUM_FORMAT_COUNT ? formats[format].word : "decimal";
}

/* Word's letters: a..z, then aa..zz, aaa..zzz: the letter repeats. */
static char *letters(int value, char first)
{
    int repeat = (value - 1) / 26 + 1;
    char letter = (char)(first + (value - 1) % 26);
    char *s = g_malloc((gsize)repeat + 1);
    memset(s, letter, (gsize)repeat);
    s[repeat] = '\0';
    return s;
}

static char *roman(int value, bool upper)
{
    static const struct {
        int value;
        const char *digits;
    } table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                 {90, "xc"},  {50, "l"},   {40, "xl"},  {10, "x"},   {9, "ix"},
                 {5, "v"},    {4, "iv"},   {1, "i"}};
    GString *out = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(table); i++)
        for (; value >= table[i].value; value -= table[i].value)
            g_string_append(out, table[i].digits);
    if (upper)
        for (gsize i = 0; i < out->len; i++)
            out->str[i] = g_ascii_toupper(out->str[i]);
    return g_string_free(out, FALSE);
}

char *num_format_value(num_format format, int value)
{
    if (format == NUM_BULLET)
        return g_strdup("");
    if (value < 1 || value > NUM_MAX_VALUE || format == NUM_DECIMAL)
        return g_strdup_printf("%d", value);
    switch (format) {
    case NUM_LOWER_LETTER: return letters(value, 'a');
    case NUM_UPPER_LETTER: return letters(value, 'A');
    case NUM_LOWER_ROMAN: return roman(value, false);
    case NUM_UPPER_ROMAN: return roman(value, true);
    default: return g_strdup_printf("%d", value);
    }
}

bool num_pattern_valid(const char *pattern, num_format format, int level, const char **why)
{
    bool own = false;
    for (const char *p = pattern; *p; p++) {
        if (*p != '%')
            continue;
        int named = p[1] - '0';
        if (format == NUM_BULLET) {
            *why = "a bullet is a glyph, not a pattern: write it without '%'";
            return false;
        }
        if (named < 1 || named > NUM_MAX_LEVELS) {
            *why = "a '%' must be followed by a level number, 1 to 3";
            return false;
        }
        if (named > level) {
            *why = "a level's label can name only its own and higher levels";
            return false;
        }
        own |= named == level;
        p++;
    }
    if (!own && format != NUM_BULLET)
        *why = "the label must show the level's own number (%1 on level 1, %2 on level 2...)";
    else if (!*pattern)
        *why = "the label is empty";
    return (own || format == NUM_BULLET) && *pattern;
}

const num_level *num_scheme_level(const num_scheme *scheme, int level)
{
    int i = CLAMP(level, 1, scheme->n_levels) - 1;
    return &scheme->level[i];
}

char *num_level_pattern(const num_scheme *scheme, int level)
{
    const num_level *look = num_scheme_level(scheme, level);
    if (level <= scheme->n_levels || look->format == NUM_BULLET)
        return g_strdup(look->text);
    GString *out = g_string_new(NULL);
    for (const char *p = look->text; *p; p++) {
        if (p[0] == '%' && p[1] - '0' == scheme->n_levels) {
            g_string_append_printf(out, "%%%d", level);
            p++;
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

char *num_label(const num_scheme *scheme, int level, const int *counters)
{
    char *pattern = num_level_pattern(scheme, level);
    GString *out = g_string_new(NULL);
    for (const char *p = pattern; *p; p++) {
        int named = p[0] == '%' ? p[1] - '0' : 0;
        if (named < 1 || named > level) {
            g_string_append_c(out, *p);
            continue;
        }
        /* Each level's counter in that level's own format, as Word does. */
        char *value = num_format_value(num_scheme_level(scheme, named)->format,
                                       counters[named - 1]);
        g_string_append(out, value);
        g_free(value);
        p++;
    }
    g_free(pattern);
    return g_string_free(out, FALSE);
}

void num_scheme_copy(num_scheme *to, const num_scheme *from)
{
    *to = *from;
    to->name = g_strdup(from->name);
    for (int i = 0; i < NUM_MAX_LEVELS; i++)
        to->level[i].text = g_strdup(from->level[i].text);
}

void num_scheme_clear(num_scheme *scheme)
{
    g_free(scheme->name);
    for (int i = 0; i < NUM_MAX_LEVELS; i++)
        g_free(scheme->level[i].text);
    memset(scheme, 0, sizeof *scheme);
}
