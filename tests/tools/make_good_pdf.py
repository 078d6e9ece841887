#!/usr/bin/env python3
"""make_good_pdf.py - a minimal PDF that passes every pdf_conformance.py check.

usage: make_good_pdf.py OUT.pdf [--json OUT.json]

Writes the document as qpdf JSON (version 2) and lets qpdf make the PDF
(qpdf --json-input), so every byte of file structure is qpdf's.  The page
has what our pipeline makes: headings H1 and H2, a paragraph with a /Lang,
a list, a table with header cells, a link (annotation, Link element, OBJR),
a figure with /Alt, and a footer marked as a pagination Artifact drawn with
transparency (ca 0.5).  Around it: an embedded TrueType font with a
ToUnicode CMap (Liberation Sans, found with fontconfig, whole font program),
an sRGB-like ICC output intent made here, XMP with PDF/A-2a and PDF/UA-1
identification (and the extension schema PDF/A needs for pdfuaid), an Info
dictionary that agrees with it, ViewerPreferences, an outline.

--json also keeps the JSON.  Needs python3 (standard library), qpdf and
fc-match (fontconfig) with fonts-liberation2, all in scripts/packages.txt.
Exit 0 done, 1 something needed is missing, 2 usage.
"""
import base64
import glob
import json
import os
import struct
import subprocess
import sys
import tempfile

TITLE = "Minimal accessible paper"
AUTHOR = "Papers test suite"
SUBJECT = "A fixture for the conformance checks"
CREATOR = "make_good_pdf.py"
PRODUCER = "qpdf"
DATE_INFO = "D:20191217000000Z"
DATE_XMP = "2019-12-17T00:00:00Z"
LANG = "en-GB"
PAGE_WIDTH, PAGE_HEIGHT = 595, 842
FONT_FAMILY = "Liberation Sans"
# The simple font covers printable ASCII: WinAnsiEncoding codes 32..126.
FIRST_CHAR, LAST_CHAR = 32, 126


class Missing(Exception):
    pass


# ----------------------------------------------------------------------------
# qpdf JSON values
# ----------------------------------------------------------------------------

def u(s):
    """A PDF text string in qpdf JSON."""
    return "u:" + s


class Objects:
    """Numbered indirect objects, written out as qpdf JSON version 2."""

    def __init__(self):
        self.entries = {}

    def reserve(self):
        ref = "%d 0 R" % (len(self.entries) + 1)
        self.entries[ref] = None
        return ref

    def set(self, ref, value):
        self.entries[ref] = {"value": value}
        return ref

    def add(self, value):
        return self.set(self.reserve(), value)

    def add_stream(self, dictionary, data):
        ref = self.reserve()
        self.entries[ref] = {"stream": {"dict": dictionary,
                                        "data": base64.b64encode(data).decode("ascii")}}
        return ref

    def json(self, trailer):
        body = {"obj:" + ref: entry for ref, entry in self.entries.items()}
        # qpdf rewrites /Size for the objects it writes, but only if the key is there.
        body["trailer"] = {"value": dict(trailer, **{"/Size": len(self.entries) + 1})}
        header = {"jsonversion": 2, "pdfversion": "1.7", "pushedinheritedpageresources": False,
                  "calledgetallpages": False, "maxobjectid": len(self.entries)}
        return {"qpdf": [header, body]}


# ----------------------------------------------------------------------------
# Font: the whole Liberation Sans program, widths read from its tables
# ----------------------------------------------------------------------------

def find_font_file():
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", FONT_FAMILY + ":style=Regular"],
                              capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        path = ""
    if path.endswith(".ttf") and "Liberation" in path and os.path.exists(path):
        return path
    found = sorted(glob.glob("/usr/share/fonts/truetype/liberation*/LiberationSans-Regular.ttf"))
    if not found:
        raise Missing("Liberation Sans is not installed (Debian package fonts-liberation2)")
    return found[0]


