/*
 * docx_theme.c - word/theme/theme1.xml and word/settings.xml: the parts
 * Word writes into every document it saves, so that it finds nothing to
 * add or upgrade when an officer first saves a paper.
 *
 * The theme is Word's own "Office" theme (its colours and line and fill
 * styles), with the house font as the theme's heading and body font and the
 * house link colour as its hyperlink colour: text typed in a theme font
 * then comes out in the house font.  Settings are those Word 2016 and later
 * write for a new document: compatibility mode 15 (current layout rules, not
 * Word 2010's) with its usual compatibility options, the theme's colour
 * mapping, the language of the theme fonts, and the number and list
 * separators of the document's locale.
 */
#include "docx.h"

/* The colours of Word's Office theme (2013 onwards), in the order the
 * schema wants them. */
static const struct {
    const char *name, *rgb;
} docx_theme_colours[] = {
    {"a:dk2", "44546A"},     {"a:lt2", "E7E6E6"},     {"a:accent1", "4472C4"},
    {"a:accent2", "ED7D31"}, {"a:accent3", "A5A5A5"}, {"a:accent4", "FFC000"},
    {"a:accent5", "5B9BD5"}, {"a:accent6", "70AD47"},
};

static void docx_colour(docx_xml *x, const char *name, const char *element, const char *attr,
                        const char *value)
{
    docx_start(x, name);
    docx_start(x, element);
    docx_attr(x, attr, value);
    docx_end(x);
    docx_end(x);
}

static void docx_theme_colour_scheme(docx_xml *x, const house_style *style)
{
    docx_start(x, "a:clrScheme");
    docx_attr(x, "name", "Office");
    docx_start(x, "a:dk1");
    docx_start(x, "a:sysClr");
    docx_attr(x, "val", "windowText");
    docx_attr(x, "lastClr", "000000");
    docx_end(x);
    docx_end(x);
    docx_start(x, "a:lt1");
    docx_start(x, "a:sysClr");
    docx_attr(x, "val", "window");
    docx_attr(x, "lastClr", "FFFFFF");
    docx_end(x);
    docx_end(x);
    for (size_t i = 0; i < G_N_ELEMENTS(docx_theme_colours); i++)
        docx_colour(x, docx_theme_colours[i].name, "a:srgbClr", "val", docx_theme_colours[i].rgb);
    docx_colour(x, "a:hlink", "a:srgbClr", "val",
                style->link_colour ? style->link_colour : "0563C1");
    docx_colour(x, "a:folHlink", "a:srgbClr", "val", "954F72");
    docx_end(x);
}

/* Heading and body text in the house font. */
static void docx_theme_font(docx_xml *x, const char *name, const char *font)
{
    docx_start(x, name);
    static const char *const scripts[] = {"a:latin", "a:ea", "a:cs"};
    for (int i = 0; i < 3; i++) {
        docx_start(x, scripts[i]);
        docx_attr(x, "typeface", i == 0 ? font : "");
        docx_end(x);
    }
    docx_end(x);
}

static void docx_scheme_fill(docx_xml *x)
{
    docx_colour(x, "a:solidFill", "a:schemeClr", "val", "phClr");
}

/* Three of each, as the schema requires: plain fills, lines of 0.5, 1 and
 * 1.5 pt, no effects. */
static void docx_theme_formats(docx_xml *x)
{
    docx_start(x, "a:fmtScheme");
    docx_attr(x, "name", "Office");
    docx_start(x, "a:fillStyleLst");
    for (int i = 0; i < 3; i++)
        docx_scheme_fill(x);
    docx_end(x);
    docx_start(x, "a:lnStyleLst");
    static const char *const widths[] = {"6350", "12700", "19050"};
    for (int i = 0; i < 3; i++) {
        docx_start(x, "a:ln");
        docx_attr(x, "w", widths[i]);
        docx_attr(x, "cap", "flat");
        docx_attr(x, "cmpd", "sng");
        docx_attr(x, "algn", "ctr");
        docx_scheme_fill(x);
        docx_start(x, "a:prstDash");
        docx_attr(x, "val", "solid");
        docx_end(x);
        docx_start(x, "a:miter");
        docx_attr(x, "lim", "800000");
        docx_end(x);
        docx_end(x);
    }
    docx_end(x);
    docx_start(x, "a:effectStyleLst");
    for (int i = 0; i < 3; i++) {
        docx_start(x, "a:effectStyle");
        docx_empty(x, "a:effectLst");
        docx_end(x);
    }
    docx_end(x);
    docx_start(x, "a:bgFillStyleLst");
    for (int i = 0; i < 3; i++)
        docx_scheme_fill(x);
    docx_end(x);
    docx_end(x);
}

