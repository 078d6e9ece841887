#!/usr/bin/env python3
"""make_broken_docx.py - a good minimal .docx and one broken copy per check.

usage: make_broken_docx.py OUTDIR
       make_broken_docx.py --list

Writes OUTDIR/good.docx, a small WordprocessingML package that passes every
docx_accessibility.py check (Title, Heading1, Heading2, a link with
descriptive text, a data table with a header row, a layout table in a
bordered table style with its lines switched off, an unstyled paragraph, a
bold lead-in, a described picture, a styled header and footer, the language in
docDefaults and settings, a core title), and for every variant in VARIANTS
a copy with one part edited: OUTDIR/<variant>.docx.  OUTDIR/variants.tsv
lists FILE <TAB> CHECK-ID <TAB> STATUS <TAB> OPTIONS <TAB> what was broken,
where STATUS is the status docx_accessibility.py must give CHECK-ID (FAIL or
WARN) when run with OPTIONS (- for none), every other check staying ok.

The parts are text templates edited with plain string replacement: each
edit names the exact text it replaces and stops if it is not there.
Standard library only.  Exit 0 done, 1 an edit found nothing to edit, 2 usage.
"""
import os
import struct
import sys
import zipfile
import zlib

NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
DRAWING_NAMESPACES = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
LINK_URL = "https://example.org/"
IMAGE_EMU = 457200  # half an inch


