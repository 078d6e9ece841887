#!/usr/bin/env python3
"""docx_accessibility.py - the project's own accessibility checks of Word files.

usage: docx_accessibility.py [--strict] [--json] FILE.docx...
       docx_accessibility.py --list

Reads only the .docx file (zipfile and xml.etree from the standard library),
finding its parts through the package relationships, and runs one named
check per condition.  Output, one line per check:

    ok|WARN|FAIL <check-id> <message>

and a last line per file "docx_accessibility: FILE: N ok, M WARN, K FAIL".
WARN is advice (a link whose text is its bare URL); --strict turns every
WARN into FAIL.  With --json one JSON document is printed instead.
Exit status: 0 no FAIL, 1 a check failed (or the file is not a readable
.docx), 2 usage error.

Decisions this checker makes (the project's rules; the standards leave them
open):
  * A paragraph without w:pStyle has Word's default paragraph style (Normal),
    which is a style.  What fails is direct formatting that fakes a heading:
    a short paragraph of the main document (at most FAKE_HEADING_WORDS
    words, outside tables, not ending in ":" or a dash, which make it a
    lead-in such as "RESOLVED -") whose runs are all bold, or all at least
    2 pt larger than the document's default size, by their own w:rPr, in a
    paragraph style that is no heading or title.  Word's note separators and
    mc:Fallback copies are passed over.
  * Headings are Heading1..Heading3 (the house style has three levels).  A
    Title (or Subtitle) paragraph may come first; the first heading after it
    must be level 1.  Levels come from the style name "heading N" (or the id
    HeadingN), else from an outline level in the style or the paragraph.
  * A data table marks its first row as a header row (w:tblHeader).  A table
    counts as layout only, and is exempt, when it has a single row, or when
    it draws no line: each side of its borders (the table's own tblBorders,
    else its table style's, following w:basedOn) absent, nil or none, and
    every cell's tcBorders too.  A grid nobody sees is positioning, as the
    labelled front sheet of a report.
  * A picture (wp:docPr) has a non-empty descr, unless Word marked it
    decorative (adec:decorative val="1").
  * A hyperlink (w:hyperlink, or a HYPERLINK w:fldSimple) has visible text;
    text that is just the target URL is a WARN.
  * The document language is w:lang in styles.xml docDefaults; when
    settings.xml also has w:themeFontLang it must agree.
Limits: complex-field hyperlinks (fldChar/instrText) and VML pictures are
not checked; headings are taken from the main document only.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W, "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "dc": "http://purl.org/dc/elements/1.1/",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
MAX_EXAMPLES = 3
MAX_HEADING_LEVEL = 3  # the house style's Heading1..Heading3
FAKE_HEADING_WORDS = 12  # longer than any heading a paper has; shorter than a sentence
LARGER_HALF_POINTS = 4  # 2 pt above the default size is a heading's look
DEFAULT_HALF_POINTS = 24  # when docDefaults set no size
TRUE_VALUES = {"1", "true", "on"}
LANG_BCP47 = re.compile(r"^([A-Za-z]{2,3}|[A-Za-z]{5,8})(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
                        r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-x(-[A-Za-z0-9]{1,8})+)?$")


def w(local):
    return "{%s}%s" % (W, local)


def q(prefix, local):
    return "{%s}%s" % (NS[prefix], local)


class Unreadable(Exception):
    pass


# ----------------------------------------------------------------------------
# The package: parts found through relationships
# ----------------------------------------------------------------------------

def part_path(source, target):
    """The zip name of a relationship target relative to the source part."""
    if target.startswith("/"):
        return target[1:]
    parts = source.split("/")[:-1] + target.split("/")
    out = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p not in ("", "."):
            out.append(p)
    return "/".join(out)


def rels_name(part):
    folder, _, leaf = part.rpartition("/")
    return (folder + "/" if folder else "") + "_rels/" + leaf + ".rels"


class Docx:
    def __init__(self, path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as e:
            raise Unreadable("not a ZIP package: %s" % e)
        self.names = set(self.zip.namelist())
        package_rels = self.relationships("")
        main = [t for kind, t, _ in package_rels.values() if kind.endswith("/officeDocument")]
        if not main:
            raise Unreadable("_rels/.rels has no officeDocument relationship")
        self.main = main[0]
        self.core = next((t for kind, t, _ in package_rels.values() if kind == CORE_TYPE), None)
        self.main_rels = self.relationships(self.main)
        self.document = self.xml(self.main)

    def xml(self, name):
        if name not in self.names:
            raise Unreadable("%s is missing" % name)
        try:
            return ET.fromstring(self.zip.read(name))
        except ET.ParseError as e:
            raise Unreadable("%s: %s" % (name, e))

    def relationships(self, part):
        """{Id: (type, target part or URL, external?)} of a part ('' = package)."""
        name = "_rels/.rels" if part == "" else rels_name(part)
        if name not in self.names:
            return {}
        found = {}
        for rel in self.xml(name).iter(q("pr", "Relationship")):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            found[rel.get("Id")] = (rel.get("Type", ""), target if external else
                                    part_path(part or "/", target), external)
        return found

    def related(self, kind):
        """Parts the main document relates to with REL_TYPE + kind."""
        return [t for k, t, ext in self.main_rels.values() if k == REL_TYPE + kind and not ext]

    def story_parts(self):
        """(part name, root) of the main document, headers, footers and notes."""
        parts = [(self.main, self.document)]
        for kind in ("header", "footer", "footnotes", "endnotes"):
            for name in sorted(self.related(kind)):
                parts.append((name, self.xml(name)))
        return parts

    def styles(self):
        names = self.related("styles")
        return self.xml(names[0]) if names else None

    def settings(self):
        names = self.related("settings")
        return self.xml(names[0]) if names else None


def without_fallbacks(root):
    """Elements under root in document order, skipping mc:Fallback copies."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(c for c in reversed(element) if c.tag != q("mc", "Fallback"))