class TrueType:
    """The few tables of a TrueType font a PDF font dictionary needs."""

    def __init__(self, data):
        self.data = data
        count = struct.unpack(">H", data[4:6])[0]
        self.tables = {}
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            self.tables[tag.decode("latin-1")] = (offset, length)
        head = self.tables["head"][0]
        self.units = struct.unpack(">H", data[head + 18:head + 20])[0]
        self.bbox = struct.unpack(">4h", data[head + 36:head + 44])
        hhea = self.tables["hhea"][0]
        self.ascent, self.descent = struct.unpack(">hh", data[hhea + 4:hhea + 8])
        self.metrics_count = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
        os2 = self.tables["OS/2"][0]
        version = struct.unpack(">H", data[os2:os2 + 2])[0]
        self.cap_height = struct.unpack(">h", data[os2 + 88:os2 + 90])[0] if version >= 2 \
            else self.ascent
        self.cmap = self._unicode_cmap()

    def _unicode_cmap(self):
        """{code point: glyph} from the (3,1) format 4 subtable."""
        data, base = self.data, self.tables["cmap"][0]
        count = struct.unpack(">H", data[base + 2:base + 4])[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack(">HHI", data[base + 4 + 8 * i:base + 12 + 8 * i])
            sub = base + offset
            if (platform, encoding) == (3, 1) and struct.unpack(">H", data[sub:sub + 2])[0] == 4:
                return self._format4(sub)
        raise Missing("the font has no Windows Unicode (3,1) format 4 cmap")

    def _format4(self, sub):
        data = self.data
        segments = struct.unpack(">H", data[sub + 6:sub + 8])[0] // 2
        ends = sub + 14
        starts = ends + 2 * segments + 2
        deltas = starts + 2 * segments
        range_offsets = deltas + 2 * segments
        mapping = {}
        for s in range(segments):
            end, start = (struct.unpack(">H", data[a + 2 * s:a + 2 * s + 2])[0] for a in (ends, starts))
            delta = struct.unpack(">h", data[deltas + 2 * s:deltas + 2 * s + 2])[0]
            ro_at = range_offsets + 2 * s
            ro = struct.unpack(">H", data[ro_at:ro_at + 2])[0]
            for code in range(start, min(end, 0xFFFE) + 1):
                if ro == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    at = ro_at + ro + 2 * (code - start)
                    glyph = struct.unpack(">H", data[at:at + 2])[0]
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                mapping[code] = glyph
        return mapping

    def advance(self, glyph):
        hmtx = self.tables["hmtx"][0]
        index = min(glyph, self.metrics_count - 1)
        return struct.unpack(">H", self.data[hmtx + 4 * index:hmtx + 4 * index + 2])[0]

    def pdf_units(self, value):
        return round(value * 1000 / self.units)


def cmap_text(mapping, one_byte=True):
    """A ToUnicode CMap for {code: text}, in blocks of at most 100 entries."""
    width = 2 if one_byte else 4
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<%s> <%s>" % ("0" * width, "F" * width),
             "endcodespacerange"]
    codes = sorted(mapping)
    for i in range(0, len(codes), 100):
        block = codes[i:i + 100]
        lines.append("%d beginbfchar" % len(block))
        for code in block:
            lines.append("<%0*X> <%s>" % (width, code, mapping[code].encode("utf-16-be").hex().upper()))
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", ""]
    return "\n".join(lines).encode("ascii")


