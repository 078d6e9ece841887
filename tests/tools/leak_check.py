#!/usr/bin/env python3
"""Search files for marker words, in every form a value can take inside them.

usage: leak_check.py --markers FILE (--absent | --present) FILE...

FILE of --markers holds one marker a line ('#' starts a comment).  With
--absent (the public files) every marker must be found in none of the
files: exit 1 naming each file, marker and place found.  With --present
(the exempt files) every marker must be found in at least one of them.

What is searched, per file:
  every file   its bytes as they are
  .docx .zip   every member of the package (each part, [Content_Types].xml,
               docProps/ and every .rels), and each XML part's text once
               its tags are removed and its character references decoded
               (a marker split over runs, or written &#76;EAK...)
  .pdf         the file uncompressed by qpdf (--qdf --object-streams=disable:
               every stream decoded, content streams included); every PDF
               string in it decoded (literal with its escapes, hex; UTF-16BE
               or PDFDocEncoding) and every name's #xx escapes; the text
               pdftotext extracts; pdfinfo's properties and XMP metadata
               (-meta); the outline (qpdf --json)
  .xml .html .txt  the text, and again with character references decoded
Each form is searched for the marker in UTF-8 and in UTF-16 (both byte
orders), ignoring case.

Exit 0 when the files pass, 1 when they do not, 2 on usage errors or a
tool that cannot run (qpdf, pdftotext, pdfinfo are Debian's qpdf and
poppler-utils).
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile


def read_markers(path):
    markers = []
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            markers.append(line)
    return markers


def run(args):
    try:
        return subprocess.run(args, check=False, capture_output=True).stdout
    except OSError as e:
        sys.stderr.write("leak_check: cannot run %s: %s\n" % (args[0], e))
        sys.exit(2)


def xml_text(data):
    """An XML part's character data: tags dropped, references decoded."""
    text = data.decode("utf-8", "replace")
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def pdf_literal(body):
    """A PDF literal string's bytes, its escapes undone."""
    out = bytearray()
    i = 0
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(body):
        c = body[i]
        if c != 0x5C:  # backslash
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(body):
            break
        c = body[i]
        if c in escapes:
            out.append(escapes[c])
            i += 1
        elif 0x30 <= c <= 0x37:
            digits = re.match(rb"[0-7]{1,3}", body[i:i + 3]).group(0)
            out.append(int(digits, 8) & 0xFF)
            i += len(digits)
        elif c in (0x0A, 0x0D):  # a line continued
            i += 1
        else:
            out.append(c)
            i += 1
    return bytes(out)


