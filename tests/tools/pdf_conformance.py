#!/usr/bin/env python3
"""pdf_conformance.py - the project's own PDF/UA-1 and PDF/A-2a checks.

usage: pdf_conformance.py [--json] [--only ID[,ID...]] FILE.pdf...
       pdf_conformance.py --list

Reads only the PDF file, through the qpdf command (qpdf --json=2 for the
objects, --show-xref and the file's bytes for the file structure), and runs
one named check per condition of the Matterhorn Protocol 1.1 (PDF/UA-1,
ISO 14289-1) and ISO 19005-2 (PDF/A-2, level A) that a pipeline like ours
can get wrong: cairo-made tagged PDF with text, links, tables, lists,
headings, a possible logo image and an outline.  --list prints every check
with one line of explanation.

Check names say where the condition comes from:
  UA-nn-nnn    Matterhorn Protocol 1.1 failure condition (UA-7.1-... : a
               clause of ISO 14289-1 the protocol has no number for)
  A2-x.y.z     clause of ISO 19005-2 (PDF/A-2)
  A1-6.7.3     the PDF/A-1 rule the audit asked us to keep
  PDF-x.y.z    clause of ISO 32000-1 that PDF/A-2 inherits
Where PDF/UA and PDF/A-2 state the same condition the name carries both,
joined by "+", and it is still one check.

Output, one line per check:  ok|FAIL <check-id> <message>
and a last line per file:    pdf_conformance: FILE: N ok, M FAIL
With --json a single JSON document is printed instead.
A check whose input is missing (no XMP, no structure tree) passes with
"not applicable" and names the check that reports the missing input, so
each defect fails one check only.

Exit status: 0 every check passed, 1 a check failed (or qpdf cannot read a
file), 2 usage error or qpdf missing.

UA-01-001-running is a heuristic for a condition Matterhorn leaves to
people (01-001, artifact tagged as real content): the same text at the same
place on several pages is page furniture, so tagging it as content on more
than one page fails.

Limits (known, deliberate): font programs are not opened (glyph widths,
.notdef and cmap-table conditions are not checked); MCIDs inside form
XObjects are not matched against the structure tree; annotation appearance
streams are not scanned for colour use; text in rendering mode 3 is treated
like visible text; XMP properties are checked per namespace, not per
property name; text positions ignore glyph advances within a line.

The qpdf JSON access layer and the PDF lexer are in pdfjson.py, beside this
file; tests/e2e/conformance_selftest.sh proves each check can fail.
"""
import datetime
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from functools import cached_property

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfjson import (REF, Name, PdfFile, QpdfError, QpdfMissing, SyntaxProblem,  # noqa: E402
                     as_list, content_text, is_ref, name, number, operations, parse_cmap,
                     text, tokens)

# Enough to name a problem without flooding the terminal.
MAX_EXAMPLES = 3

# ----------------------------------------------------------------------------
# Raw file structure (PDF/A 6.1): the stream layout around the data
# ----------------------------------------------------------------------------

def raw_stream_layout(raw, offset):
    """(length, data_start, eol_ok) of the stream object at offset.
    length is an int, a "N G R" reference string, or None."""
    toks = tokens(raw, offset)
    depth, length, previous = 0, None, []
    for tok, start, end in toks:
        if tok == "<<":
            depth += 1
        elif tok == ">>":
            depth -= 1
        elif tok == "stream" and depth == 0:
            eol = raw[end:end + 2]
            if eol.startswith(b"\r\n"):
                return length, end + 2, True
            if eol.startswith(b"\n"):
                return length, end + 1, True
            return length, end + (1 if eol[:1] == b"\r" else 0), False
        elif tok == "endobj":
            return None, None, False
        elif tok == "R" and depth == 1 and len(previous) >= 3 and previous[-3] == "Length":
            length = "%d %d R" % (previous[-2], previous[-1])
        if depth == 1 and len(previous) >= 1 and previous[-1] == "Length" \
                and isinstance(tok, int):
            length = tok
        previous = (previous + [tok])[-3:]
    return None, None, False


# ----------------------------------------------------------------------------
# Page content: what is tagged, what is an artifact, which fonts and colours
# ----------------------------------------------------------------------------

TEXT_SHOW = {"Tj", "TJ", "'", '"'}
FILL_PAINT = {"f", "F", "f*"}
STROKE_PAINT = {"S", "s"}
BOTH_PAINT = {"B", "B*", "b", "b*"}
CONTENT_OPS = TEXT_SHOW | FILL_PAINT | STROKE_PAINT | BOTH_PAINT | {"Do", "sh", "BI"}
DEVICE_SPACES = {"DeviceRGB", "DeviceGray", "DeviceCMYK"}
INLINE_SPACES = {"RGB": "DeviceRGB", "G": "DeviceGray", "CMYK": "DeviceCMYK"}
# What painting uses until the content sets a font, colour or transformation.
IDENTITY = (1, 0, 0, 1, 0, 0)
INITIAL_GSTATE = {"font": None, "fill": "/DeviceGray", "stroke": "/DeviceGray", "ctm": IDENTITY,
                  "leading": 0}


def multiply(m, n):
    """The matrix product m x n (apply m, then n), PDF's [a b c d e f] form."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def numbers(args, count):
    """args as count numbers, or None."""
    if len(args) < count or not all(number(a) is not None for a in args[:count]):
        return None
    return tuple(float(a) for a in args[:count])
# Nested form XObjects beyond this depth are not followed (cycles, bombs).
MAX_FORM_DEPTH = 8


class PageScan:
    """What one page's content does, as the checks need it."""

    def __init__(self, number):
        self.number = number            # 1-based page number
        self.untagged = []              # content operators outside MCID and Artifact
        self.untagged_text = []         # (font, bytes) of the untagged text shows
        self.artifact_in_tagged = 0     # Artifact sequences opened inside tagged content
        self.tagged_in_artifact = 0     # MCID sequences opened inside an Artifact
        self.mcids = []                 # MCIDs of the page's own content, in order
        self.langs = []                 # /Lang of marked-content property lists
        self.device_spaces = set()      # device colour spaces painted with
        self.default_spaces = set()     # DefaultRGB/Gray/CMYK set in the page resources
        self.shown = []                 # (font reference, string bytes)
        self.text_runs = []             # ((x, y), font, bytes, real content?) per text show
        self.fonts = set()              # font references selected with Tf
        self.transparency = []          # what makes the page use transparency
        self.blend_modes = set()
        self.problems = []              # broken syntax or marked-content nesting
        self.operators = 0


