"""Readers: a digest file (text, Markdown, HTML, PDF) to a list of text lines.

Line numbers in every later message are 1-based positions in the list returned here, which for text and
Markdown files are the lines of the file itself.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import DigestSyntaxError

#: refuse files larger than this (bytes) rather than exhaust memory
MAX_BYTES = 50 * 1024 * 1024

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
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DigestSyntaxError(f"cannot read file: {exc.strerror}", path) from exc
    if size > MAX_BYTES:
        raise DigestSyntaxError(
            f"file is {size / 1e6:.0f} MB; digests larger than {MAX_BYTES // 1_000_000} MB are refused", path
        )
    data = path.read_bytes()
    checksum = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise DigestSyntaxError("file is empty: not a digest", path)
    if data.startswith(b"%PDF"):
        return SourceText(path, _pdf_lines(data, path), checksum, "pdf")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DigestSyntaxError(f"file is {what}, not a digest; save it as text, Markdown, HTML or PDF", path)
    text = _decode(data, path)
    if path.suffix.lower() in {".html", ".htm"} or re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
        return SourceText(path, _html_lines(text), checksum, "html")
    return SourceText(path, text.splitlines(), checksum, "text")


def _decode(data: bytes, path: Path) -> str:
    """Decode bytes as UTF-8 (with or without BOM) or UTF-16 with BOM; refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        if re.fullmatch(rb"(?:[\x09\x0a\x0d\x20-\x7e]\x00)+", data[:2000]):
            return data.decode("utf-16-le")
        raise DigestSyntaxError("file holds binary data (NUL bytes), not a digest", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        for encoding in ("gb18030",):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise DigestSyntaxError(
            f"file is not UTF-8 text (byte {exc.start}); save it as UTF-8", path, line
        ) from exc


def _pdf_lines(data: bytes, path: Path) -> list[str]:
    """Extract the text layer of a PDF with pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DigestSyntaxError(f"cannot read PDF: {exc}", path) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DigestSyntaxError("PDF has no text layer (a scan?); run OCR first or use the HTML edition", path)
    return text.splitlines()


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