void docx_write_theme(docx_xml *x, const docx_package *pkg)
{
    docx_start(x, "a:theme");
    docx_attr(x, "xmlns:a", DOCX_NS_A);
    docx_attr(x, "name", "Office Theme");
    docx_start(x, "a:themeElements");
    docx_theme_colour_scheme(x, pkg->style);
    docx_start(x, "a:fontScheme");
    docx_attr(x, "name", "Office");
    docx_theme_font(x, "a:majorFont", pkg->style->font);
    docx_theme_font(x, "a:minorFont", pkg->style->font);
    docx_end(x);
    docx_theme_formats(x);
    docx_end(x);
    docx_empty(x, "a:objectDefaults");
    docx_empty(x, "a:extraClrSchemeLst");
    docx_end(x);
}

/* ---- settings.xml ---------------------------------------------------------- */

#define DOCX_WORD_URI "http://schemas.microsoft.com/office/word"

static void docx_compat_setting(docx_xml *x, const char *name, const char *value)
{
    docx_start(x, "w:compatSetting");
    docx_attr(x, "w:name", name);
    docx_attr(x, "w:uri", DOCX_WORD_URI);
    docx_attr(x, "w:val", value);
    docx_end(x);
}

/* Word's theme colour names mapped to the theme's, as Word writes them. */
static void docx_colour_mapping(docx_xml *x)
{
    static const char *const map[][2] = {
        {"w:bg1", "light1"},   {"w:t1", "dark1"},       {"w:bg2", "light2"},
        {"w:t2", "dark2"},     {"w:accent1", "accent1"}, {"w:accent2", "accent2"},
        {"w:accent3", "accent3"}, {"w:accent4", "accent4"}, {"w:accent5", "accent5"},
        {"w:accent6", "accent6"}, {"w:hyperlink", "hyperlink"},
        {"w:followedHyperlink", "followedHyperlink"},
    };
    docx_start(x, "w:clrSchemeMapping");
    for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
        docx_attr(x, map[i][0], map[i][1]);
    docx_end(x);
}

/* In the order of the schema's CT_Settings sequence. */
void docx_write_settings(docx_xml *x, const docx_package *pkg)
{
    docx_start(x, "w:settings");
    docx_attr(x, "xmlns:w", DOCX_NS_W);
    docx_start(x, "w:zoom");
    docx_attr(x, "w:percent", "100");
    docx_end(x);
    docx_val(x, "w:defaultTabStop", "720");
    docx_val(x, "w:characterSpacingControl", "doNotCompress");
    docx_start(x, "w:compat");
    docx_compat_setting(x, "compatibilityMode", "15");
    docx_compat_setting(x, "overrideTableStyleFontSizeAndJustification", "1");
    docx_compat_setting(x, "enableOpenTypeFeatures", "1");
    docx_compat_setting(x, "doNotFlipMirrorIndents", "1");
    docx_compat_setting(x, "differentiateMultirowTableHeaders", "1");
    docx_compat_setting(x, "useWord2013TrackBottomHyphenation", "0");
    docx_end(x);
    docx_val(x, "w:themeFontLang", pkg->language);
    docx_colour_mapping(x);
    docx_val(x, "w:decimalSymbol", ".");
    docx_val(x, "w:listSeparator", ",");
    docx_end(x);
}
