"""Readers: a digest file (text, Markdown, HTML, PDF) to a list of text lines.

Line numbers in every later message are 1-based positions in the list returned here, which for text and
Markdown files are the lines of the file itself: only LF, CRLF and CR end a line, as in an editor (form feed,
vertical tab, NEL and the Unicode line and paragraph separators stay inside their line).
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import DigestSyntaxError

#: refuse files larger than this (bytes) rather than exhaust memory
MAX_BYTES = 50 * 1024 * 1024
#: refuse more text than this once decoded (characters; a digest is some 50,000)
MAX_CHARS = 2_000_000
#: refuse more lines than this
MAX_LINES = 100_000
#: refuse a line longer than this (characters; a long paragraph is some 3,000)
MAX_LINE_CHARS = 20_000

#: the suffixes of Markdown files (read line by line, as text is)
MARKDOWN_SUFFIXES = {".md", ".markdown"}

_BINARY_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (a Word .docx or similar)",
    b"\xd0\xcf\x11\xe0": "an OLE document (a Word .doc or similar)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}


@dataclass(frozen=True)
class SourceText:
    """The decoded lines of one input file, with its name and checksum."""

    path: Path
    lines: list[str]
    checksum: str
    form: str  # one of model.SOURCE_FORMS: "text" | "markdown" | "html" | "pdf"


def read_digest(path: str | Path) -> SourceText:
    """Read ``path`` into lines, choosing the reader from the content and the suffix."""
    path = Path(path)
    data = _read_bytes(path)
    checksum = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise DigestSyntaxError("file is empty: not a digest", path)
    if data.startswith(b"%PDF"):
        return SourceText(path, _checked(_pdf_lines(data, path), path), checksum, "pdf")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DigestSyntaxError(f"file is {what}, not a digest; save it as text, Markdown, HTML or PDF", path)
    text = _decode(data, path)
    _check_chars(len(text), path)
    if path.suffix.lower() in {".html", ".htm"} or re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
        return SourceText(path, _checked(_html_lines(text), path), checksum, "html")
    form = "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text"
    return SourceText(path, _checked(split_lines(text), path), checksum, form)


_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """``text`` split at LF, CRLF and CR only (unlike :meth:`str.splitlines`), without a last empty line."""
    lines = _BREAK.split(text)
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _line_at(text: str, pos: int) -> int:
    """The 1-based line of ``text`` that holds position ``pos``, counting lines as :func:`split_lines` does."""
    return len(_BREAK.findall(text, 0, pos)) + 1


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int, path: Path) -> DigestSyntaxError:
    what = next((name for test, name in _KINDS if test(mode)), "not a file")
    return DigestSyntaxError(f"file is {what}, not a regular file; only regular files are read", path)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; a file over MAX_BYTES is refused before it is read (and never read past the limit).

    Only regular files are read: a FIFO, a device or a socket is refused from its ``stat`` before it is opened
    (opening a FIFO blocks until a writer comes), and the open itself does not block should the path change.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode, path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(info.st_mode, path)
            if info.st_size > MAX_BYTES:
                raise DigestSyntaxError(_too_big(info.st_size), path)
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DigestSyntaxError(f"cannot read file: {exc.strerror or exc}", path) from exc
    if len(data) > MAX_BYTES:
        raise DigestSyntaxError(_too_big(len(data)), path)
    return data


def _too_big(size: int) -> str:
    return f"file is {size / 1e6:.0f} MB; digests larger than {MAX_BYTES / 1e6:.0f} MB are refused"


def _check_chars(count: int, path: Path) -> None:
    if count > MAX_CHARS:
        raise DigestSyntaxError(f"file holds {count:,} characters of text; digests longer than {MAX_CHARS:,} "
                                "characters are refused", path)


def _checked(lines: list[str], path: Path) -> list[str]:
    """``lines``, unless there are too many or one is too long for a digest."""
    _check_chars(sum(map(len, lines)), path)
    if len(lines) > MAX_LINES:
        raise DigestSyntaxError(f"file has {len(lines):,} lines; digests longer than {MAX_LINES:,} lines are "
                                "refused", path)
    for no, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise DigestSyntaxError(f"line is {len(line):,} characters long; lines longer than "
                                    f"{MAX_LINE_CHARS:,} characters are refused (is this a digest?)", path, no)
    return lines


def _decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (with BOM, or without one where the NULs show it) or GBK.

    Binary data, text in another encoding and UTF-8 that was once misread as Windows-1252 (mojibake) are refused
    with the line where the trouble starts.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path)
    if b"\x00" in data[:4096]:
        encoding = _utf16_without_bom(data[:4096])
        if encoding is None:
            raise DigestSyntaxError("file holds binary data (NUL bytes), not a digest", path)
        return _strict(data, encoding, path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _chinese(data)
        if text is None:
            line = len(re.findall(rb"\r\n|\r|\n", data[: exc.start])) + 1
            raise DigestSyntaxError(f"file is not UTF-8 text (byte {exc.start}); save it as UTF-8", path,
                                    line) from exc
        return text
    if "\x00" in text:
        line = _line_at(text, text.index("\x00"))
        raise DigestSyntaxError("file holds binary data (a NUL byte), not a digest", path, line)
    _refuse_mojibake(text, path)
    _refuse_utf7(text, path)
    return text


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DigestSyntaxError(f"file is not valid {encoding.upper()} text (byte {exc.start}); save it as UTF-8",
                                path) from exc
    if _CONTROL.search(text):
        raise DigestSyntaxError("file holds binary data (control characters), not a digest", path)
    return text


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes all sit on one side, as they do in UTF-16 text."""
    odd, even, half = sample[1::2].count(0), sample[0::2].count(0), len(sample) // 2
    if even == 0 and odd > half * 0.3:
        return "utf-16-le"
    if odd == 0 and even > half * 0.3:
        return "utf-16-be"
    return None