class ContentScanner:
    """Walks a page's content stream (and the forms it draws)."""

    def __init__(self, pdf, page_ref, number):
        self.pdf = pdf
        self.page = pdf.resolve(page_ref)
        self.scan = PageScan(number)
        self.marks = []  # stack of (tag, has_mcid, is_artifact, in_text_object)
        self.in_form = False  # MCIDs inside forms belong to the form, not the page
        self.origin = (0, 0)  # user-space origin of the current text line

    def run(self):
        resources = inherited(self.pdf, self.page, "/Resources") or {}
        cs = self.pdf.get(resources, "/ColorSpace") or {}
        self.scan.default_spaces = {k[8:] for k in cs if k in
                                    ("/DefaultRGB", "/DefaultGray", "/DefaultCMYK")}
        group = self.pdf.get(self.page, "/Group")
        if isinstance(group, dict):
            self.note_space(self.pdf.get(group, "/CS"), resources)
        contents = self.page.get("/Contents")
        refs = [contents] if is_ref(contents) and self.pdf.is_stream(contents) else \
            [r for r in as_list(self.pdf.resolve(contents)) if is_ref(r)]
        self.pdf.prefetch(refs)
        chunks = []
        for ref in refs:
            data = self.pdf.data(ref)
            if data is None:
                self.scan.problems.append("content stream %s cannot be decoded" % ref)
            else:
                chunks.append(data)
        self.walk(b"\n".join(chunks), resources, dict(INITIAL_GSTATE), depth=0)
        if self.marks:
            self.scan.problems.append("%d marked-content sequence(s) not closed by EMC"
                                      % len(self.marks))
        return self.scan

    # -- state helpers ------------------------------------------------------

    def tagged(self):
        return any(m[1] for m in self.marks)

    def in_artifact(self):
        return any(m[2] for m in self.marks)

    def note_space(self, space, resources):
        """Record a device colour space reached through space (a name or array)."""
        space = self.pdf.resolve(space)
        if isinstance(space, str) and space.startswith("/"):
            n = space[1:]
            if n in DEVICE_SPACES:
                self.scan.device_spaces.add(n)
            elif n in INLINE_SPACES:
                self.scan.device_spaces.add(INLINE_SPACES[n])
            else:
                named = self.pdf.get(self.pdf.get(resources, "/ColorSpace"), space)
                if named is not None and named != space:
                    self.note_space(named, resources)
        elif isinstance(space, list) and space:
            family = name(self.pdf.resolve(space[0]))
            if family in ("Indexed", "I") and len(space) > 1:
                self.note_space(space[1], resources)
            elif family == "Pattern" and len(space) > 1:
                self.note_space(space[1], resources)
            elif family in DEVICE_SPACES:
                self.scan.device_spaces.add(family)

    # -- the walk -----------------------------------------------------------

    def walk(self, data, resources, gstate, depth):
        """Scan data; gstate is the graphics state it starts with (a form
        inherits the one in force where it is drawn)."""
        saved, in_text = [], False
        line = IDENTITY  # the text line matrix; the text matrix starts there
        try:
            for op, args in operations(data):
                self.scan.operators += 1
                if op == "q":
                    saved.append(dict(gstate))
                elif op == "Q" and saved:
                    gstate = saved.pop()
                elif op == "cm" and numbers(args, 6):
                    gstate["ctm"] = multiply(numbers(args, 6), gstate["ctm"])
                elif op == "BT":
                    in_text, line = True, IDENTITY
                elif op == "ET":
                    in_text = False
                elif op == "Tm" and numbers(args, 6):
                    line = numbers(args, 6)
                elif op in ("Td", "TD") and numbers(args, 2):
                    tx, ty = numbers(args, 2)
                    line = multiply((1, 0, 0, 1, tx, ty), line)
                    if op == "TD":
                        gstate["leading"] = -ty
                elif op == "TL" and numbers(args, 1):
                    gstate["leading"] = numbers(args, 1)[0]
                elif op in ("T*", "'", '"'):
                    line = multiply((1, 0, 0, 1, 0, -gstate["leading"]), line)
                elif op in ("BDC", "BMC"):
                    self.begin_marked(op, args, resources, in_text)
                elif op == "EMC":
                    self.end_marked(in_text)
                elif op == "Tf" and args and isinstance(args[0], Name):
                    font = self.pdf.get(resources, "/Font") or {}
                    ref = font.get("/" + args[0]) if isinstance(font, dict) else None
                    gstate["font"] = ref
                    if ref is not None:
                        self.scan.fonts.add(ref)
                elif op in ("rg", "RG", "g", "G", "k", "K"):
                    space = {"rg": "/DeviceRGB", "g": "/DeviceGray", "k": "/DeviceCMYK"}
                    gstate["fill" if op.islower() else "stroke"] = space[op.lower()]
                elif op in ("cs", "CS") and args and isinstance(args[0], Name):
                    gstate["fill" if op == "cs" else "stroke"] = "/" + args[0]
                elif op == "gs" and args and isinstance(args[0], Name):
                    self.note_extgstate(self.pdf.get(self.pdf.get(resources, "/ExtGState"),
                                                     "/" + args[0]))
                if op in CONTENT_OPS:
                    self.origin = multiply(line, gstate["ctm"])[4:]
                    self.content(op, args, gstate, resources, depth)
        except SyntaxProblem as e:
            self.scan.problems.append("content syntax: %s" % e)

    def begin_marked(self, op, args, resources, in_text):
        tag = args[0] if args and isinstance(args[0], Name) else ""
        props = args[1] if op == "BDC" and len(args) > 1 else {}
        if isinstance(props, Name):  # named property list in the resources
            props = self.pdf.get(self.pdf.get(resources, "/Properties"), "/" + props) or {}
            props = {k[1:]: v for k, v in props.items()} if isinstance(props, dict) else {}
        props = props if isinstance(props, dict) else {}
        mcid = props.get("MCID")
        artifact = tag == "Artifact"
        if artifact and self.tagged():
            self.scan.artifact_in_tagged += 1
        if isinstance(mcid, int) and self.in_artifact():
            self.scan.tagged_in_artifact += 1
        if isinstance(mcid, int) and not self.in_form:
            self.scan.mcids.append(mcid)
        lang = props.get("Lang")
        if lang is not None:
            self.scan.langs.append(content_text(lang))
        self.marks.append((tag, isinstance(mcid, int), artifact, in_text))

    def end_marked(self, in_text):
        if not self.marks:
            self.scan.problems.append("EMC without a matching BMC/BDC")
            return
        tag, _, _, opened_in_text = self.marks.pop()
        if opened_in_text != in_text:
            self.scan.problems.append("marked content /%s crosses a BT/ET boundary" % tag)

    def content(self, op, args, gstate, resources, depth):
        if not self.tagged() and not self.in_artifact():
            self.scan.untagged.append(op)
        if op in TEXT_SHOW:
            self.note_space(gstate["fill"], resources)
            strings = [a for a in args if isinstance(a, bytes)]
            if op == "TJ" and args and isinstance(args[0], list):
                strings = [a for a in args[0] if isinstance(a, bytes)]
            for s in strings:
                self.scan.shown.append((gstate["font"], s))
            if not self.tagged() and not self.in_artifact():
                self.scan.untagged_text.append((gstate["font"], b"".join(strings)))
            # Where the show starts (its first glyph), not where each string lands.
            self.scan.text_runs.append(((round(self.origin[0]), round(self.origin[1])), gstate["font"],
                                        b"".join(strings), self.tagged() and not self.in_artifact()))
        elif op in FILL_PAINT or op in BOTH_PAINT:
            self.note_space(gstate["fill"], resources)
        if op in STROKE_PAINT or op in BOTH_PAINT:
            self.note_space(gstate["stroke"], resources)
        if op == "sh" and args:
            shading = self.pdf.get(self.pdf.get(resources, "/Shading"), "/" + args[0])
            self.note_space(self.pdf.get(shading, "/ColorSpace"), resources)
        if op == "BI" and args:
            image = args[0]
            space = image.get("CS", image.get("ColorSpace"))
            if isinstance(space, Name):
                self.note_space("/" + space, resources)
        if op == "Do" and args and isinstance(args[0], Name):
            self.draw_xobject(args[0], gstate, resources, depth)

    def draw_xobject(self, xname, gstate, resources, depth):
        ref = (self.pdf.get(resources, "/XObject") or {}).get("/" + xname)
        xobj = self.pdf.resolve(ref)
        if not isinstance(xobj, dict):
            return
        subtype = name(xobj.get("/Subtype"))
        if subtype == "Image":
            if self.pdf.get(xobj, "/ImageMask") is True:
                self.note_space(gstate["fill"], resources)
            else:
                self.note_space(xobj.get("/ColorSpace"), resources)
            if xobj.get("/SMask") is not None or number(xobj.get("/SMaskInData"), 0) > 0:
                self.scan.transparency.append("image /%s has a soft mask" % xname)
        elif subtype == "Form" and depth < MAX_FORM_DEPTH and is_ref(ref):
            group = self.pdf.get(xobj, "/Group")
            if isinstance(group, dict) and name(group.get("/S")) == "Transparency":
                self.scan.transparency.append("form /%s is a transparency group" % xname)
                self.note_space(self.pdf.get(group, "/CS"), resources)
            data = self.pdf.data(ref)
            if data is None:
                self.scan.problems.append("form XObject %s cannot be decoded" % ref)
                return
            form_resources = self.pdf.get(xobj, "/Resources") or resources
            was_in_form, self.in_form = self.in_form, True
            depth_marks = len(self.marks)
            self.walk(data, form_resources, dict(gstate), depth + 1)
            if len(self.marks) != depth_marks:
                self.scan.problems.append("form /%s leaves marked content open" % xname)
                del self.marks[depth_marks:]
            self.in_form = was_in_form

    def note_extgstate(self, gs):
        if not isinstance(gs, dict):
            return
        for key in ("/CA", "/ca"):
            alpha = number(self.pdf.resolve(gs.get(key)))
            if alpha is not None and alpha < 1:
                self.scan.transparency.append("ExtGState %s %g" % (key, alpha))
        smask = self.pdf.resolve(gs.get("/SMask"))
        if smask is not None and smask != "/None":
            self.scan.transparency.append("ExtGState soft mask")
        for mode in as_list(self.pdf.resolve(gs.get("/BM"))):
            mode = name(self.pdf.resolve(mode))
            if mode:
                self.scan.blend_modes.add(mode)
                if mode not in ("Normal", "Compatible"):
                    self.scan.transparency.append("blend mode %s" % mode)


def inherited(pdf, page, key):
    """A page attribute, looked up through /Parent as ISO 32000-1 7.7.3.4 allows."""
    node, hops = pdf.resolve(page), 0
    while isinstance(node, dict) and hops < 64:
        if key in node:
            return pdf.resolve(node[key])
        node, hops = pdf.resolve(node.get("/Parent")), hops + 1
    return None


# ----------------------------------------------------------------------------
# The structure tree
# ----------------------------------------------------------------------------