def pdf_string_text(raw):
    """A PDF string's bytes as text: UTF-16BE with its mark, else PDFDocEncoding
    (close enough to Latin-1 for markers)."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")


# Streams whose data is not PDF syntax (fonts, images, colour profiles):
# their bytes are searched as they are, but not read for strings, where a
# stray "(" would swallow what follows.
BINARY_STREAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(Image|CIDFontType0C|Type1C|OpenType)"
                           rb"|/N\s+[134]\b|/Type\s*/Metadata")


def pdf_strings(data):
    """Every string and name of an uncompressed PDF, decoded, one a line:
    each object's dictionary and each stream of PDF syntax (content
    streams, with their /ActualText and text) read on its own."""
    found = []
    pos = 0
    for m in re.finditer(rb"stream\r?\n", data):
        if m.start() < pos:
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            break
        head = data[pos:m.start()]
        found.append(pdf_syntax_strings(head))
        dictionary = head[head.rfind(b" obj"):]
        if not BINARY_STREAM.search(dictionary):
            found.append(pdf_syntax_strings(data[m.end():end]))
        pos = end + len(b"endstream")
    found.append(pdf_syntax_strings(data[pos:]))
    return "\n".join(found)


def pdf_syntax_strings(data):
    """Every string and name in a stretch of PDF syntax, decoded."""
    found = []
    i = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x28:  # ( literal string, balanced parentheses
            depth, j = 1, i + 1
            while j < n and depth:
                if data[j] == 0x5C:
                    j += 2
                    continue
                depth += {0x28: 1, 0x29: -1}.get(data[j], 0)
                j += 1
            found.append(pdf_string_text(pdf_literal(data[i + 1:j - 1])))
            i = j
        elif data[i:i + 2] == b"<<":  # a dictionary, not a string
            i += 2
        elif c == 0x3C:  # <hex>
            j = data.find(b">", i)
            if j < 0:
                break
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", data[i + 1:j])
            if len(digits) % 2:
                digits += b"0"
            found.append(pdf_string_text(bytes.fromhex(digits.decode())))
            i = j + 1
        elif c == 0x2F:  # /Name with #xx escapes
            m = re.match(rb"/[^\s/<>\[\]()%{}]*", data[i:])
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda g: bytes([int(g.group(1), 16)]),
                          m.group(0))
            found.append(name.decode("latin-1"))
            i += len(m.group(0))
        else:
            i += 1
    return "\n".join(found)


def pdf_forms(path):
    """(where, bytes or text) pairs for a PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "qdf.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, qdf],
                       check=False, capture_output=True)
        uncompressed = open(qdf, "rb").read() if os.path.exists(qdf) else b""
    if not uncompressed:
        sys.stderr.write("leak_check: qpdf could not uncompress %s\n" % path)
        sys.exit(2)
    outline = run(["qpdf", "--json", "--json-key=outlines", path])
    try:
        titles = json.dumps(json.loads(outline), ensure_ascii=False)
    except ValueError:
        titles = outline.decode("utf-8", "replace")
    return [
        ("the uncompressed objects (qpdf --qdf)", uncompressed),
        ("a string or name in its objects", pdf_strings(uncompressed)),
        ("its text (pdftotext)", run(["pdftotext", "-enc", "UTF-8", path, "-"])),
        ("its properties (pdfinfo)", run(["pdfinfo", "-enc", "UTF-8", path])),
        ("its XMP metadata (pdfinfo -meta)", run(["pdfinfo", "-meta", path])),
        ("its outline (qpdf --json)", titles),
    ]


def zip_forms(path):
    forms = []
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return forms
    with z:
        for name in z.namelist():
            data = z.read(name)
            forms.append(("package part %s" % name, data))
            if name.endswith(".xml") or name.endswith(".rels"):
                forms.append(("the text of package part %s" % name, xml_text(data)))
    return forms


def forms_of(path):
    """Every form of the file worth searching: (where, bytes or str)."""
    data = open(path, "rb").read()
    forms = [("its bytes", data)]
    lower = path.lower()
    if lower.endswith(".docx") or lower.endswith(".zip"):
        forms += zip_forms(path)
    elif lower.endswith(".pdf"):
        forms += pdf_forms(path)
    elif lower.endswith((".xml", ".html", ".txt", ".htm")):
        forms.append(("its text, references decoded", html.unescape(data.decode("utf-8", "replace"))))
    return forms


def encodings(marker):
    """The marker's byte forms, lower case."""
    m = marker.lower()
    return [m.encode("utf-8"), m.encode("utf-16-le"), m.encode("utf-16-be")]


def finds(forms, marker):
    """The places (where) a marker is found in forms."""
    places = []
    for where, content in forms:
        if isinstance(content, str):
            content = content.encode("utf-8", "replace")
        haystack = content.lower()
        if any(e in haystack for e in encodings(marker)):
            places.append(where)
    return places


def main(argv):
    if len(argv) < 4 or argv[0] != "--markers" or argv[2] not in ("--absent", "--present"):
        sys.stderr.write(__doc__)
        return 2
    markers = read_markers(argv[1])
    absent = argv[2] == "--absent"
    files = argv[3:]
    if not markers or not files:
        sys.stderr.write("leak_check: no markers or no files\n")
        return 2
    found = {m: [] for m in markers}
    for path in files:
        forms = forms_of(path)
        for m in markers:
            for where in finds(forms, m):
                found[m].append((path, where))
    failures = 0
    for m in markers:
        if absent:
            for path, where in found[m]:
                print("LEAK: %s in %s (%s)" % (m, path, where))
                failures += 1
        elif not found[m]:
            print("MISSING: %s in none of the %d files" % (m, len(files)))
            failures += 1
    what = "none found" if absent else "each found"
    if failures:
        print("leak_check: FAIL (%d)" % failures)
        return 1
    print("leak_check: %d markers, %d files: %s" % (len(markers), len(files), what))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
