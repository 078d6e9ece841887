"""pdfjson.py - PDF objects and syntax for the project's PDF checks.

A small access layer over qpdf's JSON (version 2, qpdf 11): PdfFile reads a
file's objects, trailer and pages with one qpdf run and the decoded data of
the streams asked for with another; the helpers turn qpdf's encodings
(names "/Name", text "u:...", binary "b:hex", references "N G R") into
Python values.  Lexer/operations read PDF syntax (content streams and raw
object headers), parse_cmap reads ToUnicode CMaps.

Used by pdf_conformance.py and make_broken_pdfs.py.  Standard library only,
plus the qpdf command.
"""
import base64
import json
import re
import subprocess


class QpdfMissing(Exception):
    """The qpdf command is not installed."""


# ----------------------------------------------------------------------------
# PDF object access over qpdf's JSON (version 2)
#
# qpdf writes names as "/Name", text strings as "u:text", binary strings as
# "b:hex", references as "N G R"; arrays, dictionaries, numbers, booleans and
# null are plain JSON.  Streams are {"stream": {"dict": ..., "data": ...}}.
# ----------------------------------------------------------------------------

REF = re.compile(r"^(\d+) (\d+) R$")


class QpdfError(Exception):
    """qpdf could not read the file (its message is the exception text)."""


def run_qpdf(args):
    """qpdf's standard output; exit 3 (warnings) is accepted like 0."""
    try:
        proc = subprocess.run(["qpdf"] + args, capture_output=True)
    except FileNotFoundError:
        raise QpdfMissing("qpdf is not installed (Debian package qpdf, in scripts/packages.txt)")
    if proc.returncode not in (0, 3):
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QpdfError(message[-1] if message else "qpdf exit %d" % proc.returncode)
    return proc.stdout


def is_ref(value):
    return isinstance(value, str) and REF.match(value) is not None


def name(value):
    """'X' for the PDF name /X, else None."""
    if isinstance(value, str) and value.startswith("/"):
        return value[1:]
    return None


def text(value):
    """The Python string of a PDF string, else None."""
    if not isinstance(value, str):
        return None
    if value.startswith("u:"):
        return value[2:]
    if value.startswith("b:"):
        raw = bytes.fromhex(value[2:])
        if raw.startswith(b"\xfe\xff"):
            return raw[2:].decode("utf-16-be", "replace")
        return raw.decode("latin-1")
    return None


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def number(value, default=None):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


