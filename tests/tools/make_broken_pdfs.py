#!/usr/bin/env python3
"""make_broken_pdfs.py - one deliberately broken PDF per conformance check.

usage: make_broken_pdfs.py GOOD.pdf OUTDIR
       make_broken_pdfs.py --list

Reads GOOD.pdf (normally the fixture of make_good_pdf.py) as qpdf JSON with
decoded streams, and for every variant in VARIANTS changes a few objects and
lets qpdf write the result (qpdf GOOD.pdf --update-from-json=PATCH OUT.pdf),
or uses a qpdf transformation (--force-version, --encrypt).  Only what qpdf
cannot write wrongly on purpose is edited as bytes after qpdf: the binary
header comment, the trailer /ID, data after %%EOF and a stream /Length; each
such edit keeps every byte offset.

Writes OUTDIR/<variant>.pdf and OUTDIR/variants.tsv, one line per variant:
FILE <TAB> CHECK-ID <TAB> what was broken.  tests/e2e/conformance_selftest.sh
checks that pdf_conformance.py fails exactly CHECK-ID on each FILE.
Exit 0 done, 1 GOOD.pdf lacks something a variant needs (or qpdf failed),
2 usage.
"""
import base64
import copy
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfjson  # noqa: E402  (the lexer and the CMap reader)
from make_good_pdf import cmap_text  # noqa: E402

# Options for every write: the fixture's own file-structure choices, so a
# variant differs from the good file only where it is meant to.
BASE_QPDF_ARGS = ["--object-streams=disable", "--newline-before-endstream", "--deterministic-id"]


class Broken(Exception):
    """The good PDF lacks what a variant needs, or qpdf failed."""


def qpdf(args):
    proc = subprocess.run(["qpdf"] + args, capture_output=True)
    if proc.returncode not in (0, 3):
        raise Broken("qpdf %s: %s" % (" ".join(args), proc.stderr.decode("utf-8", "replace").strip()))
    return proc.stdout


# ----------------------------------------------------------------------------
# The good file as editable qpdf JSON
# ----------------------------------------------------------------------------

class Good:
    """The good PDF's objects (qpdf JSON, streams decoded where qpdf can)."""

    def __init__(self, path):
        self.path = path
        doc = json.loads(qpdf(["--json-output", "--decode-level=generalized", path, "-"]))
        self.header = doc["qpdf"][0]
        self.objects = doc["qpdf"][1]
        self.trailer = self.objects["trailer"]["value"]

    def entry(self, ref):
        return self.objects["obj:" + ref]

    def value(self, ref):
        entry = self.entry(ref)
        return entry["stream"]["dict"] if "stream" in entry else entry["value"]

    def resolve(self, value):
        return self.value(value) if pdfjson.is_ref(value) else value

    def data(self, ref):
        stream = self.entry(ref)["stream"]
        if "/Filter" in stream["dict"]:
            raise Broken("stream %s cannot be decoded for editing" % ref)
        return base64.b64decode(stream["data"])

    def refs(self, predicate):
        found = []
        for key, entry in self.objects.items():
            if key.startswith("obj:"):
                value = entry["stream"]["dict"] if "stream" in entry else entry["value"]
                if isinstance(value, dict) and predicate(value):
                    found.append(key[4:])
        return sorted(found, key=lambda r: int(r.split()[0]))

    def catalog(self):
        return self.trailer["/Root"]

    def pages(self):
        def kids(node):
            value = self.resolve(node)
            if value.get("/Type") == "/Page":
                return [node]
            return [p for k in value.get("/Kids", []) for p in kids(k)]
        return kids(self.value(self.catalog())["/Pages"])

    def struct_elems(self, kind=None):
        def is_elem(v):
            return "/S" in v and "/P" in v and v.get("/Type", "/StructElem") == "/StructElem"
        found = self.refs(is_elem)
        return [r for r in found if kind is None or self.value(r)["/S"] == "/" + kind]

    def annotations(self, subtype):
        return [a for p in self.pages() for a in self.resolve(self.value(p).get("/Annots", []))
                if self.resolve(a).get("/Subtype") == "/" + subtype]


def need(found, what):
    """The first of found that is not None; Broken if there is none."""
    found = [f for f in found if f is not None]
    if not found:
        raise Broken("the good PDF has no %s to break" % what)
    return found[0]


# ----------------------------------------------------------------------------
# A variant: a patch of changed objects, qpdf options, byte edits
# ----------------------------------------------------------------------------