def png(width, height, rgb_rows):
    """A PNG image (8-bit RGB) made with zlib only."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\0" + bytes(row) for row in rgb_rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def para(style, text):
    return '<w:p><w:pPr><w:pStyle w:val="%s"/></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>' % (style, text)


def cell(style, text, borders=""):
    return ('<w:tc><w:tcPr><w:tcW w:w="4513" w:type="dxa"/>%s</w:tcPr>%s</w:tc>'
            % (borders, para(style, text)))


NONE_BORDERS = "".join('<w:%s w:val="none" w:sz="0" w:space="0" w:color="auto"/>' % edge
                       for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))

DATA_TABLE = (
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9026" w:type="dxa"/></w:tblPr>'
    '<w:tblGrid><w:gridCol w:w="4513"/><w:gridCol w:w="4513"/></w:tblGrid>'
    '<w:tr><w:trPr><w:tblHeader/></w:trPr>%s%s</w:tr>'
    '<w:tr>%s%s</w:tr></w:tbl>'
    % (cell("TableHeading", "Name"), cell("TableHeading", "Value"),
       cell("TableText", "Pages"), cell("TableText", "1")))

# A front sheet: the council's bordered table style, its lines switched off.
LAYOUT_TABLE = (
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9026" w:type="dxa"/>'
    '<w:tblBorders>%s</w:tblBorders></w:tblPr>'
    '<w:tblGrid><w:gridCol w:w="4513"/><w:gridCol w:w="4513"/></w:tblGrid>'
    '<w:tr>%s%s</w:tr><w:tr>%s%s</w:tr></w:tbl>'
    % (NONE_BORDERS, cell("Signature", "17th December 2019"), cell("Signature", "A. Officer"),
       cell("Signature", ""), cell("Signature", "Chief Executive")))

PICTURE = (
    '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:drawing>'
    '<wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="%(emu)d" cy="%(emu)d"/>'
    '<wp:docPr id="1" name="Picture 1" descr="Three coloured squares, a test image"/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="rIdImage"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%(emu)d" cy="%(emu)d"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>' % {"emu": IMAGE_EMU})

LINK_PARAGRAPH = (
    '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t xml:space="preserve">See </w:t></w:r>'
    '<w:hyperlink r:id="rIdLink" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
    '<w:t>the example web site</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>')

DOCUMENT = (
    DECLARATION + '<w:document %s %s><w:body>' % (NAMESPACES, DRAWING_NAMESPACES)
    + para("Title", "Minimal accessible paper")
    + para("Heading1", "Purpose")
    + para("Normal", "This document passes every accessibility check.")
    + '<w:p><w:r><w:t>A paragraph in the default style, naming none.</w:t></w:r></w:p>'
    + '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>RESOLVED \u2013</w:t></w:r></w:p>'
    + LINK_PARAGRAPH
    + para("Heading2", "Figures")
    + DATA_TABLE
    + para("Normal", "Signed:")
    + LAYOUT_TABLE
    + PICTURE
    + '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
    '<w:footerReference w:type="default" r:id="rIdFooter"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
    'w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>')


def style(kind, style_id, name, body="", default=False, based_on=None):
    return ('<w:style w:type="%s"%s w:styleId="%s"><w:name w:val="%s"/>%s%s</w:style>'
            % (kind, ' w:default="1"' if default else "", style_id, name,
               '<w:basedOn w:val="%s"/>' % based_on if based_on else "", body))


def heading_style(level):
    return style("paragraph", "Heading%d" % level, "heading %d" % level,
                 '<w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="%d"/></w:pPr>'
                 '<w:rPr><w:b/></w:rPr>' % (level - 1), based_on="Normal")


GRID_BORDERS = "".join('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % edge
                       for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))

STYLES = (
    DECLARATION + '<w:styles %s>' % NAMESPACES
    + '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
    '<w:sz w:val="24"/><w:lang w:val="en-GB" w:eastAsia="en-GB"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="200"/></w:pPr></w:pPrDefault></w:docDefaults>'
    + style("paragraph", "Normal", "Normal", "<w:qFormat/>", default=True)
    + style("paragraph", "Title", "Title", '<w:qFormat/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>',
            based_on="Normal")
    + "".join(heading_style(level) for level in (1, 2, 3, 4))
    + style("paragraph", "TableHeading", "Table Heading", "<w:rPr><w:b/></w:rPr>", based_on="Normal")
    + style("paragraph", "TableText", "Table Text", based_on="Normal")
    + style("paragraph", "Signature", "Signature", based_on="Normal")
    + style("paragraph", "Header", "header", based_on="Normal")
    + style("paragraph", "Footer", "footer", based_on="Normal")
    + style("character", "Hyperlink", "Hyperlink",
            '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>')
    + style("table", "TableNormal", "Normal Table",
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/></w:tblPr>', default=True)
    + style("table", "TableGrid", "Table Grid",
            '<w:tblPr><w:tblBorders>%s</w:tblBorders></w:tblPr>' % GRID_BORDERS,
            based_on="TableNormal")
    + '</w:styles>')

SETTINGS = (DECLARATION + '<w:settings %s><w:defaultTabStop w:val="720"/>'
            '<w:themeFontLang w:val="en-GB"/></w:settings>' % NAMESPACES)
HEADER = DECLARATION + '<w:hdr %s>%s</w:hdr>' % (NAMESPACES, para("Header", "Test paper"))
FOOTER = DECLARATION + '<w:ftr %s>%s</w:ftr>' % (NAMESPACES, para("Footer", "Page 1"))

CORE = (DECLARATION +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:title>Minimal accessible paper</dc:title><dc:creator>Papers test suite</dc:creator>'
        '<dc:language>en-GB</dc:language>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2019-12-17T00:00:00Z</dcterms:created>'
        '</cp:coreProperties>')

MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CONTENT_TYPES = (
    DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" ContentType="%(m)sdocument.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="%(m)sstyles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="%(m)ssettings+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="%(m)sheader+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="%(m)sfooter+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '</Types>' % {"m": MAIN})

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def relationships(entries):
    return (DECLARATION + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships">' + "".join(
                '<Relationship Id="%s" Type="%s" Target="%s"%s/>'
                % (rid, kind, target, ' TargetMode="External"' if external else "")
                for rid, kind, target, external in entries) + '</Relationships>')


PACKAGE_RELS = relationships([
    ("rId1", REL + "officeDocument", "word/document.xml", False),
    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
     "docProps/core.xml", False)])
DOCUMENT_RELS = relationships([
    ("rIdStyles", REL + "styles", "styles.xml", False),
    ("rIdSettings", REL + "settings", "settings.xml", False),
    ("rIdHeader", REL + "header", "header1.xml", False),
    ("rIdFooter", REL + "footer", "footer1.xml", False),
    ("rIdImage", REL + "image", "media/image1.png", False),
    ("rIdLink", REL + "hyperlink", LINK_URL, True)])


def good_parts():
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": DOCUMENT,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": STYLES,
        "word/settings.xml": SETTINGS,
        "word/header1.xml": HEADER,
        "word/footer1.xml": FOOTER,
        "docProps/core.xml": CORE,
        "word/media/image1.png": png(2, 2, [[200, 30, 30, 30, 200, 30], [30, 30, 200, 230, 230, 230]]),
    }


def write_docx(path, parts):
    """A deterministic ZIP: fixed order and timestamps, deflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2019, 12, 17, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)


class NotFound(Exception):
    pass


def replace(parts, part, old, new):
    """parts with the one occurrence of old in part replaced by new."""
    if parts[part].count(old) != 1:
        raise NotFound("%s: expected %r once, found it %d times" % (part, old, parts[part].count(old)))
    edited = dict(parts)
    edited[part] = parts[part].replace(old, new)
    return edited


DOC, STY, SET, FTR, CORE_PART = ("word/document.xml", "word/styles.xml", "word/settings.xml",
                                 "word/footer1.xml", "docProps/core.xml")

