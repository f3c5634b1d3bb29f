"""Readers: a digest file (text, Markdown, HTML, PDF) to a list of text lines.

Line numbers in every later message are 1-based positions in the list returned here, which for text and
Markdown files are the lines of the file itself.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
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
    form: str  # "text" | "html" | "pdf"


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
    return SourceText(path, _checked(text.splitlines(), path), checksum, "text")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; a file over MAX_BYTES is refused before it is read (and never read past the limit)."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise DigestSyntaxError(_too_big(size), path)
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DigestSyntaxError(f"cannot read file: {exc.strerror}", path) from exc
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
            line = data[: exc.start].count(b"\n") + 1
            raise DigestSyntaxError(f"file is not UTF-8 text (byte {exc.start}); save it as UTF-8", path,
                                    line) from exc
        return text
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DigestSyntaxError("file holds binary data (a NUL byte), not a digest", path, line)
    _refuse_mojibake(text, path)
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
            line = text.count("\n", 0, m.start()) + 1
            raise DigestSyntaxError(
                f"text is garbled (mojibake): {m.group(0)[:12]!r} is UTF-8 read as Windows-1252 "
                f"(it should read {fixed[:6]!r}); re-save the file from the original as UTF-8", path, line)


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
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DigestSyntaxError(f"cannot read PDF: {_one_line(exc)}", path) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf parses untrusted bytes; any failure means "not readable"
        raise DigestSyntaxError(f"cannot read PDF ({type(exc).__name__}): {_one_line(exc)}", path) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DigestSyntaxError("PDF has no text layer (a scan?); run OCR first or use the HTML edition", path)
    return text.splitlines()


def _one_line(exc: Exception) -> str:
    return "; ".join(part.strip() for part in str(exc).splitlines() if part.strip()) or "no details"


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one line per block element."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "ul", "ol"}
    SKIP = {"script", "style", "head", "nav", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_lines(text: str) -> list[str]:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return [line for line in lines if line]