def paragraphs(root):
    """w:p elements, without Word's note separators and mc:Fallback copies."""
    skipped = set()
    for note in list(root.iter(w("footnote"))) + list(root.iter(w("endnote"))):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            skipped |= {id(p) for p in note.iter(w("p"))}
    return [e for e in without_fallbacks(root) if e.tag == w("p") and id(e) not in skipped]


def style_of(paragraph):
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return style.get(w("val")) if style is not None else None


def visible_text(element):
    return "".join(t.text or "" for t in element.iter(w("t")))


def where(part, paragraph_index):
    return "%s paragraph %d" % (part, paragraph_index + 1)


# ----------------------------------------------------------------------------
# Check results
# ----------------------------------------------------------------------------

def passed(message):
    return "ok", message


def failed(problems, status="FAIL"):
    problems = list(problems)
    shown = "; ".join(problems[:MAX_EXAMPLES])
    if len(problems) > MAX_EXAMPLES:
        shown += " (and %d more)" % (len(problems) - MAX_EXAMPLES)
    return status, shown


def verdict(problems, ok_message):
    return failed(problems) if problems else passed(ok_message)


def count(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


# ----------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------

def style_table(docx):
    """{styleId: style element} of styles.xml."""
    root = docx.styles()
    return {s.get(w("styleId")): s for s in (root.iter(w("style")) if root is not None else [])}


def heading_style_ids(docx):
    """Style ids that make a paragraph a heading or a title."""
    ids = set()
    for style_id, style in style_table(docx).items():
        name = style.find("w:name", NS)
        label = name.get(w("val")) if name is not None else ""
        if re.fullmatch(r"(?i)(heading ?[1-9]|title|subtitle)", label or "") or \
                re.fullmatch(r"(?i)(heading ?[1-9]|title|subtitle)", style_id or "") or \
                style.find("w:pPr/w:outlineLvl", NS) is not None:
            ids.add(style_id)
    return ids


def default_size(docx):
    root = docx.styles()
    size = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:sz", NS) if root is not None else None
    value = size.get(w("val")) if size is not None else None
    return int(value) if value and value.isdigit() else DEFAULT_HALF_POINTS


def switched_on(element):
    return element is not None and element.get(w("val"), "true").lower() in TRUE_VALUES


def cell_paragraphs(root):
    """ids of the paragraphs inside table cells."""
    return {id(p) for tc in root.iter(w("tc")) for p in tc.iter(w("p"))}


def text_runs(paragraph):
    return [r for r in paragraph.iter(w("r")) if visible_text(r).strip()]


def fakes_heading(paragraph, base_size):
    """Do the paragraph's runs all look like a heading by direct formatting?"""
    runs = text_runs(paragraph)
    if not runs:
        return False
    bold = all(switched_on(r.find("w:rPr/w:b", NS)) for r in runs)

    def large(run):
        size = run.find("w:rPr/w:sz", NS)
        value = size.get(w("val")) if size is not None else ""
        return value.isdigit() and int(value) >= base_size + LARGER_HALF_POINTS
    return bold or all(large(r) for r in runs)


def check_fake_headings(docx):
    problems, total = [], 0
    headings, base = heading_style_ids(docx), default_size(docx)
    in_cells = cell_paragraphs(docx.document)
    for i, p in enumerate(paragraphs(docx.document)):
        text = " ".join(visible_text(p).split())
        if not text or id(p) in in_cells or style_of(p) in headings:
            continue
        total += 1
        short = len(text.split()) <= FAKE_HEADING_WORDS
        lead_in = text[-1] in ":-\u2013\u2014"
        if short and not lead_in and fakes_heading(p, base):
            problems.append("%s %r is bold or large by direct formatting, not a heading style"
                            % (where(docx.main, i), text[:40]))
    return verdict(problems, "%s, none made to look like a heading by hand"
                   % count(total, "paragraph"))


def heading_levels(docx):
    """[(level, index, style)] of the main document's headings, in order."""
    styles = {}
    root = docx.styles()
    for style in (root.iter(w("style")) if root is not None else []):
        name = style.find("w:name", NS)
        outline = style.find("w:pPr/w:outlineLvl", NS)
        styles[style.get(w("styleId"))] = (name.get(w("val")) if name is not None else "",
                                          outline.get(w("val")) if outline is not None else None)
    found = []
    for i, p in enumerate(paragraphs(docx.document)):
        style = style_of(p)
        name, outline = styles.get(style, ("", None))
        level = None
        for label in (name, style or ""):
            m = re.fullmatch(r"(?i)heading ?([1-9])", label)
            if m:
                level = int(m.group(1))
                break
        direct = p.find("w:pPr/w:outlineLvl", NS)
        outline = direct.get(w("val")) if direct is not None else outline
        if level is None and outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        if level is not None:
            found.append((level, i, style))
    return found


def check_first_heading(docx):
    headings = heading_levels(docx)
    if not headings:
        return failed(["the document has no headings (Heading1..Heading3)"])
    level, index, style = headings[0]
    if level != 1:
        return failed(["the first heading (%s, style %s) is level %d, not Heading1"
                       % (where(docx.main, index), style, level)])
    return passed("the first of %s is Heading1" % count(len(headings), "heading"))


def check_heading_order(docx):
    headings = heading_levels(docx)
    problems = ["%s: Heading%d follows Heading%d" % (where(docx.main, i), level, before)
                for (before, _, _), (level, i, _) in zip(headings, headings[1:])
                if level > before + 1]
    return verdict(problems, "%s, no level skipped" % count(len(headings), "heading"))


def check_heading_depth(docx):
    problems = ["%s: heading level %d (style %s); the house style stops at Heading%d"
                % (where(docx.main, i), level, style, MAX_HEADING_LEVEL)
                for level, i, style in heading_levels(docx) if level > MAX_HEADING_LEVEL]
    return verdict(problems, "no heading deeper than Heading%d" % MAX_HEADING_LEVEL)


def visible_borders(borders):
    """True if a tblBorders/tcBorders element draws any line."""
    if borders is None:
        return False
    return any(edge.get(w("val")) not in (None, "nil", "none") for edge in borders)


def style_borders(docx, style_id, depth=0):
    """{side: visible?} of a table style's tblBorders, following w:basedOn."""
    style = style_table(docx).get(style_id)
    if style is None or depth > 16:
        return {}
    based = style.find("w:basedOn", NS)
    sides = style_borders(docx, based.get(w("val")), depth + 1) if based is not None else {}
    borders = style.find("w:tblPr/w:tblBorders", NS)
    for edge in (borders if borders is not None else []):
        sides[edge.tag] = edge.get(w("val")) not in (None, "nil", "none")
    return sides


def is_layout_table(docx, table):
    rows = table.findall("w:tr", NS)
    if len(rows) <= 1:
        return True
    style = table.find("w:tblPr/w:tblStyle", NS)
    sides = style_borders(docx, style.get(w("val"))) if style is not None else {}
    own = table.find("w:tblPr/w:tblBorders", NS)
    for edge in (own if own is not None else []):
        sides[edge.tag] = edge.get(w("val")) not in (None, "nil", "none")
    if any(sides.values()):
        return False
    return not any(visible_borders(tc.find("w:tcPr/w:tcBorders", NS))
                   for row in rows for tc in row.findall("w:tc", NS))


def check_table_headers(docx):
    problems, data_tables, layout = [], 0, 0
    for part, root in docx.story_parts():
        for n, table in enumerate(root.iter(w("tbl")), 1):
            if is_layout_table(docx, table):
                layout += 1
                continue
            data_tables += 1
            header = table.find("w:tr/w:trPr/w:tblHeader", NS)
            if header is None or header.get(w("val"), "true").lower() not in TRUE_VALUES:
                first = visible_text(table.find("w:tr", NS)).strip()
                problems.append("%s table %d (first row %r) has no w:tblHeader on its first row"
                                % (part, n, first[:30]))
    return verdict(problems, "%s with a header row, %s exempt"
                   % (count(data_tables, "data table"), count(layout, "layout table")))


def check_image_alt(docx):
    problems, total = [], 0
    for part, root in docx.story_parts():
        for doc_pr in root.iter(q("wp", "docPr")):
            total += 1
            decorative = any(d.get("val") in TRUE_VALUES for d in doc_pr.iter(q("adec", "decorative")))
            if not decorative and not (doc_pr.get("descr") or "").strip():
                problems.append("%s picture %r has no descr (alternative text)"
                                % (part, doc_pr.get("name", "?")))
    return verdict(problems, "%s, each described or decorative" % count(total, "picture"))


def bare(url):
    """A URL as people type it: no scheme, no www., no trailing slash."""
    url = url.strip().lower()
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url)
    url = re.sub(r"^www\.", "", url)
    return url.rstrip("/")