STANDARD_TYPES = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
    NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody
    TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT
    WP Figure Formula Form""".split())
# Deeper trees than this are treated as broken (cycles through direct objects).
MAX_STRUCT_DEPTH = 200


class StructElem:
    def __init__(self, key, d, parent, page):
        self.key = key                  # "N G R", or None for a direct dictionary
        self.dict = d
        self.type = name(d.get("/S")) or ""
        self.role = self.type           # set by StructTree.resolve_roles
        self.parent = parent            # StructElem, or None under the root
        self.page = page                # /Pg here or inherited
        self.kids = []
        self.mcids = []                 # (page ref, MCID)
        self.objrs = []                 # referenced objects (annotations)

    def label(self):
        return "%s %s" % (self.type or "?", self.key or "(direct)")


class StructTree:
    """The structure tree: its elements in document order, parent tree, role map."""

    def __init__(self, pdf, root_ref):
        self.pdf = pdf
        self.root_ref = root_ref
        self.root = pdf.resolve(root_ref) if root_ref else None
        self.elems = []
        self.problems = []
        self.role_map = {}
        if not isinstance(self.root, dict):
            self.root = None
            return
        rm = pdf.get(self.root, "/RoleMap") or {}
        self.role_map = {k[1:]: name(pdf.resolve(v)) for k, v in rm.items()}
        seen = set()
        for kid in as_list(self.root.get("/K")):
            self.read(kid, None, None, seen, 0, parent_ref=root_ref)
        self.resolve_roles()

    def read(self, value, parent, page, seen, depth, parent_ref):
        pdf = self.pdf
        if depth > MAX_STRUCT_DEPTH:
            self.problems.append("structure tree deeper than %d" % MAX_STRUCT_DEPTH)
            return
        if isinstance(value, int) and not isinstance(value, bool):
            if parent is None:
                self.problems.append("MCID %d directly under StructTreeRoot" % value)
            else:
                parent.mcids.append((page, value))
            return
        key = value if is_ref(value) else None
        d = pdf.resolve(value)
        if not isinstance(d, dict):
            return
        kind = name(d.get("/Type"))
        if kind == "MCR" and parent is not None:
            if "/Stm" not in d:
                parent.mcids.append((d.get("/Pg", page), d.get("/MCID")))
            return
        if kind == "OBJR" and parent is not None:
            parent.objrs.append(d.get("/Obj"))
            return
        if key is not None:
            if key in seen:
                self.problems.append("%s appears twice in the structure tree" % key)
                return
            seen.add(key)
        page = d.get("/Pg", page)
        elem = StructElem(key, d, parent, page)
        self.elems.append(elem)
        if parent is not None:
            parent.kids.append(elem)
        if "/S" not in d:
            self.problems.append("%s has no /S (structure type)" % elem.label())
        if key is not None and d.get("/P") != parent_ref:
            self.problems.append("%s has /P %s, its parent is %s"
                                 % (elem.label(), d.get("/P", "missing"), parent_ref))
        for kid in as_list(d.get("/K")):
            self.read(kid, elem, page, seen, depth + 1, parent_ref=key)

    def role_chain(self, type_):
        """(standard type or None, circular?) following the RoleMap."""
        seen = []
        while type_ is not None and type_ not in STANDARD_TYPES:
            if type_ in seen:
                return None, True
            seen.append(type_)
            type_ = self.role_map.get(type_)
        return type_, False

    def resolve_roles(self):
        for elem in self.elems:
            elem.role = self.role_chain(elem.type)[0] or elem.type

    @cached_property
    def parent_tree(self):
        """{key: value} of the /ParentTree number tree."""
        found = {}

        def walk(node, depth):
            node = self.pdf.resolve(node)
            if not isinstance(node, dict) or depth > 32:
                return
            nums = as_list(self.pdf.resolve(node.get("/Nums")))
            for i in range(0, len(nums) - 1, 2):
                if isinstance(nums[i], int):
                    found[nums[i]] = nums[i + 1]
            for kid in as_list(self.pdf.resolve(node.get("/Kids"))):
                walk(kid, depth + 1)

        walk(self.root.get("/ParentTree") if self.root else None, 0)
        return found

    @cached_property
    def by_key(self):
        """{"N G R": element} of the indirect elements."""
        return {e.key: e for e in self.elems if e.key}


# ----------------------------------------------------------------------------
# XMP metadata
# ----------------------------------------------------------------------------

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
# Schemas PDF/A-2 lets XMP use without an extension schema (XMP Specification
# 2005 schemas and those of ISO 19005-1/-2); pdfuaid is NOT among them.
PREDEFINED_XMP = {
    NS["dc"], NS["xmp"], NS["pdf"], NS["pdfaid"], NS["pdfaExtension"],
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/", "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/camera-raw-settings/1.0/", "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
}


def _q(prefix, local):
    return "{%s}%s" % (NS[prefix], local)


class Xmp:
    """An XMP packet: the properties of its rdf:Description elements."""

    def __init__(self, data):
        self.data = data
        self.root = ET.fromstring(data)
        self.descriptions = list(self.root.iter(_q("rdf", "Description")))

    def element(self, prefix, local):
        for d in self.descriptions:
            found = d.find(_q(prefix, local))
            if found is not None:
                return found
        return None

    def value(self, prefix, local):
        """A property as text: simple value, x-default of an Alt, or first li."""
        for d in self.descriptions:
            if _q(prefix, local) in d.attrib:
                return d.attrib[_q(prefix, local)]
        element = self.element(prefix, local)
        if element is None:
            return None
        items = list(element.iter(_q("rdf", "li")))
        if not items:
            return (element.text or "").strip()
        for item in items:
            if item.get(_q("xml", "lang")) == "x-default":
                return (item.text or "").strip()
        return (items[0].text or "").strip()

    def property_namespaces(self):
        """Namespaces of the top-level properties (attributes and children)."""
        found = set()
        for d in self.descriptions:
            for key in list(d.attrib) + [c.tag for c in d]:
                if key.startswith("{"):
                    found.add(key[1:].split("}")[0])
        return found - {NS["rdf"], NS["x"], NS["xml"]}

    def declared_namespaces(self):
        return {(e.text or "").strip() for e in self.root.iter(_q("pdfaSchema", "namespaceURI"))}


# ----------------------------------------------------------------------------
# The document under test: shared, lazily computed views for the checks
# ----------------------------------------------------------------------------

class Document:
    def __init__(self, pdf):
        self.pdf = pdf
        self.catalog = pdf.resolve(pdf.trailer.get("/Root")) or {}
        self.info = pdf.resolve(pdf.trailer.get("/Info"))

    @cached_property
    def pages(self):
        """[(number, ref, dict, PageScan)] of every page."""
        result = []
        self.pdf.prefetch(self.font_and_form_streams())
        for number, ref in enumerate(self.pdf.page_refs, 1):
            result.append((number, ref, self.pdf.resolve(ref) or {},
                           ContentScanner(self.pdf, ref, number).run()))
        return result

    def font_and_form_streams(self):
        """Streams the scans will read: contents, forms, ToUnicode CMaps."""
        wanted = []
        for ref in self.pdf.stream_refs():
            d = self.pdf.resolve(ref)
            if name(d.get("/Subtype")) == "Form":
                wanted.append(ref)
        for ref in self.pdf.page_refs:
            wanted += as_list(self.pdf.resolve(ref).get("/Contents"))
        return wanted

    @cached_property
    def struct(self):
        return StructTree(self.pdf, self.catalog.get("/StructTreeRoot"))

    @cached_property
    def annotations(self):
        """[(page number, ref or None, dict)] of every annotation."""
        found = []
        for number, ref in enumerate(self.pdf.page_refs, 1):
            for annot in as_list(self.pdf.get(ref, "/Annots")):
                d = self.pdf.resolve(annot)
                if isinstance(d, dict):
                    found.append((number, annot if is_ref(annot) else None, d))
        return found

    @cached_property
    def metadata_ref(self):
        ref = self.catalog.get("/Metadata")
        return ref if self.pdf.is_stream(ref) else None

    @cached_property
    def xmp(self):
        """(Xmp or None, why not)."""
        if self.metadata_ref is None:
            return None, "no XMP metadata stream (see UA-06-001+A2-6.6.2.1)"
        data = self.pdf.data(self.metadata_ref)
        if data is None:
            return None, "the XMP stream cannot be decoded (see A2-6.6.2.1-xmp)"
        try:
            return Xmp(data), None
        except ET.ParseError:
            return None, "the XMP is not well-formed XML (see A2-6.6.2.1-xmp)"

    @cached_property
    def output_intents(self):
        return [self.pdf.resolve(oi) for oi in as_list(self.pdf.get(self.catalog, "/OutputIntents"))
                if isinstance(self.pdf.resolve(oi), dict)]

    def pdfa_output_profile(self):
        """The DestOutputProfile data of the PDF/A output intent, or None."""
        for oi in self.output_intents:
            ref = oi.get("/DestOutputProfile")
            if name(self.pdf.resolve(oi.get("/S"))) == "GTS_PDFA1" and self.pdf.is_stream(ref):
                return self.pdf.data(ref)
        return None

    def fonts_used(self):
        """{font ref: [page numbers]} of the fonts the content selects."""
        fonts = {}
        for number, _, _, scan in self.pages:
            for font in scan.fonts:
                fonts.setdefault(font, []).append(number)
        return fonts

    def font_label(self, font):
        base = name(self.pdf.get(font, "/BaseFont")) or "?"
        return "%s (%s)" % (base, font if is_ref(font) else "direct")


# ----------------------------------------------------------------------------
# Check results
# ----------------------------------------------------------------------------

def passed(message):
    return "ok", message


def failed(problems):
    problems = list(problems)
    shown = "; ".join(problems[:MAX_EXAMPLES])
    if len(problems) > MAX_EXAMPLES:
        shown += " (and %d more)" % (len(problems) - MAX_EXAMPLES)
    return "FAIL", shown


def verdict(problems, ok_message):
    return failed(problems) if problems else passed(ok_message)


def not_applicable(why):
    return passed("not applicable: " + why)


def count(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


# ----------------------------------------------------------------------------
# PDF/UA checks (Matterhorn Protocol 1.1)
# ----------------------------------------------------------------------------

def check_artifact_in_tagged(doc):
    problems = ["page %d: %s inside tagged content"
                % (n, count(s.artifact_in_tagged, "Artifact sequence"))
                for n, _, _, s in doc.pages if s.artifact_in_tagged]
    return verdict(problems, "no Artifact inside tagged content on %s" % count(len(doc.pages), "page"))


def check_tagged_in_artifact(doc):
    problems = ["page %d: %s inside an Artifact" % (n, count(s.tagged_in_artifact, "MCID sequence"))
                for n, _, _, s in doc.pages if s.tagged_in_artifact]
    return verdict(problems, "no tagged content inside an Artifact")


def check_untagged_content(doc):
    problems, total, maps = [], 0, None
    for n, _, _, scan in doc.pages:
        total += scan.operators
        for p in scan.problems:
            problems.append("page %d: %s" % (n, p))
        if scan.untagged:
            ops = sorted(set(scan.untagged))
            maps = to_unicode_maps(doc) if maps is None else maps
            texts = [" ".join(decode_shown(doc, maps, f, s).split()) for f, s in scan.untagged_text]
            sample = ", text %s" % " | ".join(repr(t[:30]) for t in texts[:2] if t) if texts else ""
            problems.append("page %d: %s neither tagged (MCID) nor Artifact (%s%s)"
                            % (n, count(len(scan.untagged), "content operator"), " ".join(ops),
                               sample))
    return verdict(problems, "all content is tagged or Artifact (%s)" % count(total, "operator"))


def character_codes(doc, font, data):
    """(codes, two-byte?) of a shown string: a Type 0 font takes two bytes a
    code (Identity-H/V, the only CMaps our PDFs use), a simple font one."""
    if name(doc.pdf.get(font, "/Subtype")) == "Type0":
        return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)], True
    return list(data), False


def decode_shown(doc, maps, font, data):
    """The Unicode text of a shown string (ToUnicode, else Latin-1)."""
    codes, two_byte = character_codes(doc, font, data)
    mapping = maps.get(font, {})
    return "".join(mapping.get(c, "" if two_byte else chr(c)) for c in codes)


def page_parts(doc):
    """Page ref -> index of the Part of a Document of Parts (a meeting pack:
    one Part per paper) that has content on it; {} for other files."""
    part_of = {}
    tops = [e for e in doc.struct.elems if e.parent is None and e.type == "Document"]
    parts = [k for k in tops[0].kids if k.type == "Part"] if len(tops) == 1 else []
    for index, part in enumerate(parts):
        stack = [part]
        while stack:
            elem = stack.pop()
            for page, _ in elem.mcids:
                part_of.setdefault(page, index)
            stack.extend(elem.kids)
    return part_of


def check_running_text_tagged(doc):
    """Heuristic for the human check 01-001: text repeated at one place on
    several pages is page furniture (a running header or footer, a repeated
    table head) and may be tagged as content on one page at most, the first
    showing of a table head; the repeats must be Artifacts.  A single
    character is not furniture: list bullets on two pages land at the same
    place by chance, as often as list items do.  In a file of several papers
    (a Document of Parts: a meeting pack) furniture repeats within a paper;
    two papers may well start with the same title at the same place."""
    maps, places, part_of = to_unicode_maps(doc), {}, page_parts(doc)
    for number, ref, _, scan in doc.pages:
        for origin, font, data, real in scan.text_runs:
            words = " ".join(decode_shown(doc, maps, font, data).split())
            if len(words) > 1:
                places.setdefault((part_of.get(ref), origin, words), []).append((number, real))
    problems = []
    for (_, origin, words), seen in sorted(places.items(), key=lambda p: p[1][0]):
        pages = sorted({n for n, _ in seen})
        tagged = sorted({n for n, real in seen if real})
        if len(pages) > 1 and len(tagged) > 1:
            problems.append("%r at (%d, %d) on pages %s is tagged as content on pages %s"
                            % (words[:40], origin[0], origin[1], page_list(pages),
                               page_list(tagged)))
    return verdict(problems, "no text repeated at the same place on several pages is tagged "
                   "as content")


def page_list(pages):
    return ", ".join(str(n) for n in pages)


def check_suspects(doc):
    mark_info = doc.pdf.get(doc.catalog, "/MarkInfo") or {}
    if doc.pdf.get(mark_info, "/Suspects") is True:
        return failed(["MarkInfo /Suspects is true: tagging is marked as unreliable"])
    return passed("MarkInfo /Suspects is not true")


def check_mark_info(doc):
    mark_info = doc.pdf.get(doc.catalog, "/MarkInfo")
    if not isinstance(mark_info, dict):
        return failed(["the catalog has no /MarkInfo dictionary"])
    if doc.pdf.get(mark_info, "/Marked") is not True:
        return failed(["MarkInfo /Marked is %s, not true" % mark_info.get("/Marked", "missing")])
    return passed("MarkInfo /Marked true")


def check_struct_tree(doc):
    tree = doc.struct
    if tree.root is None:
        return failed(["the catalog has no /StructTreeRoot"])
    if not tree.elems:
        return failed(["StructTreeRoot has no structure elements (/K empty)"])
    return verdict(tree.problems,
                   "%s, each with /S and /P" % count(len(tree.elems), "structure element"))


def check_parent_tree(doc):
    tree = doc.struct
    if tree.root is None:
        return not_applicable("no structure tree (see UA-7.1-struct-tree+A2-6.7.3.3)")
    parents = tree.parent_tree
    elems = tree.by_key
    problems, checked = [], 0
    for number, ref, page, scan in doc.pages:
        if not scan.mcids:
            continue
        duplicates = sorted({m for m in scan.mcids if scan.mcids.count(m) > 1})
        if duplicates:
            problems.append("page %d uses MCID %s more than once" % (number, duplicates[0]))
        key = page.get("/StructParents")
        if not isinstance(key, int):
            problems.append("page %d has MCIDs but no /StructParents" % number)
            continue
        entry = doc.pdf.resolve(parents.get(key))
        if not isinstance(entry, list):
            problems.append("page %d: ParentTree has no array for key %d" % (number, key))
            continue
        for mcid in scan.mcids:
            checked += 1
            owner = elems.get(entry[mcid]) if 0 <= mcid < len(entry) and is_ref(entry[mcid]) else None
            if owner is None:
                problems.append("page %d MCID %d: no structure element in ParentTree[%d]"
                                % (number, mcid, key))
            elif (ref, mcid) not in owner.mcids:
                problems.append("page %d MCID %d: ParentTree points to %s, which does not own it"
                                % (number, mcid, owner.label()))
    used = {(ref, m) for _, ref, _, scan in doc.pages for m in scan.mcids}
    for elem in tree.elems:
        for page, mcid in elem.mcids:
            if (page, mcid) not in used:
                problems.append("%s claims MCID %s on %s, which the page does not have"
                                % (elem.label(), mcid, page))
    return verdict(problems, "%s consistent with ParentTree" % count(checked, "MCID"))


def check_role_map_terminates(doc):
    tree = doc.struct
    problems = []
    for elem in tree.elems:
        standard, circular = tree.role_chain(elem.type)
        if standard is None and not circular:
            problems.append("%s: non-standard type not role-mapped to a standard one" % elem.label())
    kinds = sorted({e.type for e in tree.elems if e.type not in STANDARD_TYPES})
    return verdict(problems, "every structure type is standard or role-mapped"
                   + (" (%s)" % ", ".join(kinds) if kinds else ""))


def check_role_map_circular(doc):
    tree = doc.struct
    problems = sorted({"/%s maps round in a circle" % t for t in tree.role_map
                       if tree.role_chain(t)[1]})
    return verdict(problems, "no circular role mapping")


def check_standard_remapped(doc):
    problems = ["RoleMap remaps standard type /%s to /%s" % (k, v)
                for k, v in sorted(doc.struct.role_map.items()) if k in STANDARD_TYPES]
    return verdict(problems, "no standard structure type remapped")


def check_xmp_present(doc):
    ref = doc.catalog.get("/Metadata")
    if ref is None:
        return failed(["the catalog has no /Metadata stream"])
    if not doc.pdf.is_stream(ref):
        return failed(["catalog /Metadata is not a stream"])
    d = doc.pdf.resolve(ref)
    if name(d.get("/Type")) != "Metadata" or name(d.get("/Subtype")) != "XML":
        return failed(["metadata stream %s lacks /Type /Metadata /Subtype /XML" % ref])
    return passed("catalog /Metadata %s is an XML metadata stream" % ref)


def check_xmp_packet(doc):
    if doc.metadata_ref is None:
        return not_applicable("no XMP metadata stream (see UA-06-001+A2-6.6.2.1)")
    data = doc.pdf.data(doc.metadata_ref)
    if data is None:
        return failed(["the metadata stream cannot be decoded"])
    problems = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append("the XMP is not UTF-8")
    header = re.search(rb"<\?xpacket\s+(?!end=)[^?]*\?>", data)
    if header and re.search(rb"\s(bytes|encoding)\s*=", header.group(0)):
        problems.append("the xpacket header has a bytes or encoding attribute")
    if doc.xmp[0] is None and not problems:
        problems.append("the XMP is not well-formed XML")
    return verdict(problems, "well-formed UTF-8 XMP packet (%d bytes)" % len(data))


def check_pdfua_id(doc):
    xmp, why = doc.xmp
    if xmp is None:
        return not_applicable(why)
    part = xmp.value("pdfuaid", "part")
    if part != "1":
        return failed(["XMP pdfuaid:part is %s, not 1" % ("missing" if part is None else repr(part))])
    return passed("XMP pdfuaid:part 1")


def check_dc_title(doc):
    xmp, why = doc.xmp
    if xmp is None:
        return not_applicable(why)
    title = xmp.value("dc", "title")
    if not title:
        return failed(["XMP has no dc:title" if title is None else "XMP dc:title is empty"])
    return passed("XMP dc:title %r" % title)


def check_pdfa_id(doc):
    xmp, why = doc.xmp
    if xmp is None:
        return not_applicable(why)
    part, level = xmp.value("pdfaid", "part"), xmp.value("pdfaid", "conformance")
    problems = []
    if part != "2":
        problems.append("XMP pdfaid:part is %s, not 2" % ("missing" if part is None else repr(part)))
    if level != "A":
        problems.append("XMP pdfaid:conformance is %s, not A"
                        % ("missing" if level is None else repr(level)))
    return verdict(problems, "XMP pdfaid:part 2, pdfaid:conformance A")


def check_xmp_schemas(doc):
    xmp, why = doc.xmp
    if xmp is None:
        return not_applicable(why)
    declared = xmp.declared_namespaces()
    problems = ["XMP uses namespace %s without a pdfaExtension schema for it" % ns
                for ns in sorted(xmp.property_namespaces() - PREDEFINED_XMP - declared)]
    return verdict(problems, "every XMP namespace is predefined or declared (%s declared)"
                   % count(len(declared), "extension schema"))


def viewer_preferences(doc):
    return doc.pdf.get(doc.catalog, "/ViewerPreferences")


def check_display_doc_title_present(doc):
    prefs = viewer_preferences(doc)
    if not isinstance(prefs, dict):
        return failed(["the catalog has no /ViewerPreferences dictionary"])
    if "/DisplayDocTitle" not in prefs:
        return failed(["ViewerPreferences has no /DisplayDocTitle"])
    return passed("ViewerPreferences has /DisplayDocTitle")


def check_display_doc_title_true(doc):
    prefs = viewer_preferences(doc)
    if isinstance(prefs, dict) and doc.pdf.get(prefs, "/DisplayDocTitle") is False:
        return failed(["ViewerPreferences /DisplayDocTitle is false"])
    return passed("/DisplayDocTitle is not false")


TABLE_PARENTS = {"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
                 "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}}
TABLE_KIDS = {"Table": {"TR", "THead", "TBody", "TFoot", "Caption"}, "TR": {"TH", "TD"},
              "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}}
LIST_PARENTS = {"LI": {"L"}, "LBody": {"LI"}, "Lbl": {"LI", "TOCI", "Note", "BibEntry"}}
LIST_KIDS = {"L": {"L", "LI", "Caption"}, "LI": {"Lbl", "LBody"}}


def nesting_problems(doc, parents_rule, kids_rule):
    problems, seen = [], 0
    for elem in doc.struct.elems:
        if elem.role in parents_rule or elem.role in kids_rule:
            seen += 1
        parent_role = elem.parent.role if elem.parent else "StructTreeRoot"
        if elem.role in parents_rule and parent_role not in parents_rule[elem.role]:
            problems.append("%s is inside %s, not %s" % (elem.label(), parent_role,
                                                         "/".join(sorted(parents_rule[elem.role]))))
        if elem.role in kids_rule:
            wrong = sorted({k.role for k in elem.kids} - kids_rule[elem.role])
            if wrong:
                problems.append("%s contains %s" % (elem.label(), ", ".join(wrong)))
    return problems, seen


def check_table_nesting(doc):
    problems, seen = nesting_problems(doc, TABLE_PARENTS, TABLE_KIDS)
    return verdict(problems, "%s nested as ISO 32000-1 Table 337 says"
                   % count(seen, "table element"))


def check_list_nesting(doc):
    problems, seen = nesting_problems(doc, LIST_PARENTS, LIST_KIDS)
    return verdict(problems, "%s nested as ISO 32000-1 Table 336 says"
                   % count(seen, "list element"))


def check_figure_alt(doc):
    figures = [e for e in doc.struct.elems if e.role == "Figure"]
    problems = ["%s has no /Alt or /ActualText" % f.label() for f in figures
                if not (text(doc.pdf.resolve(f.dict.get("/Alt"))) or
                        text(doc.pdf.resolve(f.dict.get("/ActualText"))))]
    return verdict(problems, "%s, each with alternative text" % count(len(figures), "Figure"))


def heading_levels(doc):
    return [(e, int(e.role[1])) for e in doc.struct.elems if re.fullmatch(r"H[1-6]", e.role)]


def check_first_heading(doc):
    headings = heading_levels(doc)
    if not headings:
        return passed("no numbered headings")
    first, level = headings[0]
    if level != 1:
        return failed(["the first heading is %s, not H1" % first.label()])
    return passed("the first of %s is H1" % count(len(headings), "heading"))


def check_heading_skips(doc):
    headings = heading_levels(doc)
    problems = ["%s follows H%d" % (e.label(), before)
                for (_, before), (e, level) in zip(headings, headings[1:]) if level > before + 1]
    return verdict(problems, "%s, no level skipped" % count(len(headings), "heading"))


def attribute_dicts(pdf, elem):
    """The attribute dictionaries of /A (which may mix in revision numbers)."""
    return [d for d in (pdf.resolve(a) for a in as_list(pdf.resolve(elem.dict.get("/A"))))
            if isinstance(d, dict)]


def table_attribute(pdf, elem, key):
    for d in attribute_dicts(pdf, elem):
        if name(pdf.resolve(d.get("/O"))) == "Table" and key in d:
            return pdf.resolve(d[key])
    return None


def enclosing_table(elem):
    while elem is not None and elem.role != "Table":
        elem = elem.parent
    return elem


def check_th_scope(doc):
    pdf, problems, headers = doc.pdf, [], 0
    tables_with_ids = set()
    for elem in doc.struct.elems:
        if elem.role in ("TD", "TH") and table_attribute(pdf, elem, "/Headers") is not None:
            tables_with_ids.add(id(enclosing_table(elem)))
    for elem in doc.struct.elems:
        if elem.role != "TH" or id(enclosing_table(elem)) in tables_with_ids:
            continue
        headers += 1
        scope = name(table_attribute(pdf, elem, "/Scope"))
        if scope not in ("Row", "Column", "Both"):
            problems.append("%s has no /Scope (Row, Column or Both) in an /O /Table attribute"
                            % elem.label())
    return verdict(problems, "%s, each with /Scope" % count(headers, "TH"))


def annotation_struct_parent(doc, annot_ref, annot):
    """(structure element or None, problem) the annotation's /StructParent leads to."""
    key = annot.get("/StructParent")
    if not isinstance(key, int):
        return None, "has no /StructParent"
    target = doc.struct.parent_tree.get(key)
    elem = doc.struct.by_key.get(target)
    if elem is None:
        return None, "/StructParent %d leads to no structure element" % key
    if annot_ref not in elem.objrs:
        return None, "%s has no OBJR to it" % elem.label()
    return elem, None


