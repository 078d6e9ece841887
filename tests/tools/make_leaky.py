#!/usr/bin/env python3
"""Make deliberately leaky files, each hiding one marker in a place the leak
check (leak_check.py) must search, so a test can prove the check catches it.

usage: make_leaky.py MARKER PUBLIC.docx OUT_DIR

Writes into OUT_DIR, each holding MARKER once and only where its name says:
  custom-part.docx     PUBLIC.docx with a docProps/custom.xml part holding the
                       marker in UTF-16LE (a custom document property)
  char-refs.docx       PUBLIC.docx with the marker in word/document.xml as
                       character references (&#76;&#69;...), split over two runs
  relationship.docx    PUBLIC.docx with a hyperlink relationship whose target
                       holds the marker
  compressed.pdf       a one-page PDF with the marker shown by a Flate-
                       compressed content stream
  outline.pdf          a PDF with the marker only in a bookmark title, a
                       UTF-16BE hex string
  escaped-info.pdf     a PDF with the marker only in its Info /Keywords, a
                       literal string written with octal escapes
  refs.html            a web page with the marker as hexadecimal references
  plain.txt            the marker in plain text
"""
import os
import sys
import zipfile
import zlib


def copy_docx(src, dst, change):
    """Copy a DOCX package, passing each (name, data) through change, which
    returns the new data; change(None, None) may return extra parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))
        for name, data in change(None, None) or []:
            zout.writestr(name, data)


def char_refs(text):
    return "".join("&#%d;" % ord(c) for c in text)


def pdf_file(objects, trailer_extra=""):
    """A PDF from object bodies (1-based numbering), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, trailer_extra.encode(), xref))
    return bytes(out)


def stream(data, compress):
    if compress:
        packed = zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + \
            b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def page_pdf(content, compress, catalog_extra=b"", extra_objects=(), trailer_extra=""):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content, compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += list(extra_objects)
    return pdf_file(objects, trailer_extra)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    marker, docx, out = argv
    os.makedirs(out, exist_ok=True)
    custom = ('<?xml version="1.0" encoding="UTF-16"?><Properties xmlns="http://schemas.'
              'openxmlformats.org/officeDocument/2006/custom-properties"><property '
              'name="Note"><vt:lpwstr xmlns:vt="x">%s</vt:lpwstr></property></Properties>'
              % marker).encode("utf-16-le")
    copy_docx(docx, os.path.join(out, "custom-part.docx"),
              lambda n, d: [("docProps/custom.xml", custom)] if n is None else d)
    half = len(marker) // 2
    runs = ("%s</w:t></w:r><w:r><w:t>%s" % (char_refs(marker[:half]),
                                             char_refs(marker[half:]))).encode()

    def split_runs(name, data):
        if name is None:
            return None
        if name == "word/document.xml":
            return data.replace(b"</w:t>", runs + b"</w:t>", 1)
        return data
    copy_docx(docx, os.path.join(out, "char-refs.docx"), split_runs)

    def link(name, data):
        if name is None:
            return None
        if name == "word/_rels/document.xml.rels":
            rel = ('<Relationship Id="rIdLeak" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/hyperlink" Target="https://%s.example/" '
                   'TargetMode="External"/></Relationships>' % marker.lower()).encode()
            return data.replace(b"</Relationships>", rel)
        return data
    copy_docx(docx, os.path.join(out, "relationship.docx"), link)

    text = b"BT /F1 12 Tf 72 720 Td (Public words " + marker.encode() + b") Tj ET"
    open(os.path.join(out, "compressed.pdf"), "wb").write(page_pdf(text, True))

    title = ("\ufeff" + marker).encode("utf-16-be").hex().upper().encode()
    outline = [b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
               b"<< /Title <" + title + b"> /Parent 6 0 R /Dest [3 0 R /Fit] >>"]
    open(os.path.join(out, "outline.pdf"), "wb").write(
        page_pdf(b"BT /F1 12 Tf 72 720 Td (Public) Tj ET", False, b"/Outlines 6 0 R", outline))

    octal = "".join("\\%03o" % b for b in marker.encode())
    info = [b"<< /Keywords (" + octal.encode() + b") >>"]
    open(os.path.join(out, "escaped-info.pdf"), "wb").write(
        page_pdf(b"BT /F1 12 Tf 72 720 Td (Public) Tj ET", False, b"", info, "/Info 6 0 R"))

    refs = "".join("&#x%X;" % ord(c) for c in marker)
    open(os.path.join(out, "refs.html"), "w").write(
        "<!DOCTYPE html><html lang=\"en\"><title>x</title><p>Public %s</p></html>\n" % refs)
    open(os.path.join(out, "plain.txt"), "w").write("Public words %s\n" % marker)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