class Variant:
    def __init__(self, good):
        self.good = good
        self.patch = {}
        self.qpdf_args = list(BASE_QPDF_ARGS)
        self.byte_edit = None
        self.next_id = good.header["maxobjectid"] + 1

    # -- reading (the patched value if this variant changed it) -------------

    def value(self, ref):
        if "obj:" + ref in self.patch:
            entry = self.patch["obj:" + ref]
            return copy.deepcopy(entry["stream"]["dict"] if "stream" in entry else entry["value"])
        return copy.deepcopy(self.good.value(ref))

    def data(self, ref):
        if "obj:" + ref in self.patch:
            return base64.b64decode(self.patch["obj:" + ref]["stream"]["data"])
        return self.good.data(ref)

    # -- writing --------------------------------------------------------------

    def set(self, ref, value):
        if "stream" in self.good.objects.get("obj:" + ref, {}):
            self.set_stream(ref, self.data(ref), value)
        else:
            self.patch["obj:" + ref] = {"value": value}

    def set_stream(self, ref, data, dictionary=None):
        dictionary = self.value(ref) if dictionary is None else dictionary
        self.patch["obj:" + ref] = {"stream": {"dict": dictionary,
                                               "data": base64.b64encode(data).decode("ascii")}}

    def add(self, value):
        ref = "%d 0 R" % self.next_id
        self.next_id += 1
        self.patch["obj:" + ref] = {"value": value}
        return ref

    def add_stream(self, dictionary, data):
        ref = self.add(None)
        self.set_stream(ref, data, dictionary)
        return ref

    def edit(self, ref, **changes):
        """Set or (with None) delete keys of a dictionary object; keys without '/'."""
        value = self.value(ref)
        for key, new in changes.items():
            if new is None:
                value.pop("/" + key, None)
            else:
                value["/" + key] = new
        self.set(ref, value)

    # -- things variants change -------------------------------------------

    def catalog_edit(self, **changes):
        self.edit(self.good.catalog(), **changes)

    def first_page(self):
        return self.good.pages()[0]

    def content(self, page):
        contents = self.value(page).get("/Contents")
        refs = [contents] if pdfjson.is_ref(contents) else contents
        return b"\n".join(self.data(r) for r in refs)

    def set_content(self, page, ops):
        data = b"\n".join(serialize(op, args) for op, args in ops) + b"\n"
        self.edit(page, Contents=self.add_stream({}, data))

    def page_ops(self, page):
        return list(pdfjson.operations(self.content(page)))

    def xmp(self):
        ref = need([self.value(self.good.catalog()).get("/Metadata")], "XMP metadata")
        return ref, self.data(ref).decode("utf-8")

    def set_xmp(self, pattern, replacement, what):
        ref, text = self.xmp()
        new, n = re.subn(pattern, replacement, text, count=1, flags=re.S)
        if n != 1:
            raise Broken("the good PDF's XMP has no %s" % what)
        self.set_stream(ref, new.encode("utf-8"))

    def info_edit(self, **changes):
        self.edit(need([self.good.trailer.get("/Info")], "Info dictionary"), **changes)

    def font(self):
        page = self.value(self.first_page())
        fonts = self.good.resolve(self.good.resolve(page["/Resources"]).get("/Font", {}))
        return need(sorted(v for v in fonts.values() if pdfjson.is_ref(v)), "font")

    def to_unicode(self):
        ref = need([self.value(self.font()).get("/ToUnicode")], "ToUnicode CMap")
        return ref, pdfjson.parse_cmap(self.data(ref))

    def shown_codes(self):
        return {code for op, args in self.page_ops(self.first_page()) if op in ("Tj", "TJ")
                for s in ([args[0]] if op == "Tj" else [a for a in args[0] if isinstance(a, bytes)])
                for code in s}

    def document_elem(self):
        root = self.value(self.good.catalog())["/StructTreeRoot"]
        return need(pdfjson.as_list(self.value(root)["/K"]), "structure element under the root")

    def add_annotation(self, subtype, annot_element):
        """Add a visible, printable annotation with an appearance and
        /Contents; with annot_element, also an Annot element owning it."""
        page = self.first_page()
        form = self.add_stream({"/Type": "/XObject", "/Subtype": "/Form", "/BBox": [0, 0, 20, 20]},
                               b"")
        annot = self.add({"/Type": "/Annot", "/Subtype": "/" + subtype, "/Rect": [500, 780, 520, 800],
                          "/F": 4, "/Contents": "u:A note", "/AP": {"/N": form}})
        page_dict = self.value(page)
        self.edit(page, Annots=self.good.resolve(page_dict.get("/Annots", [])) + [annot])
        if annot_element:
            root_ref = self.value(self.good.catalog())["/StructTreeRoot"]
            root = self.value(root_ref)
            key = root.get("/ParentTreeNextKey", 1000)
            document = self.document_elem()
            elem = self.add({"/Type": "/StructElem", "/S": "/Annot", "/P": document, "/Pg": page,
                             "/K": [{"/Type": "/OBJR", "/Obj": annot, "/Pg": page}]})
            self.edit(document, K=pdfjson.as_list(self.value(document)["/K"]) + [elem])
            self.edit(annot, StructParent=key)
            tree_ref = root["/ParentTree"]
            tree = self.value(tree_ref) if pdfjson.is_ref(tree_ref) else tree_ref
            tree["/Nums"] = tree.get("/Nums", []) + [key, elem]
            if pdfjson.is_ref(tree_ref):
                self.set(tree_ref, tree)
            else:
                root["/ParentTree"] = tree
            root["/ParentTreeNextKey"] = key + 1
            self.set(root_ref, root)
        return annot

    def parent_tree(self):
        """(ref or None, dict) of the ParentTree; its /Nums must be at the top."""
        root = self.value(self.value(self.good.catalog())["/StructTreeRoot"])
        ref = root["/ParentTree"]
        tree = self.value(ref) if pdfjson.is_ref(ref) else ref
        if "/Nums" not in tree:
            raise Broken("the good PDF's ParentTree has no /Nums at its root")
        return ref, tree

    def add_tagged(self, kind, page, key, mcid):
        """A new element of kind owning MCID mcid on page, under the document
        element, entered in the ParentTree array for key."""
        document = self.document_elem()
        elem = self.add({"/Type": "/StructElem", "/S": "/" + kind, "/P": document, "/Pg": page,
                         "/K": mcid})
        self.edit(document, K=pdfjson.as_list(self.value(document)["/K"]) + [elem])
        ref, tree = self.parent_tree()
        nums = tree["/Nums"]
        for i in range(0, len(nums) - 1, 2):
            if nums[i] == key:
                array = self.good.resolve(nums[i + 1])
                if len(array) != mcid:
                    raise Broken("MCID %d is not the next one for ParentTree key %d" % (mcid, key))
                nums[i + 1] = array + [elem]
                break
        else:
            nums += [key, [elem]]
        self.set(ref, tree)

    # -- output ---------------------------------------------------------------

    def write(self, out):
        patch_path = out + ".patch.json"
        with open(patch_path, "w", encoding="utf-8") as f:
            json.dump({"qpdf": [dict(self.good.header, maxobjectid=self.next_id - 1), self.patch]}, f)
        qpdf([self.good.path, "--update-from-json=" + patch_path] + self.qpdf_args + [out])
        os.remove(patch_path)
        if self.byte_edit:
            with open(out, "rb") as f:
                data = f.read()
            edited = self.byte_edit(data)
            if len(edited) < len(data):
                raise Broken("a byte edit of %s changed offsets" % out)
            with open(out, "wb") as f:
                f.write(edited)