def _chinese(data: bytes) -> str | None:
    """GBK/GB18030 text, accepted only when nearly all the Chinese characters it decodes to are common ones.

    Windows-1252 or Latin-1 text also decodes as GB18030, but into rare characters outside GB2312.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    hanzi = [c for c in text if "\u3400" <= c <= "\u9fff" or "\ue000" <= c <= "\uf8ff" or "\uf900" <= c <= "\ufaff"]
    common = sum(1 for c in hanzi if _in_gb2312(c))
    return text if common and common >= 0.9 * len(hanzi) and not _CONTROL.search(text) else None


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: runs of the characters UTF-8 bytes turn into when read as Windows-1252 or Latin-1
_CP1252_RUN = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                         "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")


def _refuse_mojibake(text: str, path: Path) -> None:
    """Raise where UTF-8 text was decoded as Windows-1252 and saved again ("å…³äºŽ" for "关于")."""
    for m in _CP1252_RUN.finditer(text):
        fixed = _undo_cp1252(m.group(0))
        if fixed is not None and any(ord(c) > 0x7F for c in fixed):
            line = _line_at(text, m.start())
            raise DigestSyntaxError(
                f"text is garbled (mojibake): {m.group(0)[:12]!r} is UTF-8 read as Windows-1252 "
                f"(it should read {fixed[:6]!r}); re-save the file from the original as UTF-8", path, line)


#: a UTF-7 shifted run: "+", modified base64 (UTF-16 code units), an optional "-" ("+ZeU-" is "日")
_UTF7_RUN = re.compile(r"\+([A-Za-z0-9+/]{3,})-?")
#: what a digest's non-ASCII text decodes to: Latin letters, punctuation, CJK and full-width forms
_UTF7_PLAUSIBLE = re.compile("[\u00a0-\u024f\u2000-\u206f\u2100-\u214f\u3000-\u303f\u3400-\u9fff"
                             "\uff00-\uffef]+")


def _refuse_utf7(text: str, path: Path) -> None:
    """Raise where ASCII text is UTF-7: a "+...-" run that decodes to Chinese or other non-ASCII text.

    Only runs of at least three base64 characters count, and only when they decode cleanly (no partial character,
    no padding bits left over) to plausible characters, so "C++", "+1-202-555-0100" or "+8610-6512" stay ordinary text.
    """
    if not text.isascii():
        return
    if text.startswith(("+/v8", "+/v9", "+/v+", "+/v/")):
        raise DigestSyntaxError("file is not UTF-8 text (it is UTF-7, with a UTF-7 signature); save it as UTF-8",
                                path, 1)
    for m in _UTF7_RUN.finditer(text):
        run = m.group(1).rstrip("+")
        if len(run) < 3:
            continue
        try:
            decoded = ("+" + run + "-").encode("ascii").decode("utf-7")
        except UnicodeDecodeError:
            continue
        if decoded and _UTF7_PLAUSIBLE.fullmatch(decoded):
            raise DigestSyntaxError(f"file is not UTF-8 text (it is UTF-7: {m.group(0)[:12]!r} reads "
                                    f"{decoded[:6]!r}); save it as UTF-8", path, _line_at(text, m.start()))


def _undo_cp1252(run: str) -> str | None:
    try:
        raw = b"".join(bytes([ord(c)]) if ord(c) < 0x100 else c.encode("cp1252") for c in run)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _pdf_lines(data: bytes, path: Path) -> list[str]:
    """Extract the text layer of a PDF with pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = _pdf_text(reader)
    except _TooMuchText as exc:
        raise DigestSyntaxError(str(exc), path) from None
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DigestSyntaxError(f"cannot read PDF: {_one_line(exc)}", path) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf parses untrusted bytes; any failure means "not readable"
        raise DigestSyntaxError(f"cannot read PDF ({type(exc).__name__}): {_one_line(exc)}", path) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DigestSyntaxError("PDF has no text layer (a scan?); run OCR first or use the HTML edition", path)
    return split_lines(text)