class PdfFile:
    """One PDF read through qpdf: objects, trailer, pages, stream data."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.raw = f.read()
        doc = json.loads(run_qpdf(["--json=2", "--json-key=qpdf", "--json-key=pages",
                                   "--json-key=encrypt", path]))
        self.objects = doc["qpdf"][1]
        self.trailer = self.objects.get("trailer", {}).get("value", {})
        self.page_refs = [p["object"] for p in doc["pages"]]
        self.encrypted = doc["encrypt"]["encrypted"]
        self._data = {}

    def entry(self, ref):
        return self.objects.get("obj:" + ref, {})

    def is_stream(self, ref):
        return is_ref(ref) and "stream" in self.entry(ref)

    def resolve(self, value):
        """The value a reference points to (a stream gives its dictionary)."""
        seen = 0
        while is_ref(value) and seen < 32:
            entry = self.entry(value)
            value = entry["stream"]["dict"] if "stream" in entry else entry.get("value")
            seen += 1
        return value

    def get(self, container, key, default=None):
        """container[key] resolved; None-safe for missing containers."""
        container = self.resolve(container)
        if not isinstance(container, dict) or key not in container:
            return default
        return self.resolve(container[key])

    def stream_refs(self):
        return [key[4:] for key, entry in self.objects.items()
                if key.startswith("obj:") and "stream" in entry]

    def prefetch(self, refs):
        """Fetch the decoded data of many streams with one qpdf run."""
        wanted = sorted({r for r in refs if self.is_stream(r) and r not in self._data})
        if not wanted:
            return
        args = ["--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                "--decode-level=generalized"]
        for ref in wanted:
            num, gen = REF.match(ref).groups()
            args.append("--json-object=%s,%s" % (num, gen))
        doc = json.loads(run_qpdf(args + [self.path]))
        for ref in wanted:
            stream = doc["qpdf"][1].get("obj:" + ref, {}).get("stream", {})
            # A filter qpdf cannot undo stays in the dictionary: no usable data.
            undecoded = "/Filter" in stream.get("dict", {}) or "data" not in stream
            self._data[ref] = None if undecoded else base64.b64decode(stream["data"])

    def data(self, ref):
        """Decoded stream data, or None when qpdf cannot decode it."""
        if ref not in self._data:
            self.prefetch([ref])
        return self._data.get(ref)

    def xref_offsets(self):
        """{(objnum, gen): byte offset} of every object not in an object stream."""
        offsets = {}
        for line in run_qpdf(["--show-xref", self.path]).decode("latin-1").splitlines():
            m = re.match(r"(\d+)/(\d+): uncompressed; offset = (\d+)", line)
            if m:
                offsets[(int(m.group(1)), int(m.group(2)))] = int(m.group(3))
        return offsets


# ----------------------------------------------------------------------------
# PDF syntax: a small lexer for content streams and raw object headers
# ----------------------------------------------------------------------------

WHITESPACE = b"\x00\t\n\x0c\r "
DELIMITERS = b"()<>[]{}/%"
NUMBER = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)$")


class Name(str):
    """A PDF name inside a content stream (strings there are bytes)."""


class Keyword(str):
    """An operator or other bare keyword."""


class SyntaxProblem(Exception):
    pass


def _literal_string(data, pos):
    """(bytes, end) of the literal string whose '(' is at data[pos]."""
    out, depth, i = bytearray(), 1, pos + 1
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= len(data):
                break
            c = data[i]
            if c in escapes:
                out.append(escapes[c])
            elif 0x30 <= c <= 0x37:
                digits = data[i:i + 3]
                m = re.match(rb"[0-7]{1,3}", digits)
                out.append(int(m.group(0), 8) & 0xFF)
                i += len(m.group(0)) - 1
            elif c == 0x0D:  # line continuation
                if data[i + 1:i + 2] == b"\n":
                    i += 1
            elif c != 0x0A:
                out.append(c)
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out.append(c)
        else:
            out.append(c)
        i += 1
    raise SyntaxProblem("unterminated string at byte %d" % pos)


class Lexer:
    """Tokens of PDF syntax from data[pos:]: numbers, Name, bytes (strings),
    Keyword, or one of '[', ']', '<<', '>>', '{', '}'.  Iterating yields
    (token, start, end); pos may be moved between tokens (inline images)."""

    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def __iter__(self):
        return self

    def __next__(self):
        data, n = self.data, len(self.data)
        while self.pos < n:
            pos, c = self.pos, data[self.pos]
            if c in WHITESPACE:
                self.pos += 1
            elif c == 0x25:  # % comment
                while self.pos < n and data[self.pos] not in b"\r\n":
                    self.pos += 1
            else:
                token, end = self._token(pos, c)
                self.pos = end
                return token, pos, end
        raise StopIteration

    def _token(self, pos, c):
        data, n = self.data, len(self.data)
        if c == 0x28:
            return _literal_string(data, pos)
        if data.startswith(b"<<", pos) or data.startswith(b">>", pos):
            return data[pos:pos + 2].decode(), pos + 2
        if c == 0x3C:  # hex string
            end = data.find(b">", pos)
            if end < 0:
                raise SyntaxProblem("unterminated hex string at byte %d" % pos)
            digits = re.sub(rb"\s", b"", data[pos + 1:end])
            try:
                return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("latin-1")), end + 1
            except ValueError:
                raise SyntaxProblem("bad hex string at byte %d" % pos)
        if c in b"[]{}":
            return chr(c), pos + 1
        if c == 0x29 or c == 0x3E:
            raise SyntaxProblem("unexpected %r at byte %d" % (chr(c), pos))
        end = pos + 1
        while end < n and data[end] not in WHITESPACE and data[end] not in DELIMITERS:
            end += 1
        if c == 0x2F:  # name, with #xx escapes
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                         data[pos + 1:end])
            return Name(raw.decode("latin-1")), end
        word = data[pos:end]
        if NUMBER.match(word):
            return (float(word) if b"." in word else int(word)), end
        return Keyword(word.decode("latin-1")), end


def tokens(data, pos=0):
    return Lexer(data, pos)


CONSTANTS = {"true": True, "false": False, "null": None}
INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")


def operations(data):
    """Yield (operator, operands) of a content stream; an inline image is
    ('BI', [its dictionary]) with its data skipped."""
    operands, stack = [], []
    lexer = Lexer(data)
    for tok, start, end in lexer:
        if tok in ("[", "<<"):
            stack.append([] if tok == "[" else ["<<"])
            continue
        if tok in ("]", ">>"):
            if not stack:
                raise SyntaxProblem("unbalanced %s at byte %d" % (tok, start))
            items = stack.pop()
            value = _dict_from(items[1:]) if items[:1] == ["<<"] else items
            (stack[-1] if stack else operands).append(value)
            continue
        if isinstance(tok, Keyword) and tok in CONSTANTS:
            tok = CONSTANTS[tok]
        elif isinstance(tok, Keyword):
            if stack:
                raise SyntaxProblem("operator %s inside an array or dictionary" % tok)
            yield (str(tok), [_inline_image(lexer)]) if tok == "BI" else (str(tok), operands)
            operands = []
            continue
        (stack[-1] if stack else operands).append(tok)
    if stack:
        raise SyntaxProblem("unterminated array or dictionary")


def _dict_from(items):
    return {items[i]: items[i + 1] for i in range(0, len(items) - 1, 2)}


def _inline_image(lexer):
    """Read BI's dictionary up to ID, then move the lexer past the data and EI."""
    items = []
    for tok, start, end in lexer:
        if tok == "ID":
            found = INLINE_IMAGE_END.search(lexer.data, end + 1)
            if not found:
                raise SyntaxProblem("inline image without EI")
            lexer.pos = found.end()
            return _dict_from(items)
        items.append(tok)
    raise SyntaxProblem("inline image without ID")


# ----------------------------------------------------------------------------
# Text in content streams and ToUnicode CMaps
# ----------------------------------------------------------------------------

def content_text(value):
    """A text string from a content stream (bytes: UTF-16BE with BOM or
    PDFDocEncoding, taken as Latin-1 here), else None."""
    if not isinstance(value, bytes):
        return None
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be", "replace")
    return value.decode("latin-1")


def parse_cmap(data):
    """{code (int): unicode text} of a ToUnicode CMap's bfchar and bfrange."""
    mapping = {}
    source = data.decode("latin-1")

    def unicode_of(hexdigits):
        raw = bytes.fromhex(hexdigits)
        return raw.decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", source, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = unicode_of(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", source, re.S):
        for lo, hi, target in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if hi - lo > 0xFFFF:
                continue
            if target.startswith("["):
                for i, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    mapping[lo + i] = unicode_of(item)
            else:
                start = bytes.fromhex(target[1:-1])
                for i in range(hi - lo + 1):
                    bumped = start[:-1] + bytes([(start[-1] + i) & 0xFF]) if start else b""
                    mapping[lo + i] = bumped.decode("utf-16-be", "replace")
    return mapping