# ----------------------------------------------------------------------------
# Content streams: write operations back as PDF syntax
# ----------------------------------------------------------------------------

def serialize_operand(value):
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if value is None:
        return b"null"
    if isinstance(value, pdfjson.Name):
        return b"/" + re.sub(rb"[^!-~]|[#()<>\[\]{}/%]",
                             lambda m: b"#%02X" % m.group(0)[0], value.encode("latin-1"))
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        return ("%.6f" % value).rstrip("0").rstrip(".").encode("ascii")
    if isinstance(value, bytes):
        return b"<" + value.hex().encode("ascii") + b">"
    if isinstance(value, list):
        return b"[" + b" ".join(serialize_operand(v) for v in value) + b"]"
    if isinstance(value, dict):
        return b"<<" + b" ".join(serialize_operand(pdfjson.Name(k)) + b" " + serialize_operand(v)
                                 for k, v in value.items()) + b">>"
    raise Broken("cannot write operand %r" % (value,))


def serialize(op, args):
    if op == "BI":
        raise Broken("inline images are not rewritten")
    return b" ".join([serialize_operand(a) for a in args] + [op.encode("latin-1")])


def marked_sequences(ops):
    """[(start, end)] op indexes of each BDC carrying an MCID and its EMC."""
    found, stack = [], []
    for i, (op, args) in enumerate(ops):
        if op in ("BDC", "BMC"):
            props = args[1] if op == "BDC" and len(args) > 1 else {}
            stack.append((i, isinstance(props, dict) and "MCID" in props))
        elif op == "EMC" and stack:
            start, has_mcid = stack.pop()
            if has_mcid:
                found.append((start, i))
    return sorted(found)