class _TooMuchText(Exception):
    """Raised inside pypdf's text extraction to stop it once the text is over the limit."""


def _pdf_text(reader: object) -> list[str]:
    """The text of each page, stopped as soon as it passes MAX_CHARS.

    A few KB of compressed content stream can draw many MB of text, so the characters are counted while pypdf
    extracts them (its ``visitor_text`` hook is called for every piece) and a page's decompressed content is
    checked against MAX_BYTES before it is parsed at all.
    """
    over = f"PDF holds more than {MAX_CHARS:,} characters of text; digests longer than {MAX_CHARS:,} characters " \
           "are refused"
    pages: list[str] = []
    count = 0

    def visit(text: str, *_: object) -> None:
        nonlocal count
        count += len(text)
        if count > MAX_CHARS:
            raise _TooMuchText(over)

    content_bytes = 0
    for page in reader.pages:  # type: ignore[attr-defined]
        contents = page.get_contents()
        content_bytes += len(contents.get_data()) if contents is not None else 0
        if content_bytes > MAX_BYTES:
            raise _TooMuchText(f"PDF content streams hold more than {MAX_BYTES / 1e6:.0f} MB; digests larger "
                               f"than {MAX_BYTES / 1e6:.0f} MB are refused")
        before = count
        text = page.extract_text(visitor_text=visit) or ""
        count = before + len(text)
        if count > MAX_CHARS:
            raise _TooMuchText(over)
        pages.append(text)
    return pages


def _one_line(exc: Exception) -> str:
    return "; ".join(part.strip() for part in str(exc).splitlines() if part.strip()) or "no details"


#: block elements: each starts and ends a line
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "ul", "ol"}
#: elements whose text is not shown (``head`` is handled apart: its end tag is optional)
_SKIP = {"nav", "noscript"}
#: elements whose content is raw text up to their end tag, never shown
_RAW = {"script", "style", "title"}
#: elements that may stand in a head; any other start tag (or text) ends a head whose end tag was left out
_HEAD = {"meta", "link", "base", "title", "style", "script", "noscript", "template", "basefont", "bgsound"}
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_ATTR_STOP = re.compile(r"[>=]")
_SPACES = re.compile(r"[ \t\n\r\f]*")
_RAW_END = {tag: re.compile(f"</{tag}(?=[\\s/>])", re.I) for tag in _RAW}