def hyperlinks(docx):
    """(part, text, target URL or None) of every hyperlink."""
    for part, root in docx.story_parts():
        rels = docx.main_rels if part == docx.main else docx.relationships(part)
        for link in root.iter(w("hyperlink")):
            rel = rels.get(link.get(q("r", "id")))
            target = rel[1] if rel and rel[2] else None
            yield part, visible_text(link), target
        for field in root.iter(w("fldSimple")):
            m = re.match(r'\s*HYPERLINK\s+"([^"]*)"', field.get(w("instr"), ""))
            if m:
                yield part, visible_text(field), m.group(1)


def check_link_text(docx, strict):
    empty, bare_urls, total = [], [], 0
    for part, text, target in hyperlinks(docx):
        total += 1
        if not text.strip():
            empty.append("%s: a link to %s has no visible text" % (part, target or "an anchor"))
        elif target and bare(text) == bare(target):
            bare_urls.append("%s: the link text is its bare URL %s; say where it goes"
                             % (part, text.strip()[:60]))
    if empty:
        return failed(empty + bare_urls)
    if bare_urls:
        return failed(bare_urls, "FAIL" if strict else "WARN")
    return passed("%s, each with descriptive text" % count(total, "link"))


def check_language(docx):
    styles = docx.styles()
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS) if styles is not None else None
    value = lang.get(w("val")) if lang is not None else None
    if not value:
        return failed(["styles.xml docDefaults has no w:lang w:val: the document language "
                       "is not set"])
    if not LANG_BCP47.match(value):
        return failed(["docDefaults w:lang %r is not a language tag such as en-GB" % value])
    settings = docx.settings()
    theme = settings.find("w:themeFontLang", NS) if settings is not None else None
    theme_value = theme.get(w("val")) if theme is not None else None
    if theme_value and theme_value.lower() != value.lower():
        return failed(["settings.xml w:themeFontLang %s disagrees with docDefaults w:lang %s"
                       % (theme_value, value)])
    return passed("document language %s" % value)