# (variant, check, expected status, options, what is broken, edit(parts) -> parts)
VARIANTS = [
    ("bold-heading-by-hand", "DOCX-fake-heading", "FAIL", "-",
     "a short Normal paragraph made bold by hand",
     lambda p: replace(p, DOC, para("Heading2", "Figures"),
                       '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b/>'
                       '</w:rPr><w:t>Background</w:t></w:r></w:p>' + para("Heading2", "Figures"))),
    ("large-heading-by-hand", "DOCX-fake-heading", "FAIL", "-",
     "a short unstyled paragraph set in 16 pt by hand",
     lambda p: replace(p, DOC, para("Heading2", "Figures"),
                       '<w:p><w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>Costs</w:t></w:r></w:p>'
                       + para("Heading2", "Figures"))),
    ("first-heading-2", "DOCX-heading-first", "FAIL", "-", "the Heading1 made Heading2",
     lambda p: replace(p, DOC, para("Heading1", "Purpose"), para("Heading2", "Purpose"))),
    ("no-headings", "DOCX-heading-first", "FAIL", "-", "both headings made Normal",
     lambda p: replace(replace(p, DOC, para("Heading1", "Purpose"), para("Normal", "Purpose")),
                       DOC, para("Heading2", "Figures"), para("Normal", "Figures"))),
    ("heading-skipped", "DOCX-heading-order", "FAIL", "-", "the Heading2 made Heading3",
     lambda p: replace(p, DOC, para("Heading2", "Figures"), para("Heading3", "Figures"))),
    ("heading-4", "DOCX-heading-depth", "FAIL", "-", "Heading3 and Heading4 after the Heading2",
     lambda p: replace(p, DOC, para("Heading2", "Figures"),
                       para("Heading2", "Figures") + para("Heading3", "Detail")
                       + para("Heading4", "More detail"))),
    ("no-table-header", "DOCX-table-header", "FAIL", "-", "the data table's w:tblHeader removed",
     lambda p: replace(p, DOC, "<w:trPr><w:tblHeader/></w:trPr>", "")),
    ("layout-table-with-lines", "DOCX-table-header", "FAIL", "-",
     "the front sheet's own borders removed, so its style draws lines",
     lambda p: replace(p, DOC, "<w:tblBorders>%s</w:tblBorders>" % NONE_BORDERS, "")),
    ("picture-without-descr", "DOCX-image-alt", "FAIL", "-", "the picture's descr emptied",
     lambda p: replace(p, DOC, 'descr="Three coloured squares, a test image"', 'descr=""')),
    ("link-text-is-url", "DOCX-link-text", "WARN", "-", "the link text made its URL",
     lambda p: replace(p, DOC, "<w:t>the example web site</w:t>", "<w:t>%s</w:t>" % LINK_URL)),
    ("link-text-is-url", "DOCX-link-text", "FAIL", "--strict", "the same, with --strict", None),
    ("link-without-text", "DOCX-link-text", "FAIL", "-", "the link text removed",
     lambda p: replace(p, DOC, "<w:t>the example web site</w:t>", "")),
    ("no-language", "DOCX-lang", "FAIL", "-", "w:lang removed from docDefaults",
     lambda p: replace(p, STY, '<w:lang w:val="en-GB" w:eastAsia="en-GB"/>', "")),
    ("theme-language-differs", "DOCX-lang", "FAIL", "-", "settings w:themeFontLang fr-FR",
     lambda p: replace(p, SET, '<w:themeFontLang w:val="en-GB"/>', '<w:themeFontLang w:val="fr-FR"/>')),
    ("empty-title", "DOCX-core-title", "FAIL", "-", "core dc:title emptied",
     lambda p: replace(p, CORE_PART, "<dc:title>Minimal accessible paper</dc:title>",
                       "<dc:title></dc:title>")),
]


def main(argv):
    if argv == ["--list"]:
        for variant, check, status, options, what, _ in VARIANTS:
            print("%-24s %-20s %-4s %-8s %s" % (variant, check, status, options, what))
        return 0
    if len(argv) != 1:
        sys.stderr.write("usage: make_broken_docx.py OUTDIR\n       make_broken_docx.py --list\n")
        return 2
    outdir = argv[0]
    os.makedirs(outdir, exist_ok=True)
    good = good_parts()
    write_docx(os.path.join(outdir, "good.docx"), good)
    lines = []
    try:
        for variant, check, status, options, what, edit in VARIANTS:
            if edit is not None:
                write_docx(os.path.join(outdir, variant + ".docx"), edit(good))
            lines.append("\t".join((variant + ".docx", check, status, options, what)) + "\n")
    except NotFound as e:
        sys.stderr.write("make_broken_docx: %s\n" % e)
        return 1
    with open(os.path.join(outdir, "variants.tsv"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