def lzw_encode(data):
    """LZWDecode data with EarlyChange 1 (ISO 32000-1 7.4.4).  The decoder
    adds each table entry one code later than the encoder, and widens its
    codes once it has added code 2**width - 2; so the encoder widens once it
    has added code 2**width - 1."""
    clear, end_of_data = 256, 257
    out, bits, nbits = bytearray(), 0, 0

    def emit(code, width):
        nonlocal bits, nbits
        bits, nbits = (bits << width) | code, nbits + width
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)

    def fresh():
        return {bytes([i]): i for i in range(256)}, 258, 9

    table, next_code, width = fresh()
    emit(clear, width)
    word = b""
    for byte in data:
        candidate = word + bytes([byte])
        if candidate in table:
            word = candidate
            continue
        emit(table[word], width)
        table[candidate], next_code = next_code, next_code + 1
        word = bytes([byte])
        if next_code >= 4000:  # well before 12-bit codes run out
            emit(clear, width)
            table, next_code, width = fresh()
        elif next_code - 1 == (1 << width) - 1:
            width += 1
    if word:
        emit(table[word], width)
    emit(end_of_data, width)
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)


# ----------------------------------------------------------------------------
# The variants, one or more per check of pdf_conformance.py
# ----------------------------------------------------------------------------

def artifact_in_tagged(v):
    page = v.first_page()
    ops = v.page_ops(page)
    start, _ = need(marked_sequences(ops), "MCID sequence")
    ops[start + 1:start + 1] = [("BMC", [pdfjson.Name("Artifact")]), ("re", [0, 0, 1, 1]),
                                ("f", []), ("EMC", [])]
    v.set_content(page, ops)


def tagged_in_artifact(v):
    page = v.first_page()
    ops = v.page_ops(page)
    start, end = need(marked_sequences(ops)[::-1], "MCID sequence")
    ops[end + 1:end + 1] = [("EMC", [])]
    ops[start:start] = [("BMC", [pdfjson.Name("Artifact")])]
    v.set_content(page, ops)


def untagged_content(v):
    page = v.first_page()
    v.set_content(page, v.page_ops(page) + [("re", [72, 20, 1, 1]), ("f", [])])


def marked_content_unbalanced(v):
    page = v.first_page()
    v.set_content(page, v.page_ops(page) + [("EMC", [])])


def running_footer_tagged(v):
    """A second page with the same footer, and the footer tagged as a P
    (not an Artifact) on both pages."""
    page = v.first_page()
    ops = v.page_ops(page)
    footer = need([i for i, (op, args) in enumerate(ops)
                   if op == "BDC" and args and args[0] == "Artifact"], "Artifact footer")
    end = footer + next(i for i, (op, _) in enumerate(ops[footer:]) if op == "EMC")
    mcid = len(marked_sequences(ops))
    footer_ops = [("BDC", [pdfjson.Name("P"), {"MCID": 0}])] + ops[footer + 1:end + 1]
    ops[footer] = ("BDC", [pdfjson.Name("P"), {"MCID": mcid}])
    v.set_content(page, ops)
    v.add_tagged("P", page, v.value(page)["/StructParents"], mcid)

    pages_ref = v.value(page)["/Parent"]
    pages = v.value(pages_ref)
    root = v.value(v.value(v.good.catalog())["/StructTreeRoot"])
    key = root.get("/ParentTreeNextKey", 1000)
    second = v.add({"/Type": "/Page", "/Parent": pages_ref, "/MediaBox": v.value(page)["/MediaBox"],
                    "/Resources": v.value(page)["/Resources"], "/StructParents": key,
                    "/Group": v.value(page).get("/Group")})
    v.set_content(second, footer_ops)
    v.add_tagged("P", second, key, 0)
    root = v.value(v.value(v.good.catalog())["/StructTreeRoot"])
    root["/ParentTreeNextKey"] = key + 1
    v.set(v.value(v.good.catalog())["/StructTreeRoot"], root)
    pages["/Kids"] = pages["/Kids"] + [second]
    pages["/Count"] = pages["/Count"] + 1
    v.set(pages_ref, pages)