def check_annots_in_annot_tag(doc):
    problems, checked = [], 0
    for number, ref, annot in doc.annotations:
        subtype = name(annot.get("/Subtype"))
        hidden = number_flags(doc, annot) & 2
        if subtype in ("Link", "Widget", "PrinterMark") or hidden:
            continue
        checked += 1
        elem, problem = annotation_struct_parent(doc, ref, annot)
        if elem is None:
            problems.append("page %d %s annotation %s %s" % (number, subtype, ref, problem))
        elif elem.role != "Annot":
            problems.append("page %d %s annotation %s is in %s, not Annot"
                            % (number, subtype, ref, elem.label()))
    return verdict(problems, "%s inside Annot elements" % count(checked, "other annotation"))


def number_flags(doc, annot):
    flags = doc.pdf.resolve(annot.get("/F"))
    return flags if isinstance(flags, int) and not isinstance(flags, bool) else 0


def pages_with_annotations(doc):
    return [(n, page) for n, _, page, _ in doc.pages if as_list(doc.pdf.get(page, "/Annots"))]


def check_tabs_present(doc):
    pages = pages_with_annotations(doc)
    problems = ["page %d has annotations but no /Tabs" % n for n, p in pages if "/Tabs" not in p]
    return verdict(problems, "%s with annotations, each with /Tabs" % count(len(pages), "page"))