def check_core_title(docx):
    if docx.core is None or docx.core not in docx.names:
        return failed(["the package has no core properties part (docProps/core.xml)"])
    title = docx.xml(docx.core).find("dc:title", NS)
    if title is None or not (title.text or "").strip():
        return failed(["core properties have no dc:title" if title is None else
                       "core properties dc:title is empty"])
    return passed("dc:title %r" % title.text.strip())


CHECKS = [
    ("DOCX-fake-heading", check_fake_headings,
     "a short paragraph outside tables and heading styles is all bold or all large by "
     "direct formatting (a heading made by hand)"),
    ("DOCX-heading-first", check_first_heading,
     "there is no heading, or the first heading (after any Title) is not Heading1"),
    ("DOCX-heading-order", check_heading_order, "a heading level is skipped (Heading3 after Heading1)"),
    ("DOCX-heading-depth", check_heading_depth, "a heading is deeper than Heading3"),
    ("DOCX-table-header", check_table_headers,
     "a data table's first row is not marked w:tblHeader (layout tables exempt)"),
    ("DOCX-image-alt", check_image_alt, "a picture (wp:docPr) has no descr and is not decorative"),
    ("DOCX-link-text", check_link_text,
     "a hyperlink has no visible text; WARN (FAIL with --strict) when its text is its bare URL"),
    ("DOCX-lang", check_language,
     "styles.xml docDefaults has no valid w:lang, or settings w:themeFontLang disagrees"),
    ("DOCX-core-title", check_core_title, "docProps/core.xml has no non-empty dc:title"),
]
CHECK_IDS = [c[0] for c in CHECKS]