def suspects(v):
    v.catalog_edit(MarkInfo={"/Marked": True, "/Suspects": True})


def not_marked(v):
    v.catalog_edit(MarkInfo={"/Marked": False})


def struct_elem_without_parent(v):
    v.edit(need(v.good.struct_elems("P"), "P element"), P=None)


def page_without_struct_parents(v):
    v.edit(v.first_page(), StructParents=None)


def nonstandard_type(v):
    v.edit(need(v.good.struct_elems("P"), "P element"), S="/Para")


def circular_role_map(v):
    nonstandard_type(v)
    root = v.value(v.good.catalog())["/StructTreeRoot"]
    v.edit(root, RoleMap={"/Para": "/Para2", "/Para2": "/Para"})


def standard_type_remapped(v):
    root = v.value(v.good.catalog())["/StructTreeRoot"]
    v.edit(root, RoleMap={"/P": "/Span"})


def no_metadata(v):
    v.catalog_edit(Metadata=None)


def xmp_packet_header(v):
    v.set_xmp(r"<\?xpacket begin=", '<?xpacket bytes="2048" begin=', "xpacket header")


def no_pdfuaid(v):
    v.set_xmp(r"\s*<pdfuaid:part>[^<]*</pdfuaid:part>", "", "pdfuaid:part")


def no_dc_title(v):
    v.set_xmp(r"\s*<dc:title>.*?</dc:title>", "", "dc:title")
    v.info_edit(Title=None)


def pdfa_level_b(v):
    v.set_xmp(r"<pdfaid:conformance>A<", "<pdfaid:conformance>B<", "pdfaid:conformance A")


def no_extension_schema(v):
    v.set_xmp(r"\s*<pdfaExtension:schemas>.*</pdfaExtension:schemas>", "",
              "pdfaExtension:schemas")


def no_viewer_preferences(v):
    v.catalog_edit(ViewerPreferences=None)


def display_doc_title_false(v):
    v.catalog_edit(ViewerPreferences={"/DisplayDocTitle": False})


def table_row_as_div(v):
    v.edit(need(v.good.struct_elems("TR"), "TR element"), S="/Div")


def list_item_as_div(v):
    v.edit(need(v.good.struct_elems("LI"), "LI element"), S="/Div")


def no_catalog_lang(v):
    v.catalog_edit(Lang=None)


def bad_elem_lang(v):
    elem = need([r for r in v.good.struct_elems() if "/Lang" in v.good.value(r)],
                "structure element with /Lang")
    v.edit(elem, Lang="u:en_GB!")


def figure_without_alt(v):
    v.edit(need(v.good.struct_elems("Figure"), "Figure element"), Alt=None)


def first_heading_h2(v):
    v.edit(need(v.good.struct_elems("H1"), "H1 element"), S="/H2")


def heading_skipped(v):
    v.edit(need(v.good.struct_elems("H2"), "H2 element"), S="/H3")


def th_without_scope(v):
    v.edit(need(v.good.struct_elems("TH"), "TH element"), A=None)


def annotation_outside_annot(v):
    v.add_annotation("Square", annot_element=False)


def no_tabs(v):
    v.edit(v.first_page(), Tabs=None)


def tabs_row_order(v):
    v.edit(v.first_page(), Tabs="/R")


def link_without_struct_parent(v):
    v.edit(need(v.good.annotations("Link"), "Link annotation"), StructParent=None)


def link_without_contents(v):
    v.edit(need(v.good.annotations("Link"), "Link annotation"), Contents=None)


def font_not_embedded(v):
    descriptor = need([v.value(v.font()).get("/FontDescriptor")], "font descriptor")
    v.edit(descriptor, FontFile=None, FontFile2=None, FontFile3=None)


def no_to_unicode(v):
    v.edit(v.font(), ToUnicode=None)


def to_unicode_zero(v):
    ref, mapping = v.to_unicode()
    code = need(sorted(mapping), "ToUnicode entry")
    mapping[code] = "\u0000"
    v.set_stream(ref, cmap_text(mapping))


def code_unmapped(v):
    ref, mapping = v.to_unicode()
    code = need(sorted(v.shown_codes() & set(mapping)), "shown character code")
    del mapping[code]
    v.set_stream(ref, cmap_text(mapping))