def _tag_end(text: str, pos: int) -> int:
    """The position just after the ``>`` that closes a tag whose attributes start at ``pos`` (quoted values may
    hold ``>``); -1 when the text ends inside the tag. Every character is looked at once."""
    n = len(text)
    while True:
        m = _ATTR_STOP.search(text, pos)
        if m is None:
            return -1
        if m.group() == ">":
            return m.end()
        k = _SPACES.match(text, m.end()).end()
        if k < n and text[k] in "\"'":
            close = text.find(text[k], k + 1)
            if close < 0:
                return -1
            pos = close + 1
        else:
            pos = k


def _html_parts(text: str) -> list[str]:
    """The visible text of an HTML page, with a newline around every block element (``- `` before a list item).

    A tokenizer of its own, linear in the length of the page: the standard library's ``HTMLParser`` looks for the
    end of every unclosed tag, comment or declaration to the end of the text, which is quadratic ("</" repeated
    a million times took minutes). It follows HTML's rules where they matter here: a ``<`` that does not start a
    tag is text, comments and ``<!...>``/``<?...>`` are dropped, script and style are raw text, and ``head`` ends
    at the first element or text that cannot stand in it even without ``</head>``.
    """
    return _HtmlText(text).parts()


class _HtmlText:
    """The state of :func:`_html_parts` as it walks the page once: the parts so far, how deep inside elements
    whose text is dropped, and whether inside ``head``."""

    def __init__(self, text: str) -> None:
        self.text, self.out = text, []
        self.skip, self.in_head = 0, False

    def parts(self) -> list[str]:
        text, i, n = self.text, 0, len(self.text)
        while i < n:
            j = text.find("<", i)
            self._data(text[i:] if j < 0 else text[i:j])
            if j < 0:
                break
            i = self._markup(j)
        return self.out

    @property
    def _shown(self) -> bool:
        return not self.skip and not self.in_head

    def _data(self, data: str) -> None:
        if not data:
            return
        if self.in_head and data.strip():
            self.in_head = False
        if self._shown:
            self.out.append(re.sub(r"\s+", " ", html.unescape(data)))

    def _markup(self, j: int) -> int:
        """Read what starts with the ``<`` at ``j``; the index after it."""
        text, n = self.text, len(self.text)
        if text.startswith("<!--", j):
            k = text.find("-->", j + 4)
            return n if k < 0 else k + 3
        if text.startswith(("<!", "<?", "</"), j) and _TAG_NAME.match(text, j) is None:
            k = text.find(">", j + 2)  # a declaration, or "</" with no name: dropped up to ">"
            return n if k < 0 else k + 1
        m = _TAG_NAME.match(text, j)
        if m is None:
            if self._shown:
                self.out.append("<")
            return j + 1
        end = _tag_end(text, m.end())
        if end < 0:
            return n  # the text ends inside a tag: the tag is dropped
        tag = m.group(2).lower()
        if m.group(1) == "/":
            self._close(tag)
            return end
        return self._open(tag, end)

    def _close(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS and self._shown:
            self.out.append("\n")

    def _open(self, tag: str, end: int) -> int:
        if tag == "head":
            self.in_head = True
            return end
        if self.in_head and tag not in _HEAD:
            self.in_head = False
        if tag in _RAW:
            found = _RAW_END[tag].search(self.text, end)
            return len(self.text) if found is None else found.start()
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCKS and self._shown:
            self.out.append("\n")
            if tag == "li":
                self.out.append("- ")
        return end


def _html_lines(text: str) -> list[str]:
    lines = [line.strip() for line in "".join(_html_parts(text)).split("\n")]
    return [line for line in lines if line]
