#!/usr/bin/env python3
"""Compare one golden case's outputs with its expected files.

usage: check_outputs.py CASE_DIR OUTPUT_DIR [--shared=DIR] [--update]

CASE_DIR holds `modes` and `expected/`; OUTPUT_DIR holds the build's
<doc>.<format> files.  `modes` names, one a line, a format and how its
outputs are compared ('#' starts a comment):

    tree.xml exact   byte for byte with expected/<doc>.tree.xml
    txt      exact   byte for byte with expected/<doc>.txt
    docx     valid   check-docx passes (SHARED/tools/check-docx; without it,
                     the ZIP and every XML part are read here), and every
                     numbered paragraph's w:numPr gives, through numbering.xml's
                     lvlText and numFmt, the label the tree and the text have
    pdf      text    pdftotext's words are the text's words, in order, with
                     the running header and footer cropped off and each
                     table row's words taken as one (tests/tools/table_rows.py:
                     the text sets a row's cells side by side); the page
                     count is expected/<doc>.pages

A mode this script does not know is a failure, as is a document with no
expected file or an expected file with no document.  --update rewrites the
expected files from OUTPUT_DIR first (UPDATE_GOLDEN=1 in run.sh); the docx
and pdf checks then run against the new text.

Prints one "ok: ..." or "FAIL: ..." line per check and exits 1 on any
failure, 2 on a usage error.
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import table_rows  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MODES = {"tree.xml": {"exact"}, "txt": {"exact"}, "docx": {"valid"}, "pdf": {"text"}}
UNIT_PT = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


class Report:
    def __init__(self):
        self.failures = 0

    def ok(self, msg):
        print("ok: " + msg)

    def fail(self, msg):
        self.failures += 1
        print("FAIL: " + msg)


def read_modes(case, report):
    """[(format, mode)] from CASE/modes; unknown ones are failures."""
    path = os.path.join(case, "modes")
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        report.fail("%s: no modes file (one line per format: 'txt exact')" % path)
        return []
    modes = []
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2:
            report.fail("%s:%d: write a format and a mode, as 'txt exact'" % (path, number))
        elif words[0] not in MODES:
            report.fail("%s:%d: unknown format %r (known: %s)"
                        % (path, number, words[0], ", ".join(sorted(MODES))))
        elif words[1] not in MODES[words[0]]:
            report.fail("%s:%d: unknown mode %r for %s (known: %s)"
                        % (path, number, words[1], words[0], ", ".join(sorted(MODES[words[0]]))))
        else:
            modes.append((words[0], words[1]))
    if not modes:
        report.fail("%s: names no format to check" % path)
    return modes


def documents(folder, ext):
    """Names of the documents with a file folder/<name>.<ext>."""
    if not os.path.isdir(folder):
        return set()
    return {f[: -len(ext) - 1] for f in os.listdir(folder) if f.endswith("." + ext)}


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---- exact ---------------------------------------------------------------

def check_exact(fmt, docs, out, expected, report):
    for doc in sorted(docs):
        want, got = os.path.join(expected, doc + "." + fmt), os.path.join(out, doc + "." + fmt)
        if not os.path.exists(want):
            report.fail("%s.%s: no expected/%s.%s (make it with UPDATE_GOLDEN=1)"
                        % (doc, fmt, doc, fmt))
            continue
        a, b = open(want, "rb").read(), open(got, "rb").read()
        if a == b:
            report.ok("%s.%s is byte for byte as expected" % (doc, fmt))
            continue
        diff = difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                    b.decode("utf-8", "replace").splitlines(),
                                    "expected/%s.%s" % (doc, fmt), "output", lineterm="", n=1)
        report.fail("%s.%s differs from expected:\n%s"
                    % (doc, fmt, "\n".join(list(diff)[:40])))


# ---- docx ----------------------------------------------------------------

def docx_well_formed(path):
    """The package check used without check-docx: None, or what is wrong."""
    try:
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
            if bad:
                return "%s is damaged" % bad
            names = set(z.namelist())
            for part in ("[Content_Types].xml", "_rels/.rels", "word/document.xml"):
                if part not in names:
                    return "it has no %s" % part
            for name in sorted(names):
                if name.endswith((".xml", ".rels")):
                    try:
                        ET.fromstring(z.read(name))
                    except ET.ParseError as e:
                        return "%s is not well-formed XML: %s" % (name, e)
    except (zipfile.BadZipFile, OSError) as e:
        return "not a ZIP package: %s" % e
    return None


ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def word_number(value, fmt):
    """A counter as Word shows it in numFmt fmt."""
    if fmt == "decimal":
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        for n, r in ROMAN:
            while value >= n:
                out, value = out + r, value - n
        return out if fmt == "lowerRoman" else out.upper()
    raise ValueError("numFmt %r" % fmt)


def numbering_levels(z):
    """numId -> {ilvl: (start, numFmt, lvlText)} from word/numbering.xml."""
    root = ET.fromstring(z.read("word/numbering.xml"))
    abstract = {}
    for a in root.findall(W + "abstractNum"):
        levels = {}
        for lvl in a.findall(W + "lvl"):
            def val(tag, default=None):
                e = lvl.find(W + tag)
                return e.get(W + "val") if e is not None else default
            levels[int(lvl.get(W + "ilvl"))] = (int(val("start", "1")), val("numFmt", "decimal"),
                                                 val("lvlText", ""))
        abstract[a.get(W + "abstractNumId")] = levels
    nums = {}
    for n in root.findall(W + "num"):
        if n.find(W + "lvlOverride") is not None:
            raise ValueError("w:num %s has a w:lvlOverride, which this check does not model"
                             % n.get(W + "numId"))
        nums[n.get(W + "numId")] = abstract[n.find(W + "abstractNumId").get(W + "val")]
    return nums


def style_numbering(z):
    """Paragraph style id -> (numId, ilvl) for styles that carry numbering."""
    out = {}
    if "word/styles.xml" not in z.namelist():
        return out
    for s in ET.fromstring(z.read("word/styles.xml")).findall(W + "style"):
        pr = s.find(W + "pPr/" + W + "numPr")
        if pr is not None and pr.find(W + "numId") is not None:
            ilvl = pr.find(W + "ilvl")
            out[s.get(W + "styleId")] = (pr.find(W + "numId").get(W + "val"),
                                         int(ilvl.get(W + "val")) if ilvl is not None else 0)
    return out


def docx_numbered_paragraphs(path):
    """[(label, numFmt, text)] for every paragraph Word numbers, in order,
    with the label Word computes from the counters (bullets: the glyph)."""
    with zipfile.ZipFile(path) as z:
        nums = numbering_levels(z) if "word/numbering.xml" in z.namelist() else {}
        styles = style_numbering(z)
        body = ET.fromstring(z.read("word/document.xml"))
    counters, out = {}, []
    for p in body.iter(W + "p"):
        pr = p.find(W + "pPr")
        num_id, ilvl = None, 0
        if pr is not None:
            numpr, style = pr.find(W + "numPr"), pr.find(W + "pStyle")
            if numpr is not None and numpr.find(W + "numId") is not None:
                num_id = numpr.find(W + "numId").get(W + "val")
                e = numpr.find(W + "ilvl")
                ilvl = int(e.get(W + "val")) if e is not None else 0
            elif style is not None and style.get(W + "val") in styles:
                num_id, ilvl = styles[style.get(W + "val")]
        if num_id is None or num_id == "0":
            continue
        if num_id not in nums or ilvl not in nums[num_id]:
            raise ValueError("a paragraph uses numId %s level %d, which numbering.xml lacks"
                             % (num_id, ilvl))
        levels = nums[num_id]
        count = counters.setdefault(num_id, {})
        count[ilvl] = count[ilvl] + 1 if ilvl in count else levels[ilvl][0]
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]  # a level restarts after any level above it
        start, fmt, text = levels[ilvl]
        if fmt == "bullet":
            label = text
        else:
            def counter(m):
                level = int(m.group(1)) - 1
                value = count.get(level, levels[level][0])
                return word_number(value, levels[level][1])
            label = re.sub(r"%([1-9])", counter, text)
        words = "".join(t.text or "" for t in p.iter(W + "t"))
        out.append((label, fmt, words))
    return out


def tree_labels(path):
    """Labels of the labelled blocks of a tree dump, in document order."""
    return [e.get("label") for e in ET.parse(path).getroot().iter() if e.get("label")]


def check_docx_numbering(doc, docx, expected, report):
    txt_path = os.path.join(expected, doc + ".txt")
    if not os.path.exists(txt_path):
        report.fail("%s.docx: numbering needs expected/%s.txt (add 'txt exact' to modes)"
                    % (doc, doc))
        return
    try:
        paragraphs = docx_numbered_paragraphs(docx)
    except (KeyError, ValueError, ET.ParseError, zipfile.BadZipFile) as e:
        report.fail("%s.docx: numbering cannot be read: %s" % (doc, e))
        return
    numbered = [(label, text) for label, fmt, text in paragraphs if fmt != "bullet"]
    tree = os.path.join(expected, doc + ".tree.xml")
    if os.path.exists(tree):
        want = tree_labels(tree)
        got = [label for label, _ in numbered]
        if want != got:
            first = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b),
                         min(len(want), len(got)))
            report.fail("%s.docx: Word would number %d paragraphs %s..., the tree has %d "
                        "labels %s... (first difference at number %d)"
                        % (doc, len(got), got[first:first + 3], len(want),
                           want[first:first + 3], first + 1))
            return
    lines = read_text(txt_path).splitlines()
    at = 0
    for label, text in numbered:
        first_word = text.split()[0] if text.split() else ""
        # A label in a table cell stands after the cells left of it.
        pattern = re.compile(r"(^|\s)" + re.escape(label) + r"\s+" + re.escape(first_word))
        found = next((i for i in range(at, len(lines)) if pattern.search(lines[i])), None)
        if found is None:
            report.fail("%s.docx: the paragraph Word numbers %r (%s...) is not in "
                        "expected/%s.txt, in order, as '%s %s'"
                        % (doc, label, text[:40], doc, label, first_word))
            return
        at = found + 1
    report.ok("%s.docx: %d numbered paragraphs, each labelled as in the text"
              % (doc, len(numbered)))


def check_docx(docs, out, expected, shared, report):
    checker = os.path.join(shared, "tools", "check-docx") if shared else ""
    for doc in sorted(docs):
        docx = os.path.join(out, doc + ".docx")
        if checker and os.access(checker, os.X_OK):
            run = subprocess.run([checker, "-q", docx], capture_output=True, text=True)
            if run.returncode == 0:
                report.ok("%s.docx: check-docx passes" % doc)
            else:
                report.fail("%s.docx: check-docx:\n%s%s" % (doc, run.stdout, run.stderr))
        else:
            problem = docx_well_formed(docx)
            if problem:
                report.fail("%s.docx: %s" % (doc, problem))
            else:
                report.ok("%s.docx: ZIP and XML parts are well-formed (no check-docx)" % doc)
        if not docx_well_formed(docx):
            check_docx_numbering(doc, docx, expected, report)


# ---- pdf -----------------------------------------------------------------

def length_pt(text):
    m = re.fullmatch(r"\s*([0-9.]+)\s*(pt|mm|cm|in)\s*", text)
    return float(m.group(1)) * UNIT_PT[m.group(2)]


def house_style_of(case):
    """The house style the case's report is built with, found as the
    pipeline finds it: the report folder, then its profile."""
    input_dir = os.path.join(case, "input")
    candidates = [os.path.join(input_dir, "house-style.xml")]
    profile = ET.parse(os.path.join(input_dir, "report.xml")).getroot().get("profile")
    if profile:
        folder = (os.path.join(input_dir, profile) if "/" in profile
                  else os.path.join(case, "profiles", profile))
        candidates.append(os.path.join(folder, "house-style.xml"))
    return next((c for c in candidates if os.path.exists(c)), None)


def pdf_crop(style_path):
    """pdftotext options for the text area: the cut lies halfway between the
    header (footer) line and the margin."""
    page = ET.parse(style_path).getroot().find("page")
    a = {k: length_pt(v) for k, v in page.attrib.items()}
    top = (a["header-distance"] + a["margin-top"]) / 2
    bottom = a["height"] - (a["footer-distance"] + a["margin-bottom"]) / 2
    return ["-x", "0", "-y", str(int(top)), "-W", str(int(a["width"]) + 1),
            "-H", str(int(bottom - top))]


def header_rows(tree_path):
    """The words of each table header row in a tree dump."""
    rows = []
    for row in ET.parse(tree_path).getroot().iter("row"):
        if row.get("header") == "yes":
            rows.append(" ".join("".join(row.itertext()).split()).split())
    return [r for r in rows if r]


def pdf_words(pdf, crop, heads):
    """The words of the PDF's text area, page by page, without the header
    rows a table repeats at the top of each page it continues on."""
    run = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8"] + crop + [pdf, "-"],
                         capture_output=True, text=True, check=True)
    words, seen = [], set()
    for number, page in enumerate(run.stdout.split("\f")):
        page_words = page.replace("\u00a0", " ").split()
        for h in heads:
            if page_words[: len(h)] == h:
                if number and tuple(h) in seen:
                    page_words = page_words[len(h):]
                break
        text = " " + " ".join(page_words) + " "
        seen.update(tuple(h) for h in heads if " " + " ".join(h) + " " in text)
        words += page_words
    return words


def same_words(want, got):
    """(None, joins) if got is want word for word, else (what differs, 0).
    Two things pdftotext does are not differences: a word the PDF broke
    across lines (a long web address, or with a hyphen pango added) comes
    out in pieces, and two words with a kerned space between them ("t A" in
    Liberation Serif is narrower than pdftotext's idea of a space) come out
    as one.  joins counts the second kind."""
    i = j = joins = 0
    while i < len(want) and j < len(got):
        if want[i] == got[j]:
            i, j = i + 1, j + 1
            continue
        pieces = joined_pieces(want[i], got, j)
        if pieces:
            i, j = i + 1, j + pieces
            continue
        words = joined_pieces(got[j], want, i)
        if words:
            i, j, joins = i + words, j + 1, joins + 1
            continue
        return ("word %d: the text has %r, the PDF %r" % (
            i + 1, " ".join(want[max(0, i - 3): i + 4]), " ".join(got[max(0, j - 3): j + 4])),
            0)
    if i < len(want) or j < len(got):
        return "the text has %d words, the PDF %d" % (len(want), len(got)), 0
    return None, joins


def joined_pieces(word, pieces, k):
    """How many of pieces[k:], joined, make word (a piece may end in a
    hyphen the break added); 0 if they do not.  At least two."""
    joined, n = "", 0
    while k + n < len(pieces) and len(joined) < len(word):
        piece = pieces[k + n]
        if piece.endswith("-") and not word[len(joined):].startswith(piece):
            piece = piece[:-1]
        joined, n = joined + piece, n + 1
        if not word.startswith(joined):
            return 0
    return n if joined == word and n > 1 else 0


def page_count(pdf):
    run = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", run.stdout, re.M).group(1))


def check_pdf(case, docs, out, expected, update, report):
    style = house_style_of(case)
    if not style:
        report.fail("pdf: cannot find the case's house style (input/house-style.xml or "
                    "its profile's)")
        return
    crop = pdf_crop(style)
    for doc in sorted(docs):
        pdf = os.path.join(out, doc + ".pdf")
        txt = os.path.join(expected, doc + ".txt")
        pages_file = os.path.join(expected, doc + ".pages")
        try:
            pages = page_count(pdf)
            tree = os.path.join(out, doc + ".tree.xml")
            heads = header_rows(tree) if os.path.exists(tree) else []
            got = pdf_words(pdf, crop, heads)
        except (subprocess.CalledProcessError, AttributeError, OSError) as e:
            report.fail("%s.pdf cannot be read: %s" % (doc, e))
            continue
        if update:
            open(pages_file, "w").write("%d\n" % pages)
        if not os.path.exists(txt):
            report.fail("%s.pdf: its text is compared with expected/%s.txt, which is missing"
                        % (doc, doc))
            continue
        rows = table_rows.tree_rows(tree) if os.path.exists(tree) else []
        text = read_text(txt)
        # A full version's text opens with its marking, and so does its PDF
        # (its first paragraph; the running header is cropped off).
        want = text.replace("\u00a0", " ").split()
        want = [w for w in table_rows.canonical(want, rows) if w is not None]
        got = [w for w in table_rows.canonical(got, rows) if w is not None]
        difference, joins = same_words(want, got)
        if difference:
            report.fail("%s.pdf: its text differs from expected/%s.txt: %s"
                        % (doc, doc, difference))
        else:
            report.ok("%s.pdf: the same words as the text (%d words; %d pairs read as one "
                      "word across a kerned space)" % (doc, len(got), joins))
        try:
            want_pages = int(read_text(pages_file).strip())
        except (OSError, ValueError):
            report.fail("%s.pdf: no page count in expected/%s.pages (UPDATE_GOLDEN=1)"
                        % (doc, doc))
            continue
        if pages == want_pages:
            report.ok("%s.pdf: %d pages, as recorded" % (doc, pages))
        else:
            report.fail("%s.pdf: %d pages, expected/%s.pages says %d" % (doc, pages, doc,
                                                                       want_pages))


# ---- the case --------------------------------------------------------------

def update_expected(modes, docs_by_format, out, expected):
    """Copy the exact-mode outputs into expected/ and remove the expected
    files of documents no longer made."""
    os.makedirs(expected, exist_ok=True)
    made = set().union(*docs_by_format.values()) if docs_by_format else set()
    for name in os.listdir(expected):
        doc = re.sub(r"\.(tree\.xml|txt|pages)$", "", name)
        if doc not in made:
            os.remove(os.path.join(expected, name))
    for fmt, mode in modes:
        if mode == "exact":
            for doc in docs_by_format[fmt]:
                shutil.copyfile(os.path.join(out, doc + "." + fmt),
                                os.path.join(expected, doc + "." + fmt))


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "") for a in argv
                if a.startswith("--"))
    if len(args) != 2 or set(opts) - {"shared", "update"}:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    case, out = args
    expected = os.path.join(case, "expected")
    report = Report()
    modes = read_modes(case, report)
    docs_by_format = {fmt: documents(out, fmt) for fmt, _ in modes}
    for fmt, docs in docs_by_format.items():
        if not docs:
            report.fail("the build wrote no .%s file into %s" % (fmt, out))
    if "update" in opts and not report.failures:
        update_expected(modes, docs_by_format, out, expected)
        print("updated %s" % expected)
    # The documents the expected files name must be the ones the build made.
    made = set().union(*docs_by_format.values()) if docs_by_format else set()
    wanted = documents(expected, "txt") | documents(expected, "tree.xml")
    for doc in sorted(wanted - made):
        report.fail("expected/%s.* names a document the build did not make" % doc)
    for fmt, mode in modes:
        docs = docs_by_format[fmt]
        if fmt in ("txt", "tree.xml"):
            check_exact(fmt, docs, out, expected, report)
        elif fmt == "docx":
            check_docx(docs, out, expected, opts.get("shared"), report)
        elif fmt == "pdf":
            check_pdf(case, docs, out, expected, "update" in opts, report)
    print("%s: %s" % (os.path.basename(os.path.normpath(case)),
                      "FAIL (%d)" % report.failures if report.failures else "PASS"))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