def run_checks(path, strict):
    try:
        docx = Docx(path)
    except Unreadable as e:
        return [("DOCX-read", "FAIL", str(e))]
    results = []
    for check_id, function, _ in CHECKS:
        try:
            status, message = function(docx, strict) if function is check_link_text else function(docx)
        except Unreadable as e:
            status, message = "FAIL", str(e)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as e:
            # A file shaped unlike anything the check expects: say so on its line.
            status, message = "FAIL", "cannot check this file (%s: %s)" % (type(e).__name__, e)
        results.append((check_id, status, message))
    return results


def usage(message):
    sys.stderr.write("docx_accessibility: %s\nusage: docx_accessibility.py [--strict] [--json] "
                     "FILE.docx...\n       docx_accessibility.py --list\n" % message)
    return 2


def main(argv):
    strict, as_json, files = False, False, []
    for arg in argv:
        if arg == "--list":
            for check_id, _, explanation in CHECKS:
                print("%-20s FAIL when %s" % (check_id, explanation))
            return 0
        if arg == "--strict":
            strict = True
        elif arg == "--json":
            as_json = True
        elif arg in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif arg.startswith("-"):
            return usage("unknown option %s" % arg)
        else:
            files.append(arg)
    if not files:
        return usage("no .docx file given")
    report, any_failed = [], False
    for path in files:
        try:
            open(path, "rb").close()
        except OSError as e:
            return usage("%s: %s" % (path, e.strerror))
        results = run_checks(path, strict)
        tally = {s: sum(1 for r in results if r[1] == s) for s in ("ok", "WARN", "FAIL")}
        any_failed |= tally["FAIL"] > 0
        report.append({"file": path, "failed": tally["FAIL"], "warned": tally["WARN"],
                       "results": [{"id": i, "status": s, "message": m} for i, s, m in results]})
        if not as_json:
            for check_id, status, message in results:
                print("%s %s %s" % (status, check_id, message))
            print("docx_accessibility: %s: %d ok, %d WARN, %d FAIL"
                  % (path, tally["ok"], tally["WARN"], tally["FAIL"]))
    if as_json:
        json.dump({"files": report}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 1 if any_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