def add_font(objects):
    path = find_font_file()
    with open(path, "rb") as f:
        program = f.read()
    font = TrueType(program)
    widths = [font.pdf_units(font.advance(font.cmap.get(code, 0)))
              for code in range(FIRST_CHAR, LAST_CHAR + 1)]
    file_ref = objects.add_stream({"/Length1": len(program)}, program)
    descriptor = objects.add({
        "/Type": "/FontDescriptor", "/FontName": "/LiberationSans", "/Flags": 32,
        "/FontBBox": [font.pdf_units(v) for v in font.bbox], "/ItalicAngle": 0,
        "/Ascent": font.pdf_units(font.ascent), "/Descent": font.pdf_units(font.descent),
        "/CapHeight": font.pdf_units(font.cap_height), "/StemV": 80, "/FontFile2": file_ref})
    ascii_ = {c: chr(c) for c in range(FIRST_CHAR, LAST_CHAR + 1)}
    to_unicode = objects.add_stream({}, cmap_text(ascii_))
    return objects.add({
        "/Type": "/Font", "/Subtype": "/TrueType", "/BaseFont": "/LiberationSans",
        "/FirstChar": FIRST_CHAR, "/LastChar": LAST_CHAR, "/Widths": widths,
        "/Encoding": "/WinAnsiEncoding", "/FontDescriptor": descriptor, "/ToUnicode": to_unicode})


# ----------------------------------------------------------------------------
# Colour: a small ICC v2 display profile with sRGB primaries (D50-adapted)
# ----------------------------------------------------------------------------

def s15fixed16(value):
    return struct.pack(">i", round(value * 65536))