def check_tabs_structure(doc):
    pages = pages_with_annotations(doc)
    problems = ["page %d has /Tabs %s, not /S" % (n, p["/Tabs"]) for n, p in pages
                if "/Tabs" in p and doc.pdf.resolve(p["/Tabs"]) != "/S"]
    return verdict(problems, "/Tabs is /S (structure order) wherever present")


def links(doc):
    return [(n, r, a) for n, r, a in doc.annotations if name(a.get("/Subtype")) == "Link"]


def check_link_in_link_tag(doc):
    if doc.struct.root is None:
        return not_applicable("no structure tree (see UA-7.1-struct-tree+A2-6.7.3.3)")
    problems = []
    for number, ref, annot in links(doc):
        elem, problem = annotation_struct_parent(doc, ref, annot)
        if elem is None:
            problems.append("page %d link %s %s" % (number, ref, problem))
        elif elem.role != "Link":
            problems.append("page %d link %s is in %s, not Link" % (number, ref, elem.label()))
    return verdict(problems, "%s, each referenced by an OBJR in a Link element"
                   % count(len(links(doc)), "link annotation"))


def check_link_contents(doc):
    problems = ["page %d link %s has no /Contents" % (n, r) for n, r, a in links(doc)
                if not text(doc.pdf.resolve(a.get("/Contents")))]
    return verdict(problems, "%s, each with /Contents" % count(len(links(doc)), "link annotation"))


def font_descriptor(doc, font):
    """The descriptor of a simple font or of a Type 0 font's descendant."""
    pdf = doc.pdf
    if name(pdf.get(font, "/Subtype")) == "Type0":
        descendants = as_list(pdf.get(font, "/DescendantFonts"))
        font = descendants[0] if descendants else None
    return pdf.get(font, "/FontDescriptor")


def check_fonts_embedded(doc):
    problems, fonts = [], doc.fonts_used()
    for font, pages in sorted(fonts.items(), key=lambda f: str(f[0])):
        if name(doc.pdf.get(font, "/Subtype")) == "Type3":
            continue
        descriptor = font_descriptor(doc, font)
        if not any(doc.pdf.is_stream((descriptor or {}).get(k))
                   for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append("font %s (page %d) is not embedded" % (doc.font_label(font), pages[0]))
    return verdict(problems, "%s used, all embedded" % count(len(fonts), "font"))


def check_to_unicode_present(doc):
    problems, fonts = [], doc.fonts_used()
    for font, pages in sorted(fonts.items(), key=lambda f: str(f[0])):
        if not doc.pdf.is_stream(doc.pdf.resolve(font).get("/ToUnicode")):
            problems.append("font %s (page %d) has no ToUnicode CMap"
                            % (doc.font_label(font), pages[0]))
    return verdict(problems, "%s used, each with a ToUnicode CMap" % count(len(fonts), "font"))


def to_unicode_maps(doc):
    """{font ref: {code: text}} of the used fonts that have a readable ToUnicode."""
    maps = {}
    fonts = doc.fonts_used()
    refs = [doc.pdf.resolve(f).get("/ToUnicode") for f in fonts]
    doc.pdf.prefetch([r for r in refs if is_ref(r)])
    for font in fonts:
        ref = doc.pdf.resolve(font).get("/ToUnicode")
        data = doc.pdf.data(ref) if doc.pdf.is_stream(ref) else None
        if data is not None:
            maps[font] = parse_cmap(data)
    return maps


def check_to_unicode_values(doc):
    problems = []
    for font, mapping in to_unicode_maps(doc).items():
        bad = sorted(code for code, value in mapping.items()
                     if any(ch in "\u0000\ufeff\ufffe" for ch in value))
        if bad:
            problems.append("font %s maps code %s to U+0000, U+FEFF or U+FFFE"
                            % (doc.font_label(font), ", ".join("%#x" % c for c in bad[:5])))
    return verdict(problems, "no ToUnicode value is 0, U+FEFF or U+FFFE")


STANDARD_ENCODINGS = {"WinAnsiEncoding", "MacRomanEncoding", "MacExpertEncoding"}


def check_codes_mapped(doc):
    maps, pdf, problems, shown = to_unicode_maps(doc), doc.pdf, [], 0
    for number, _, _, scan in doc.pages:
        unmapped = {}
        for font, string in scan.shown:
            if font is None:
                problems.append("page %d shows text with no font selected" % number)
                break
            d = pdf.resolve(font) or {}
            codes, two_byte = character_codes(doc, font, string)
            shown += len(codes)
            mapping = maps.get(font)
            encoding = name(pdf.resolve(d.get("/Encoding")))
            for code in codes:
                if mapping is not None and code in mapping:
                    continue
                if mapping is None and not two_byte and encoding in STANDARD_ENCODINGS:
                    continue  # no ToUnicode: UA-31-027 reports it; the encoding maps it
                unmapped.setdefault(font, set()).add(code)
        for font, codes in unmapped.items():
            problems.append("page %d: font %s shows code%s %s with no Unicode mapping"
                            % (number, doc.font_label(font), "s" if len(codes) > 1 else "",
                               ", ".join("%#x" % c for c in sorted(codes)[:5])))
    return verdict(problems, "%s shown, all mapped to Unicode" % count(shown, "character code"))


LANG_BCP47 = re.compile(r"^([A-Za-z]{2,3}|[A-Za-z]{5,8})(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
                        r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-x(-[A-Za-z0-9]{1,8})+)?$")
LANG_RFC3066 = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def check_catalog_lang(doc):
    lang = text(doc.pdf.get(doc.catalog, "/Lang"))
    if lang is None:
        return failed(["the catalog has no /Lang: the language of the text and of the "
                       "metadata cannot be determined"])
    if not LANG_BCP47.match(lang):
        return failed(["catalog /Lang %r is not a BCP 47 language tag such as en-GB" % lang])
    return passed("catalog /Lang %s" % lang)


# ----------------------------------------------------------------------------
# PDF/A-2 checks (ISO 19005-2)
# ----------------------------------------------------------------------------

def check_header(doc):
    m = re.match(rb"%PDF-(\d\.\d)(\r\n|\r|\n)%([^\r\n]{0,4})", doc.pdf.raw)
    if not m:
        return failed(["the file does not start with %PDF-n.n and an end of line"])
    problems = []
    if not re.fullmatch(rb"1\.[0-7]", m.group(1)):
        problems.append("header version %s is not 1.0 to 1.7" % m.group(1).decode())
    if len(m.group(3)) < 4 or min(m.group(3)) <= 127:
        problems.append("the second line is not a % and four bytes above 127")
    return verdict(problems, "header %%PDF-%s and a binary comment" % m.group(1).decode())


def check_trailer_id(doc):
    ids = doc.pdf.trailer.get("/ID")
    if not (isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, str) for i in ids)):
        return failed(["the trailer has no /ID [<...> <...>] file identifier"])
    return passed("trailer /ID present")


