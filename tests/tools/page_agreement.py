#!/usr/bin/env python3
"""page_agreement.py - do two PDFs of one paper break their pages in the same places?

usage: page_agreement.py [--words N] [--min-share S] [--area-from FILE.docx] [--json]
                         A.pdf B.pdf [A2.pdf B2.pdf ...]

For each pair (the PDF writer's file and LibreOffice's PDF of the same paper's
.docx) compares the page counts and, page by page, the first N words (default
4) of the page's text as pdftotext reads it.  Page furniture is left out:
with --area-from, only the text area the .docx's page margins leave (w:pgSz,
w:pgMar, with 2 pt to spare) is read, for the pairs after it on the command
line (up to the next --area-from); without it, a line that stands, digits
aside, among the first or last three of every page of both files is taken
for furniture.

Prints one line per pair:

    A.pdf B.pdf: pages 5/5, first words agree on 5 of 5 pages
    page 3: 'Consultation undertaken The' / 'in the county. Consultation'

then a total "page_agreement: P pairs, pages equal in E, first words agree
on K of T pages (X%)".  Exit status: 0 when every pair has the same number
of pages, 1 otherwise (the caller decides what share of first words it
needs: --min-share S makes fewer than S agreeing pages a failure too), 2
usage or a file pdftotext cannot read.  Needs pdftotext (poppler-utils).
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

DEFAULT_WORDS = 4
AREA_SPARE = 2  # pt beyond the margins: a line's box may reach a little past them
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_area(path):
    """(x, y, width, height) in pt of the text area of the .docx's first section."""
    with zipfile.ZipFile(path) as z:
        body = ET.fromstring(z.read("word/document.xml"))
    sect = body.find(W + "body/" + W + "sectPr")
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    twips = lambda e, k: int(e.get(W + k)) / 20.0
    top, bottom = twips(margins, "top") - AREA_SPARE, twips(margins, "bottom") - AREA_SPARE
    return 0, top, twips(size, "w"), twips(size, "h") - top - bottom


def page_texts(path, area=None):
    """The text of each page of path, as pdftotext -raw reads it (in area)."""
    crop = []
    if area:
        crop = ["-r", "72"] + [a for k, v in zip(("-x", "-y", "-W", "-H"), area)
                                for a in (k, str(int(round(v))))]
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8"] + crop + [path, "-"],
                         capture_output=True, check=False)
    if out.returncode != 0:
        raise OSError("pdftotext cannot read %s: %s" % (path, out.stderr.decode(errors="replace")))
    pages = out.stdout.decode("utf-8", errors="replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[line.strip() for line in page.split("\n") if line.strip()] for page in pages]


def furniture(pages):
    """Lines that stand at a page's top or foot on every page (digits aside)."""
    def shape(line):
        return re.sub(r"[0-9]+", "#", line)
    if len(pages) < 2:
        return set()
    found = set()
    for edge in (slice(0, 3), slice(-3, None)):
        common = None
        for lines in pages:
            shapes = {shape(l) for l in lines[edge]}
            common = shapes if common is None else common & shapes
        found |= common or set()
    return found


def first_words(pages, n, drop):
    result = []
    for lines in pages:
        words = []
        for line in lines:
            if re.sub(r"[0-9]+", "#", line) in drop:
                continue
            words.extend(line.split())
            if len(words) >= n:
                break
        result.append(" ".join(words[:n]))
    return result


def compare(a, b, n, area):
    pa, pb = page_texts(a, area), page_texts(b, area)
    # Furniture is found over both files' pages: a one-page paper has it too.
    drop = set() if area else furniture(pa + pb)
    wa, wb = first_words(pa, n, drop), first_words(pb, n, drop)
    differ = [(i + 1, x, y) for i, (x, y) in enumerate(zip(wa, wb)) if x != y]
    shared = min(len(wa), len(wb))
    return {"a": a, "b": b, "pages_a": len(pa), "pages_b": len(pb),
            "agree": shared - len(differ), "total": max(len(wa), len(wb)),
            "differ": [{"page": p, "a": x, "b": y} for p, x, y in differ]}


def usage():
    sys.stderr.write("usage: page_agreement.py [--words N] [--min-share S] "
                     "[--area-from FILE.docx] [--json] A.pdf B.pdf ...\n")
    return 2


def main(argv):
    n, as_json, min_share, area, files, areas = DEFAULT_WORDS, False, None, None, [], []
    args = iter(argv)
    for arg in args:
        if arg == "--words":
            n = int(next(args, "0"))
        elif arg == "--min-share":
            min_share = float(next(args, "0"))
        elif arg == "--area-from":
            if len(files) % 2:
                return usage()
            try:
                area = docx_area(next(args, ""))
            except (OSError, KeyError, AttributeError, TypeError, zipfile.BadZipFile) as e:
                sys.stderr.write("page_agreement: --area-from: %s\n" % e)
                return 2
        elif arg == "--json":
            as_json = True
        elif arg in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        else:
            files.append(arg)
            areas.append(area)
    if not files or len(files) % 2 or n < 1:
        return usage()
    try:
        results = [compare(files[i], files[i + 1], n, areas[i])
                   for i in range(0, len(files), 2)]
    except OSError as e:
        sys.stderr.write("page_agreement: %s\n" % e)
        return 2
    equal = sum(1 for r in results if r["pages_a"] == r["pages_b"])
    agree = sum(r["agree"] for r in results)
    total = sum(r["total"] for r in results)
    share = agree / total if total else 1.0
    if as_json:
        json.dump({"pairs": results, "equal": equal, "agree": agree, "total": total},
                  sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        for r in results:
            print("%s %s: pages %d/%d, first words agree on %d of %d pages"
                  % (r["a"], r["b"], r["pages_a"], r["pages_b"], r["agree"], r["total"]))
            for d in r["differ"]:
                print("    page %d: %r / %r" % (d["page"], d["a"], d["b"]))
        print("page_agreement: %d pairs, pages equal in %d, first words agree on %d of %d "
              "pages (%.0f%%)" % (len(results), equal, agree, total, 100 * share))
    if equal != len(results):
        return 1
    if min_share is not None and share < min_share:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