def icc_profile():
    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + s15fixed16(x) + s15fixed16(y) + s15fixed16(z)

    def text_description(s):
        ascii_ = s.encode("ascii") + b"\0"
        return (b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_)) + ascii_ +
                b"\0" * 8 + b"\0" * 3 + b"\0" * 67)

    gamma = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    tags = [(b"desc", text_description("sRGB-like test profile (papers)")),
            (b"cprt", b"text" + b"\0" * 4 + b"No copyright, use freely\0"),
            (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", gamma), (b"gTRC", gamma), (b"bTRC", gamma)]
    table_size = 4 + 12 * len(tags)
    offset, table, body = 128 + table_size, b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = 128 + table_size + len(body)
    header = (struct.pack(">I", size) + b"\0" * 4 + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " +
              b"XYZ " + struct.pack(">6H", 2019, 12, 17, 0, 0, 0) + b"acsp" + b"\0" * 4 +
              b"\0" * 4 + b"\0" * 8 + b"\0" * 8 + struct.pack(">I", 0) +
              s15fixed16(0.9642) + s15fixed16(1.0) + s15fixed16(0.8249) + b"\0" * 4 + b"\0" * 16)
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + body


# ----------------------------------------------------------------------------
# XMP
# ----------------------------------------------------------------------------

def xmp_packet():
    return """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%(title)s</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>%(author)s</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">%(subject)s</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>%(lang)s</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>%(creator)s</xmp:CreatorTool>
   <xmp:CreateDate>%(date)s</xmp:CreateDate>
   <xmp:ModifyDate>%(date)s</xmp:ModifyDate>
   <pdf:Producer>%(producer)s</pdf:Producer>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""" % {"title": TITLE, "author": AUTHOR, "subject": SUBJECT, "lang": LANG,
                          "creator": CREATOR, "date": DATE_XMP, "producer": PRODUCER}


# ----------------------------------------------------------------------------
# The page and its structure
# ----------------------------------------------------------------------------

def pdf_string(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def text_op(size, x, y, s):
    return "BT /F1 %d Tf %d %d Td %s Tj ET" % (size, x, y, pdf_string(s))


# (structure type, content) in reading order; MCIDs are the list positions.
TAGGED = [
    ("H1", text_op(20, 72, 770, TITLE)),
    ("H2", text_op(14, 72, 736, "Purpose")),
    ("P", text_op(11, 72, 716, "This file passes every conformance check.")),
    ("Lbl", text_op(11, 72, 696, "1.")),
    ("LBody", text_op(11, 90, 696, "A list item.")),
    ("TH", text_op(11, 72, 666, "Name")),
    ("TH", text_op(11, 272, 666, "Value")),
    ("TD", text_op(11, 72, 648, "Pages")),
    ("TD", text_op(11, 272, 648, "1")),
    ("Link", "0 0 0.8 rg %s 72 617 110 0.5 re f 0 0 0 rg"
     % text_op(11, 72, 620, "The example web site")),
    ("Figure", "q 40 0 0 40 72 560 cm /Im1 Do Q"),
]
FOOTER = ("/Artifact <</Type /Pagination /Subtype /Footer>> BDC q /GS1 gs 0.5 0.5 0.5 rg "
          "72 50 451 0.5 re f Q %s EMC" % text_op(9, 72, 36, "Page 1 of 1"))
LINK_RECT = [72, 615, 182, 632]
LINK_URI = "https://example.org/"


def content_stream():
    lines = ["0 0 0 rg 0 0 0 RG"]
    for mcid, (tag, ops) in enumerate(TAGGED):
        lines.append("/%s <</MCID %d>> BDC %s EMC" % (tag, mcid, ops))
    lines.append(FOOTER)
    return ("\n".join(lines) + "\n").encode("latin-1")


def build():
    objects = Objects()
    catalog, pages, page = objects.reserve(), objects.reserve(), objects.reserve()
    tree_root, outlines = objects.reserve(), objects.reserve()
    font = add_font(objects)
    profile = objects.add_stream({"/N": 3}, icc_profile())
    image = objects.add_stream({"/Type": "/XObject", "/Subtype": "/Image", "/Width": 2,
                                "/Height": 2, "/ColorSpace": "/DeviceRGB",
                                "/BitsPerComponent": 8},
                               bytes([200, 30, 30, 30, 200, 30, 30, 30, 200, 230, 230, 230]))
    contents = objects.add_stream({}, content_stream())

    # Structure: Document > H1 H2 P L(LI(Lbl LBody)) Table(TR(TH TH) TR(TD TD)) P(Link) Figure
    document = objects.reserve()
    elems = {}

    def elem(kind, parent, kids, extra=None):
        ref = objects.reserve()
        value = {"/Type": "/StructElem", "/S": "/" + kind, "/P": parent, "/K": kids}
        value.update(extra or {})
        objects.set(ref, value)
        return ref

    def leaf(mcid, parent, extra=None):
        """The element owning MCID mcid, of the type TAGGED gives it."""
        ref = elem(TAGGED[mcid][0], parent, mcid, dict({"/Pg": page}, **(extra or {})))
        elems[mcid] = ref
        return ref

    annot = objects.reserve()
    kids = [leaf(0, document), leaf(1, document), leaf(2, document, {"/Lang": u(LANG)})]
    lst = objects.reserve()
    item = objects.reserve()
    objects.set(item, {"/Type": "/StructElem", "/S": "/LI", "/P": lst,
                       "/K": [leaf(3, item), leaf(4, item)]})
    objects.set(lst, {"/Type": "/StructElem", "/S": "/L", "/P": document, "/K": [item]})
    kids.append(lst)
    table = objects.reserve()
    rows = []
    for cells in ((5, 6), (7, 8)):
        row = objects.reserve()
        scope = {"/A": {"/O": "/Table", "/Scope": "/Column"}}
        objects.set(row, {"/Type": "/StructElem", "/S": "/TR", "/P": table,
                          "/K": [leaf(c, row, scope if TAGGED[c][0] == "TH" else None)
                                 for c in cells]})
        rows.append(row)
    objects.set(table, {"/Type": "/StructElem", "/S": "/Table", "/P": document, "/K": rows})
    kids.append(table)
    link_para = objects.reserve()
    link = elem("Link", link_para, [9, {"/Type": "/OBJR", "/Obj": annot, "/Pg": page}],
                {"/Pg": page})
    elems[9] = link
    objects.set(link_para, {"/Type": "/StructElem", "/S": "/P", "/P": document, "/K": [link]})
    kids.append(link_para)
    kids.append(leaf(10, document, {"/Alt": u("Three coloured squares, a test image")}))
    objects.set(document, {"/Type": "/StructElem", "/S": "/Document", "/P": tree_root, "/K": kids})

    parent_tree = objects.add({"/Nums": [0, [elems[m] for m in range(len(TAGGED))], 1, link]})
    objects.set(tree_root, {"/Type": "/StructTreeRoot", "/K": [document],
                            "/ParentTree": parent_tree, "/ParentTreeNextKey": 2})
    objects.set(annot, {"/Type": "/Annot", "/Subtype": "/Link", "/Rect": LINK_RECT,
                        "/Border": [0, 0, 0], "/F": 4, "/StructParent": 1,
                        "/Contents": u("The example web site, example.org"),
                        "/A": {"/Type": "/Action", "/S": "/URI", "/URI": u(LINK_URI)}})
    objects.set(page, {
        "/Type": "/Page", "/Parent": pages, "/MediaBox": [0, 0, PAGE_WIDTH, PAGE_HEIGHT],
        "/Resources": {"/Font": {"/F1": font}, "/XObject": {"/Im1": image},
                       "/ExtGState": {"/GS1": {"/Type": "/ExtGState", "/ca": 0.5, "/CA": 0.5}}},
        "/Contents": contents, "/StructParents": 0, "/Tabs": "/S", "/Annots": [annot],
        "/Group": {"/Type": "/Group", "/S": "/Transparency", "/CS": "/DeviceRGB"}})
    objects.set(pages, {"/Type": "/Pages", "/Kids": [page], "/Count": 1})

    first, second = objects.reserve(), objects.reserve()
    objects.set(first, {"/Title": u(TITLE), "/Parent": outlines, "/Next": second,
                        "/Dest": [page, "/XYZ", 72, 790, 0]})
    objects.set(second, {"/Title": u("Purpose"), "/Parent": outlines, "/Prev": first,
                         "/Dest": [page, "/XYZ", 72, 754, 0]})
    objects.set(outlines, {"/Type": "/Outlines", "/First": first, "/Last": second, "/Count": 2})

    metadata = objects.add_stream({"/Type": "/Metadata", "/Subtype": "/XML"},
                                  xmp_packet().encode("utf-8"))
    objects.set(catalog, {
        "/Type": "/Catalog", "/Pages": pages, "/Lang": u(LANG),
        "/MarkInfo": {"/Marked": True}, "/StructTreeRoot": tree_root,
        "/ViewerPreferences": {"/DisplayDocTitle": True}, "/Metadata": metadata,
        "/Outlines": outlines, "/PageMode": "/UseOutlines",
        "/OutputIntents": [{"/Type": "/OutputIntent", "/S": "/GTS_PDFA1",
                            "/OutputConditionIdentifier": u("sRGB"),
                            "/Info": u("sRGB-like test profile"), "/DestOutputProfile": profile}]})
    info = objects.add({"/Title": u(TITLE), "/Author": u(AUTHOR), "/Subject": u(SUBJECT),
                        "/Creator": u(CREATOR), "/Producer": u(PRODUCER),
                        "/CreationDate": u(DATE_INFO), "/ModDate": u(DATE_INFO)})
    return objects.json({"/Root": catalog, "/Info": info})


def write_pdf(document, out_pdf, keep_json=None):
    with tempfile.TemporaryDirectory() as tmp:
        path = keep_json or os.path.join(tmp, "good.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=1)
        try:
            # PDF/A wants an end of line before each endstream; qpdf adds
            # one only when asked.
            proc = subprocess.run(["qpdf", "--json-input", "--deterministic-id",
                                   "--object-streams=disable", "--newline-before-endstream",
                                   path, out_pdf],
                                  capture_output=True, text=True)
        except FileNotFoundError:
            raise Missing("qpdf is not installed (Debian package qpdf)")
        if proc.returncode != 0:
            raise Missing("qpdf could not write %s: %s" % (out_pdf, proc.stderr.strip()))


def main(argv):
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "--json"):
        sys.stderr.write("usage: make_good_pdf.py OUT.pdf [--json OUT.json]\n")
        return 2
    try:
        write_pdf(build(), argv[0], argv[2] if len(argv) == 3 else None)
    except Missing as e:
        sys.stderr.write("make_good_pdf: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