def check_no_encrypt(doc):
    if "/Encrypt" in doc.pdf.trailer or doc.pdf.encrypted:
        return failed(["the file is encrypted (trailer /Encrypt)"])
    return passed("not encrypted")


def check_eof(doc):
    tail = doc.pdf.raw[-32:]
    if not re.search(rb"%%EOF(\r\n|\r|\n)?$", tail):
        return failed(["data follows the last %%EOF (only one end of line may)"])
    return passed("nothing after %%EOF")


def check_stream_length(doc):
    pdf, problems = doc.pdf, []
    offsets = pdf.xref_offsets()
    refs = pdf.stream_refs()
    for ref in refs:
        num, gen = (int(x) for x in REF.match(ref).groups())
        if (num, gen) not in offsets:
            continue
        try:
            length, start, eol_ok = raw_stream_layout(pdf.raw, offsets[(num, gen)])
        except SyntaxProblem as e:
            problems.append("%s: %s" % (ref, e))
            continue
        if is_ref(length):
            length = raw_integer_object(pdf, offsets, length)
        if start is None or not isinstance(length, int):
            problems.append("%s: no stream keyword or /Length" % ref)
            continue
        if not eol_ok:
            problems.append("%s: 'stream' is not followed by CR LF or LF" % ref)
        if not re.match(rb"(\r\n|\r|\n)endstream", pdf.raw[start + length:start + length + 12]):
            problems.append("%s: /Length %d does not end at an end of line before 'endstream'"
                            % (ref, length))
    return verdict(problems, "%s with exact /Length" % count(len(refs), "stream"))


def raw_integer_object(pdf, offsets, ref):
    """The integer a "N G R" length reference holds, read from the file bytes."""
    num, gen = (int(x) for x in REF.match(ref).groups())
    if (num, gen) not in offsets:
        value = pdf.resolve(ref)  # inside an object stream: qpdf's value
        return value if isinstance(value, int) else None
    found = [tok for (tok, _, _), _ in zip(tokens(pdf.raw, offsets[(num, gen)]), range(4))]
    # "N G obj VALUE": the fourth token
    return found[3] if len(found) == 4 and isinstance(found[3], int) else None


def check_stream_keys(doc):
    problems = ["stream %s has %s" % (ref, ", ".join(k for k in ("/F", "/FFilter", "/FDecodeParms")
                                                      if k in doc.pdf.resolve(ref)))
                for ref in doc.pdf.stream_refs()
                if any(k in doc.pdf.resolve(ref) for k in ("/F", "/FFilter", "/FDecodeParms"))]
    return verdict(problems, "no stream refers to external data")


def check_filters(doc):
    pdf, problems = doc.pdf, []
    for ref in pdf.stream_refs():
        d = pdf.resolve(ref)
        filters = [name(pdf.resolve(f)) for f in as_list(pdf.resolve(d.get("/Filter")))]
        parms = as_list(pdf.resolve(d.get("/DecodeParms")))
        for i, f in enumerate(filters):
            if f in ("LZWDecode", "LZW"):
                problems.append("stream %s uses LZWDecode" % ref)
            elif f == "Crypt":
                parm = pdf.resolve(parms[i]) if i < len(parms) else None
                if name(pdf.get(parm, "/Name")) != "Identity":
                    problems.append("stream %s uses a Crypt filter other than Identity" % ref)
    return verdict(problems, "no LZWDecode or Crypt filter")


ICC_SPACES = {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}


def icc_problems(data, n):
    """What is wrong with an output profile (ICC header) and its /N."""
    if data is None or len(data) < 132:
        return ["not a readable ICC profile"]
    problems = []
    if data[36:40] != b"acsp":
        problems.append("no 'acsp' signature")
    if int.from_bytes(data[0:4], "big") != len(data):
        problems.append("header size %d but %d bytes" % (int.from_bytes(data[0:4], "big"), len(data)))
    if data[12:16] not in (b"mntr", b"prtr"):
        problems.append("device class %r is not mntr or prtr" % data[12:16].decode("latin-1"))
    components = ICC_SPACES.get(data[16:20])
    if components is None:
        problems.append("colour space %r is not RGB, GRAY or CMYK" % data[16:20].decode("latin-1"))
    elif n != components:
        problems.append("/N %s but the profile has %d components" % (n, components))
    if data[8] > 4:
        problems.append("ICC version %d is newer than ISO 15076-1 (4)" % data[8])
    return problems


def check_output_intent(doc):
    pdf, problems, profiles = doc.pdf, [], set()
    intents = [oi for oi in doc.output_intents if name(pdf.resolve(oi.get("/S"))) == "GTS_PDFA1"]
    for oi in intents:
        ref = oi.get("/DestOutputProfile")
        if not pdf.is_stream(ref):
            problems.append("GTS_PDFA1 output intent without an embedded DestOutputProfile stream")
            continue
        profiles.add(ref)
        for p in icc_problems(pdf.data(ref), pdf.resolve(pdf.resolve(ref).get("/N"))):
            problems.append("DestOutputProfile %s: %s" % (ref, p))
        if "/DestOutputProfileRef" in oi:
            problems.append("output intent has /DestOutputProfileRef")
    if len(profiles) > 1:
        problems.append("%d output intents with different profiles" % len(profiles))
    if not intents:
        return passed("no PDF/A output intent (A2-6.2.4.3 says whether one is needed)")
    return verdict(problems, "GTS_PDFA1 output intent with a sound ICC profile")


def check_device_colour(doc):
    profile = doc.pdfa_output_profile()
    intent_space = profile[16:20] if profile and len(profile) >= 20 else None
    covered = {"DeviceRGB": intent_space == b"RGB ", "DeviceCMYK": intent_space == b"CMYK",
               "DeviceGray": profile is not None}
    default = {"DeviceRGB": "RGB", "DeviceGray": "Gray", "DeviceCMYK": "CMYK"}
    problems, used = [], set()
    for number, _, _, scan in doc.pages:
        used |= scan.device_spaces
        for space in sorted(scan.device_spaces):
            if not covered[space] and default[space] not in scan.default_spaces:
                problems.append("page %d uses %s with no PDF/A output intent for it and no "
                                "Default%s" % (number, space, default[space]))
    return verdict(problems, "device colour (%s) covered by the output intent"
                   % (", ".join(sorted(used)) or "none used"))


STANDARD_BLEND_MODES = {"Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken",
                        "Lighten", "ColorDodge", "ColorBurn", "HardLight", "SoftLight",
                        "Difference", "Exclusion", "Hue", "Saturation", "Color", "Luminosity"}


def check_blend_modes(doc):
    pdf, problems = doc.pdf, []
    for key, entry in pdf.objects.items():
        for d in walk_dicts(entry.get("value", entry.get("stream", {}).get("dict"))):
            for mode in as_list(pdf.resolve(d.get("/BM"))):
                mode = name(pdf.resolve(mode))
                if mode and mode not in STANDARD_BLEND_MODES:
                    where = key[4:] if key.startswith("obj:") else key
                    problems.append("%s uses blend mode /%s" % (where, mode))
    return verdict(problems, "only ISO 32000-1 blend modes")