def header_version_2(v):
    v.qpdf_args.append("--force-version=2.0")


def header_not_binary(v):
    def edit(data):
        m = re.match(rb"%PDF-\d\.\d(\r\n|\r|\n)%([^\r\n]*)", data)
        return data[:m.start(2)] + b"x" * len(m.group(2)) + data[m.end(2):]
    v.byte_edit = edit


def trailer_without_id(v):
    def edit(data):
        m = need(list(re.finditer(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]", data))[::-1],
                 "trailer /ID")
        return data[:m.start()] + b" " * (m.end() - m.start()) + data[m.end():]
    v.byte_edit = edit


def encrypted(v):
    v.qpdf_args = ["--object-streams=disable", "--newline-before-endstream",
                   "--encrypt", "", "owner", "256", "--"]


def data_after_eof(v):
    v.byte_edit = lambda data: data + b"% trailing data\n"


def wrong_stream_length(v):
    need(v.good.refs(lambda d: d.get("/Subtype") == "/Image"), "image XObject")

    def edit(data):
        # qpdf renumbers objects; find the image by its /Subtype in the written file.
        for m in re.finditer(rb"\n(\d+) 0 obj\n<<([^>]*/Subtype /Image[^>]*)>>\nstream", data):
            length = re.search(rb"/Length (\d+)", m.group(2))
            old = length.group(1)
            new = b"%d" % (int(old) - 1)
            new = new.rjust(len(old), b"0")  # keep the byte offsets
            at = m.start(2) + length.start(1)
            return data[:at] + new + data[at + len(old):]
        raise Broken("no image stream object in the written file")
    v.byte_edit = edit


def stream_ffilter(v):
    ref, _ = v.xmp()
    value = v.value(ref)
    value["/FFilter"] = "/FlateDecode"
    v.set(ref, value)


def lzw_content(v):
    page = v.first_page()
    v.edit(page, Contents=v.add_stream({"/Filter": "/LZWDecode"}, lzw_encode(v.content(page))))
    v.qpdf_args.append("--stream-data=preserve")  # else qpdf would recompress it with Flate


def output_profile_n4(v):
    intent = need(pdfjson.as_list(v.value(v.good.catalog()).get("/OutputIntents")), "output intent")
    profile = need([v.good.resolve(intent).get("/DestOutputProfile")], "DestOutputProfile")
    value = v.value(profile)
    value["/N"] = 4
    v.set(profile, value)


def no_output_intent(v):
    v.catalog_edit(OutputIntents=None)


def nonstandard_blend_mode(v):
    page = v.first_page()
    value = v.value(page)
    resources = v.good.resolve(value["/Resources"])
    states = v.good.resolve(need([resources.get("/ExtGState")], "ExtGState"))
    name = need(sorted(states), "ExtGState entry")
    state = dict(v.good.resolve(states[name]), **{"/BM": "/Dissolve"})
    resources = dict(resources, **{"/ExtGState": dict(states, **{name: state})})
    v.edit(page, Resources=resources)


def transparency_without_group(v):
    """No output intent and no page group, colour covered by DefaultRGB."""
    catalog = v.value(v.good.catalog())
    intent = v.good.resolve(need(pdfjson.as_list(catalog.get("/OutputIntents")), "output intent"))
    profile = intent["/DestOutputProfile"]
    no_output_intent(v)
    page = v.first_page()
    value = v.value(page)
    resources = dict(v.good.resolve(value["/Resources"]))
    resources["/ColorSpace"] = {"/DefaultRGB": ["/ICCBased", profile]}
    v.edit(page, Resources=resources, Group=None)


def forbidden_annotation_type(v):
    v.add_annotation("Movie", annot_element=True)


def annotation_hidden(v):
    v.edit(need(v.good.annotations("Link"), "Link annotation"), F=6)


def annotation_without_flags(v):
    v.edit(need(v.good.annotations("Link"), "Link annotation"), F=None)


def appearance_with_down_state(v):
    link = need(v.good.annotations("Link"), "Link annotation")
    normal = v.add_stream({"/Type": "/XObject", "/Subtype": "/Form", "/BBox": [0, 0, 1, 1]}, b"")
    v.edit(link, AP={"/N": normal, "/D": normal})


def launch_action(v):
    link = need(v.good.annotations("Link"), "Link annotation")
    v.edit(link, A={"/Type": "/Action", "/S": "/Launch", "/F": "u:calc.exe"})


def javascript_action(v):
    v.catalog_edit(OpenAction={"/Type": "/Action", "/S": "/JavaScript", "/JS": "u:app.alert(1)"})


def catalog_additional_actions(v):
    v.catalog_edit(AA={"/WC": {"/Type": "/Action", "/S": "/URI", "/URI": "u:https://example.org/"}})


def info_producer_differs(v):
    v.info_edit(Producer="u:Something else 1.0")


def info_date_without_d(v):
    date = pdfjson.text(v.value(need([v.good.trailer.get("/Info")], "Info")).get("/CreationDate"))
    v.info_edit(CreationDate="u:" + need([date], "Info /CreationDate")[2:])


def outline_count_negative(v):
    outlines = need([v.value(v.good.catalog()).get("/Outlines")], "outline")
    value = v.value(outlines)
    value["/Count"] = -abs(value.get("/Count", 1))
    v.set(outlines, value)


# (variant name, the check it must fail, what is broken, function)
VARIANTS = [
    ("artifact-in-tagged", "UA-01-003", "an Artifact sequence inside an MCID sequence",
     artifact_in_tagged),
    ("tagged-in-artifact", "UA-01-004", "the last MCID sequence wrapped in an Artifact",
     tagged_in_artifact),
    ("untagged-content", "UA-01-005", "a filled rectangle outside any marked content",
     untagged_content),
    ("unbalanced-emc", "UA-01-005", "an EMC without BDC at the end of the page",
     marked_content_unbalanced),
    ("running-footer-tagged", "UA-01-001-running",
     "a second page; the footer tagged as P (not Artifact) on both pages", running_footer_tagged),
    ("suspects", "UA-01-007", "MarkInfo /Suspects true", suspects),
    ("not-marked", "UA-6.2+A2-6.7.2.2", "MarkInfo /Marked false", not_marked),
    ("elem-without-p", "UA-7.1-struct-tree+A2-6.7.3.3", "a P element without /P",
     struct_elem_without_parent),
    ("page-without-structparents", "UA-7.1-parent-tree", "the page's /StructParents removed",
     page_without_struct_parents),
    ("nonstandard-type", "UA-02-001+A2-6.7.3.4", "a P element typed /Para with no RoleMap",
     nonstandard_type),
    ("circular-role-map", "UA-02-002", "/Para -> /Para2 -> /Para", circular_role_map),
    ("standard-remapped", "UA-02-003", "RoleMap /P -> /Span", standard_type_remapped),
    ("no-metadata", "UA-06-001+A2-6.6.2.1", "catalog /Metadata removed", no_metadata),
    ("xmp-packet-bytes", "A2-6.6.2.1-xmp", "xpacket header with a bytes attribute",
     xmp_packet_header),
    ("no-pdfuaid", "UA-06-002", "pdfuaid:part removed from the XMP", no_pdfuaid),
    ("no-dc-title", "UA-06-003", "dc:title removed (and Info /Title with it)", no_dc_title),
    ("pdfa-level-b", "A2-6.6.4", "pdfaid:conformance B", pdfa_level_b),
    ("no-extension-schema", "A2-6.6.2.3.1", "the pdfaExtension schema for pdfuaid removed",
     no_extension_schema),
    ("no-viewer-preferences", "UA-07-001", "catalog /ViewerPreferences removed",
     no_viewer_preferences),
    ("display-doc-title-false", "UA-07-002", "DisplayDocTitle false", display_doc_title_false),
    ("tr-as-div", "UA-09-004", "a TR element typed /Div", table_row_as_div),
    ("li-as-div", "UA-09-005", "an LI element typed /Div", list_item_as_div),
    ("no-catalog-lang", "UA-11-006", "catalog /Lang removed", no_catalog_lang),
    ("bad-elem-lang", "A2-6.7.4", "a structure element /Lang (en_GB!)", bad_elem_lang),
    ("figure-without-alt", "UA-13-004", "the Figure's /Alt removed", figure_without_alt),
    ("first-heading-h2", "UA-14-002", "the H1 typed /H2", first_heading_h2),
    ("heading-skipped", "UA-14-003", "the H2 typed /H3", heading_skipped),
    ("th-without-scope", "UA-15-003", "a TH's /A (Scope) removed", th_without_scope),
    ("square-outside-annot", "UA-28-002", "a Square annotation with no structure parent",
     annotation_outside_annot),
    ("no-tabs", "UA-28-008", "the page's /Tabs removed", no_tabs),
    ("tabs-row-order", "UA-28-009", "/Tabs /R", tabs_row_order),
    ("link-without-structparent", "UA-28-011", "the link's /StructParent removed",
     link_without_struct_parent),
    ("link-without-contents", "UA-28-012", "the link's /Contents removed", link_without_contents),
    ("font-not-embedded", "UA-31-009+A2-6.2.11.4.1", "the font program removed",
     font_not_embedded),
    ("no-to-unicode", "UA-31-027+A2-6.2.11.7.2", "the font's /ToUnicode removed", no_to_unicode),
    ("to-unicode-zero", "UA-31-028+A2-6.2.11.7.2", "a ToUnicode entry mapped to U+0000",
     to_unicode_zero),
    ("code-unmapped", "UA-10-001", "a shown code dropped from the ToUnicode CMap", code_unmapped),
    ("header-2.0", "UA-6.1+A2-6.1.2", "qpdf --force-version=2.0", header_version_2),
    ("header-not-binary", "UA-6.1+A2-6.1.2", "the header comment made ASCII (bytes)",
     header_not_binary),
    ("no-id", "A2-6.1.3-id", "the trailer /ID blanked out (bytes)", trailer_without_id),
    ("encrypted", "A2-6.1.3-encrypt", "qpdf --encrypt (AES-256, empty user password)",
     encrypted),
    ("data-after-eof", "A2-6.1.3-eof", "a comment appended after %%EOF (bytes)", data_after_eof),
    ("wrong-length", "A2-6.1.7.1-length", "the image stream's /Length one short (bytes)",
     wrong_stream_length),
    ("stream-ffilter", "A2-6.1.7.1-keys", "/FFilter on the metadata stream", stream_ffilter),
    ("lzw", "A2-6.1.7.2", "the page content LZW-compressed", lzw_content),
    ("output-profile-n4", "A2-6.2.3", "DestOutputProfile /N 4 for an RGB profile",
     output_profile_n4),
    ("no-output-intent", "A2-6.2.4.3", "catalog /OutputIntents removed", no_output_intent),
    ("blend-mode", "A2-6.2.10-bm", "ExtGState /BM /Dissolve", nonstandard_blend_mode),
    ("transparency-without-group", "A2-6.2.10-group",
     "no output intent (DefaultRGB instead) and the page /Group removed",
     transparency_without_group),
    ("movie-annotation", "A2-6.3.1", "a Movie annotation (in an Annot element)",
     forbidden_annotation_type),
    ("annotation-hidden", "A2-6.3.2", "the link's /F 6 (Hidden)", annotation_hidden),
    ("annotation-without-f", "A2-6.3.2", "the link's /F removed", annotation_without_flags),
    ("appearance-down", "A2-6.3.3", "the link's /AP with /N and /D", appearance_with_down_state),
    ("launch-action", "A2-6.5.1", "the link's action made /Launch", launch_action),
    ("javascript-open-action", "A2-6.5.1", "a JavaScript /OpenAction", javascript_action),
    ("catalog-aa", "A2-6.5.2", "catalog /AA with a URI action", catalog_additional_actions),
    ("info-producer-differs", "A1-6.7.3-info-xmp", "Info /Producer differs from pdf:Producer",
     info_producer_differs),
    ("info-date-without-d", "PDF-7.9.4-info-dates", "Info /CreationDate without D:",
     info_date_without_d),
    ("outline-count-negative", "PDF-12.3.3-outline-count", "outline root /Count negative",
     outline_count_negative),
]


def main(argv):
    if argv == ["--list"]:
        for variant, check, what, _ in VARIANTS:
            print("%-28s %-32s %s" % (variant, check, what))
        return 0
    if len(argv) != 2:
        sys.stderr.write("usage: make_broken_pdfs.py GOOD.pdf OUTDIR\n"
                         "       make_broken_pdfs.py --list\n")
        return 2
    good_path, outdir = argv
    os.makedirs(outdir, exist_ok=True)
    try:
        good = Good(good_path)
        lines = []
        for variant, check, what, make in VARIANTS:
            v = Variant(good)
            make(v)
            out = os.path.join(outdir, variant + ".pdf")
            v.write(out)
            lines.append("%s\t%s\t%s\n" % (variant + ".pdf", check, what))
    except Broken as e:
        sys.stderr.write("make_broken_pdfs: %s\n" % e)
        return 1
    with open(os.path.join(outdir, "variants.tsv"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