def walk_dicts(value, depth=0):
    """Every dictionary inside a (direct) value."""
    if depth > 64:
        return
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from walk_dicts(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from walk_dicts(v, depth + 1)


def check_transparency_group(doc):
    if any(name(doc.pdf.resolve(oi.get("/S"))) == "GTS_PDFA1" for oi in doc.output_intents):
        return passed("a PDF/A output intent is present, so no page group is required")
    problems = []
    for number, _, page, scan in doc.pages:
        group = doc.pdf.get(page, "/Group")
        if scan.transparency and not (isinstance(group, dict) and "/CS" in group):
            problems.append("page %d uses transparency (%s) without a /Group with /CS"
                            % (number, scan.transparency[0]))
    return verdict(problems, "every page using transparency has a /Group with /CS")


ANNOTATION_TYPES = {"Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon",
                    "PolyLine", "Highlight", "Underline", "Squiggly", "StrikeOut", "Stamp",
                    "Caret", "Ink", "Popup", "FileAttachment", "Widget", "PrinterMark",
                    "TrapNet", "Watermark", "Redact"}


def check_annotation_types(doc):
    problems = ["page %d annotation %s has subtype /%s" % (n, r, name(a.get("/Subtype")))
                for n, r, a in doc.annotations if name(a.get("/Subtype")) not in ANNOTATION_TYPES]
    return verdict(problems, "%s of permitted types" % count(len(doc.annotations), "annotation"))


def check_annotation_flags(doc):
    problems = []
    for number, ref, annot in doc.annotations:
        if name(annot.get("/Subtype")) == "Popup":
            continue
        if "/F" not in annot:
            problems.append("page %d annotation %s has no /F" % (number, ref))
            continue
        flags = number_flags(doc, annot)
        if not flags & 4 or flags & (1 | 2 | 32 | 256):
            problems.append("page %d annotation %s has /F %d: Print must be set, Hidden, "
                            "Invisible, NoView and ToggleNoView clear" % (number, ref, flags))
    return verdict(problems, "%s, each printable and visible"
                   % count(len(doc.annotations), "annotation"))


def check_annotation_appearance(doc):
    pdf, problems = doc.pdf, []
    for number, ref, annot in doc.annotations:
        subtype = name(annot.get("/Subtype"))
        ap = pdf.resolve(annot.get("/AP"))
        rect = [number_or_zero(pdf.resolve(v)) for v in as_list(pdf.resolve(annot.get("/Rect")))]
        empty = len(rect) == 4 and (rect[0] == rect[2] or rect[1] == rect[3])
        if ap is None and subtype not in ("Popup", "Link") and not empty:
            problems.append("page %d %s annotation %s has no appearance (/AP /N)"
                            % (number, subtype, ref))
        elif isinstance(ap, dict) and set(ap) != {"/N"}:
            problems.append("page %d annotation %s: /AP has %s, only /N is allowed"
                            % (number, ref, " ".join(sorted(set(ap) - {"/N"})) or "no /N"))
    return verdict(problems, "annotation appearances as PDF/A requires")


def number_or_zero(value):
    return number(value, 0)


FORBIDDEN_ACTIONS = {"Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide",
                     "SetOCGState", "Rendition", "Trans", "GoTo3DView", "JavaScript",
                     "set-state", "no-op"}
ACTION_TYPES = FORBIDDEN_ACTIONS | {"GoTo", "GoToR", "GoToE", "Thread", "URI", "Named",
                                    "SubmitForm"}
ALLOWED_NAMED = {"NextPage", "PrevPage", "FirstPage", "LastPage"}


def action_dicts(pdf):
    """(where, dict) of every action dictionary in the file."""
    for key, entry in pdf.objects.items():
        value = entry.get("value", entry.get("stream", {}).get("dict"))
        yield from _actions_in(value, key[4:] if key.startswith("obj:") else key, None, 0)


def _actions_in(value, where, parent_key, depth):
    if depth > 64:
        return
    if isinstance(value, dict):
        s = name(value.get("/S"))
        looks_like = name(value.get("/Type")) == "Action" or (
            s in ACTION_TYPES and name(value.get("/Type")) in (None, "Action"))
        if looks_like or (parent_key in ("/A", "/OpenAction", "/Next", "AA") and s):
            yield where, value
        for k, v in value.items():
            yield from _actions_in(v, where, "AA" if parent_key == "/AA" else k, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _actions_in(v, where, parent_key, depth + 1)


def check_actions(doc):
    pdf, problems, seen = doc.pdf, [], 0
    for where, action in action_dicts(pdf):
        seen += 1
        kind = name(pdf.resolve(action.get("/S")))
        if kind in FORBIDDEN_ACTIONS:
            problems.append("%s has a %s action" % (where, kind))
        elif kind == "Named" and name(pdf.resolve(action.get("/N"))) not in ALLOWED_NAMED:
            problems.append("%s has a Named action /%s" % (where, name(pdf.resolve(action.get("/N")))))
    if "/JavaScript" in (pdf.get(doc.catalog, "/Names") or {}):
        problems.append("the catalog /Names has a JavaScript name tree")
    return verdict(problems, "%s, none forbidden" % count(seen, "action"))


def check_additional_actions(doc):
    problems = ["the catalog has /AA"] if "/AA" in doc.catalog else []
    problems += ["page %d has /AA" % n for n, _, page, _ in doc.pages if "/AA" in page]
    return verdict(problems, "no /AA on the catalog or pages")


def check_lang_values(doc):
    pdf, problems, seen = doc.pdf, [], 0
    candidates = [("catalog", pdf.resolve(doc.catalog.get("/Lang")))]
    candidates += [(e.label(), pdf.resolve(e.dict.get("/Lang"))) for e in doc.struct.elems]
    for where, value in candidates:
        if value is None:
            continue
        seen += 1
        if not LANG_RFC3066.match(text(value) or ""):
            problems.append("%s /Lang %r is not a language identifier" % (where, text(value)))
    for number, _, _, scan in doc.pages:
        for lang in scan.langs:
            seen += 1
            if not LANG_RFC3066.match(lang or ""):
                problems.append("page %d marked content /Lang %r is not a language identifier"
                                % (number, lang))
    return verdict(problems, "%s, all language identifiers" % count(seen, "/Lang value"))


PDF_DATE = re.compile(r"^(D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                      r"(?:([Z+\-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?$")
STRICT_PDF_DATE = re.compile(r"^D:\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}"
                             r"([Z+\-](\d{2}'?(\d{2}'?)?)?)?)?)?)?)?)?$")


def pdf_date(value):
    """datetime of a PDF date string (D: optional here), or None."""
    m = PDF_DATE.match(value or "")
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) if g else d for g, d in
                                              zip(m.groups()[1:7], (0, 1, 1, 0, 0, 0)))
    zone = None
    if m.group(8) == "Z":
        zone = datetime.timezone.utc
    elif m.group(8):
        sign = 1 if m.group(8) == "+" else -1
        zone = datetime.timezone(sign * datetime.timedelta(hours=int(m.group(9) or 0),
                                                           minutes=int(m.group(10) or 0)))
    try:
        return datetime.datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def xmp_date(value):
    value = (value or "").strip()
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        m = re.match(r"^(\d{4})(-(\d{2}))?(-(\d{2}))?$", value)
        return datetime.datetime(int(m.group(1)), int(m.group(3) or 1), int(m.group(5) or 1)) \
            if m else None


def same_instant(a, b):
    if a is None or b is None:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a == b


INFO_XMP = [("/Title", "dc", "title", "text"), ("/Author", "dc", "creator", "text"),
            ("/Subject", "dc", "description", "text"), ("/Keywords", "pdf", "Keywords", "text"),
            ("/Creator", "xmp", "CreatorTool", "text"), ("/Producer", "pdf", "Producer", "text"),
            ("/CreationDate", "xmp", "CreateDate", "date"),
            ("/ModDate", "xmp", "ModifyDate", "date")]


def check_info_matches_xmp(doc):
    xmp, why = doc.xmp
    if not isinstance(doc.info, dict):
        return passed("no Info dictionary")
    if xmp is None:
        return not_applicable(why)
    problems = []
    for key, prefix, local, kind in INFO_XMP:
        value = text(doc.pdf.get(doc.info, key))
        if value is None:
            continue
        other = xmp.value(prefix, local)
        if other is None:
            problems.append("Info %s has no XMP %s:%s" % (key, prefix, local))
        elif kind == "date" and not same_instant(pdf_date(value), xmp_date(other)):
            problems.append("Info %s %s differs from %s:%s %s" % (key, value, prefix, local, other))
        elif kind == "text" and value != other:
            problems.append("Info %s %r differs from %s:%s %r" % (key, value, prefix, local, other))
    return verdict(problems, "Info entries agree with the XMP")


def check_info_dates(doc):
    if not isinstance(doc.info, dict):
        return passed("no Info dictionary")
    problems = []
    for key in ("/CreationDate", "/ModDate"):
        value = text(doc.pdf.get(doc.info, key))
        if value is not None and not (STRICT_PDF_DATE.match(value) and pdf_date(value)):
            problems.append("Info %s %r is not a date of the form D:YYYYMMDDHHmmSSOHH'mm"
                            % (key, value))
    return verdict(problems, "Info dates in D: form")


def check_outline_count(doc):
    pdf = doc.pdf
    root = pdf.get(doc.catalog, "/Outlines")
    if not isinstance(root, dict):
        return passed("no outline")
    problems, seen = [], set()

    def visible(first, depth):
        """Visible items below (and including) the chain starting at first."""
        total, item = 0, first
        while is_ref(item) and item not in seen and depth < 64:
            seen.add(item)
            d = pdf.resolve(item) or {}
            below = visible(d.get("/First"), depth + 1)
            c = pdf.resolve(d.get("/Count"))
            if below and not isinstance(c, int):
                problems.append("outline item %s has children but no /Count" % item)
            elif isinstance(c, int) and abs(c) != below_all(d):
                problems.append("outline item %s has /Count %d for %d descendants"
                                % (item, c, below_all(d)))
            total += 1 + (below if isinstance(c, int) and c > 0 else 0)
            item = d.get("/Next")
        return total

    def below_all(d):
        n, item, guard = 0, d.get("/First"), 0
        while is_ref(item) and guard < 10000:
            child = pdf.resolve(item) or {}
            c = pdf.resolve(child.get("/Count"))
            n += 1 + (c if isinstance(c, int) and c > 0 else 0)
            item, guard = child.get("/Next"), guard + 1
        return n

    shown = visible(root.get("/First"), 0)
    c = pdf.resolve(root.get("/Count"))
    if isinstance(c, int) and c < 0:
        problems.insert(0, "the outline root has /Count %d: it must not be negative "
                           "(it is the number of visible items, %d)" % (c, shown))
    elif isinstance(c, int) and c != shown:
        problems.insert(0, "the outline root has /Count %d but %d items are visible" % (c, shown))
    return verdict(problems, "outline /Count values consistent (%s visible)" % count(shown, "item"))


# ----------------------------------------------------------------------------
# The table of checks
# ----------------------------------------------------------------------------

CHECKS = [
    # PDF/UA-1 (Matterhorn Protocol 1.1; ISO 14289-1 clause where unnumbered)
    ("UA-01-001-running", check_running_text_tagged,
     "(heuristic for the human check 01-001, artifact tagged as real content) the same text "
     "at the same place on several pages (running header/footer, repeated table head) is "
     "tagged as content on more than one of them"),
    ("UA-01-003", check_artifact_in_tagged,
     "content marked as Artifact is present inside tagged (MCID) content"),
    ("UA-01-004", check_tagged_in_artifact,
     "tagged (MCID) content is present inside content marked as Artifact"),
    ("UA-01-005", check_untagged_content,
     "page content (text, paths, images) neither tagged with an MCID nor marked Artifact; "
     "also broken BDC/BMC/EMC nesting"),
    ("UA-01-007", check_suspects, "MarkInfo /Suspects is true"),
    ("UA-6.2+A2-6.7.2.2", check_mark_info, "catalog MarkInfo /Marked is not true"),
    ("UA-7.1-struct-tree+A2-6.7.3.3", check_struct_tree,
     "no StructTreeRoot, an empty one, or elements without /S or a correct /P"),
    ("UA-7.1-parent-tree", check_parent_tree,
     "MCIDs on pages and the structure tree disagree through ParentTree/StructParents "
     "(ISO 32000-1 14.7.4.4)"),
    ("UA-02-001+A2-6.7.3.4", check_role_map_terminates,
     "a non-standard structure type is not role-mapped to a standard type"),
    ("UA-02-002", check_role_map_circular, "a circular role mapping exists"),
    ("UA-02-003", check_standard_remapped, "a standard structure type is remapped in RoleMap"),
    ("UA-06-001+A2-6.6.2.1", check_xmp_present,
     "the catalog has no XMP metadata stream (/Metadata, /Type /Metadata /Subtype /XML)"),
    ("A2-6.6.2.1-xmp", check_xmp_packet,
     "the XMP is not well-formed UTF-8, or its xpacket header has bytes/encoding attributes"),
    ("UA-06-002", check_pdfua_id, "the XMP does not say pdfuaid:part 1"),
    ("UA-06-003", check_dc_title, "the XMP has no (or an empty) dc:title"),
    ("A2-6.6.4", check_pdfa_id, "the XMP does not say pdfaid:part 2 and pdfaid:conformance A"),
    ("A2-6.6.2.3.1", check_xmp_schemas,
     "an XMP property namespace is neither predefined nor declared in a pdfaExtension "
     "schema (pdfuaid needs one)"),
    ("UA-07-001", check_display_doc_title_present,
     "ViewerPreferences has no DisplayDocTitle entry"),
    ("UA-07-002", check_display_doc_title_true, "ViewerPreferences DisplayDocTitle is false"),
    ("UA-09-004", check_table_nesting,
     "table elements break ISO 32000-1 Table 337 (TR in Table/THead/TBody/TFoot, TH/TD in TR)"),
    ("UA-09-005", check_list_nesting,
     "list elements break ISO 32000-1 Table 336 (LI in L, Lbl/LBody in LI)"),
    ("UA-11-006", check_catalog_lang,
     "catalog /Lang missing or not a BCP 47 tag, so the language of text and metadata "
     "cannot be determined (also 11-001)"),
    ("A2-6.7.4", check_lang_values,
     "a /Lang (catalog, structure element, marked content) is not a language identifier"),
    ("UA-13-004", check_figure_alt, "a Figure has no /Alt (or /ActualText)"),
    ("UA-14-002", check_first_heading, "numbered headings are used but the first is not H1"),
    ("UA-14-003", check_heading_skips, "a numbered heading level is skipped (H3 after H1)"),
    ("UA-15-003", check_th_scope,
     "a TH has no /Scope in an /O /Table attribute (tables without Headers/IDs)"),
    ("UA-28-002", check_annots_in_annot_tag,
     "an annotation other than Link, Widget or PrinterMark is not in an Annot element"),
    ("UA-28-008", check_tabs_present, "a page with annotations has no /Tabs"),
    ("UA-28-009", check_tabs_structure, "a page with annotations has /Tabs other than /S"),
    ("UA-28-011", check_link_in_link_tag,
     "a Link annotation has no /StructParent leading to a Link element with an OBJR to it"),
    ("UA-28-012", check_link_contents, "a Link annotation has no /Contents description"),
    ("UA-31-009+A2-6.2.11.4.1", check_fonts_embedded,
     "a font used by the content is not embedded (Type 3 exempt)"),
    ("UA-31-027+A2-6.2.11.7.2", check_to_unicode_present,
     "a font used has no ToUnicode CMap (project rule: stricter than 31-027, which exempts "
     "WinAnsi/MacRoman simple fonts)"),
    ("UA-31-028+A2-6.2.11.7.2", check_to_unicode_values,
     "a ToUnicode CMap maps a code to U+0000, U+FEFF or U+FFFE (also 31-029)"),
    ("UA-10-001", check_codes_mapped, "a character code shown cannot be mapped to Unicode"),
    # PDF/A-2 (ISO 19005-2) and what it inherits
    ("UA-6.1+A2-6.1.2", check_header,
     "the header is not %PDF-1.0..1.7 followed by a comment of four bytes above 127"),
    ("A2-6.1.3-id", check_trailer_id, "the trailer has no /ID"),
    ("A2-6.1.3-encrypt", check_no_encrypt, "the file is encrypted"),
    ("A2-6.1.3-eof", check_eof, "data follows the last %%EOF"),
    ("A2-6.1.7.1-length", check_stream_length,
     "a stream's /Length is wrong, or 'stream'/'endstream' lack their end-of-line markers"),
    ("A2-6.1.7.1-keys", check_stream_keys, "a stream dictionary has /F, /FFilter or /FDecodeParms"),
    ("A2-6.1.7.2", check_filters, "a stream uses LZWDecode, or a Crypt filter not Identity"),
    ("A2-6.2.3", check_output_intent,
     "a GTS_PDFA1 output intent lacks a sound embedded ICC DestOutputProfile (class mntr/prtr, "
     "/N matching)"),
    ("A2-6.2.4.3", check_device_colour,
     "DeviceRGB/Gray/CMYK is used without a PDF/A output intent of that kind or a Default "
     "colour space"),
    ("A2-6.2.10-bm", check_blend_modes, "a blend mode outside ISO 32000-1 is used"),
    ("A2-6.2.10-group", check_transparency_group,
     "with no output intent, a page using transparency (CA/ca<1, soft masks, blend modes) "
     "has no /Group with /CS"),
    ("A2-6.3.1", check_annotation_types,
     "an annotation type is not in ISO 32000-1, or is 3D, Sound, Screen or Movie"),
    ("A2-6.3.2", check_annotation_flags,
     "an annotation lacks /F, or its Print flag is clear, or Hidden/Invisible/NoView/"
     "ToggleNoView is set"),
    ("A2-6.3.3", check_annotation_appearance,
     "an annotation (not Link/Popup) has no /AP, or an /AP has keys other than /N"),
    ("A2-6.5.1", check_actions,
     "a forbidden action (JavaScript, Launch, Movie, ...) or a Named action other than "
     "page navigation"),
    ("A2-6.5.2", check_additional_actions, "the catalog or a page has an /AA dictionary"),
    ("A1-6.7.3-info-xmp", check_info_matches_xmp,
     "an Info entry (Title, Author, Subject, Keywords, Creator, Producer, dates) has no equal "
     "XMP property (PDF/A-1 rule, kept: readers show either)"),
    ("PDF-7.9.4-info-dates", check_info_dates,
     "Info CreationDate/ModDate not in the D:YYYYMMDDHHmmSSOHH'mm' form"),
    ("PDF-12.3.3-outline-count", check_outline_count,
     "the outline root /Count is negative or wrong, or an item's /Count disagrees with its "
     "children (ISO 32000-1 Table 152/153)"),
]
CHECK_IDS = [c[0] for c in CHECKS]


# ----------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------

def run_checks(path, only):
    try:
        doc = Document(PdfFile(path))
    except (QpdfError, ValueError, KeyError) as e:
        return [("PDF-read", "FAIL", "qpdf cannot read the file: %s" % e)]
    results = []
    for check_id, function, _ in CHECKS:
        if only and check_id not in only:
            continue
        try:
            status, message = function(doc)
        except QpdfError as e:
            status, message = "FAIL", "qpdf: %s" % e
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as e:
            # A file shaped unlike anything the check expects: say so on its line.
            status, message = "FAIL", "cannot check this file (%s: %s)" % (type(e).__name__, e)
        results.append((check_id, status, message))
    return results


def usage(message):
    sys.stderr.write("pdf_conformance: %s\nusage: pdf_conformance.py [--json] "
                     "[--only ID[,ID...]] FILE.pdf...\n       pdf_conformance.py --list\n"
                     % message)
    return 2


def main(argv):
    as_json, only, files = False, set(), []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--list":
            for check_id, _, explanation in CHECKS:
                print("%-32s FAIL when %s" % (check_id, explanation))
            return 0
        if arg == "--json":
            as_json = True
        elif arg == "--only" and args:
            only |= set(args.pop(0).split(","))
        elif arg in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif arg.startswith("-"):
            return usage("unknown option %s" % arg)
        else:
            files.append(arg)
    if not files:
        return usage("no PDF file given")
    unknown = only - set(CHECK_IDS)
    if unknown:
        return usage("no check named %s (see --list)" % ", ".join(sorted(unknown)))
    report, any_failed = [], False
    for path in files:
        try:
            open(path, "rb").close()
        except OSError as e:
            return usage("%s: %s" % (path, e.strerror))
        try:
            results = run_checks(path, only)
        except QpdfMissing as e:
            sys.stderr.write("pdf_conformance: %s\n" % e)
            return 2
        failures = sum(1 for r in results if r[1] == "FAIL")
        any_failed |= failures > 0
        report.append({"file": path, "failed": failures,
                       "results": [{"id": i, "status": s, "message": m} for i, s, m in results]})
        if not as_json:
            for check_id, status, message in results:
                print("%s %s %s" % (status, check_id, message))
            print("pdf_conformance: %s: %d ok, %d FAIL" % (path, len(results) - failures, failures))
    if as_json:
        json.dump({"files": report}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 1 if any_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
