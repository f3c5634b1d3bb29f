"""Inputs that are not plain digest files: FIFOs and devices, folders with symlinks, unreadable or empty folders,
UTF-7 text, odd line separators, HTML without optional tags, pathological HTML, encrypted and oversized PDFs.

Each case is refused with one line naming the file (exit code 2) or read like any other digest, and none hangs.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from childproc import policygraph, run_child
from click.testing import CliRunner

from policygraph.cli import expand_inputs, main
from policygraph.errors import DigestSyntaxError
from policygraph.parse import parse_file
from policygraph.parse_output import digest_json
from policygraph.read import MAX_CHARS, read_digest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
BAD = TESTS / "data" / "bad-input"
#: a small MERICS digest with two entries (CRLF line endings; read with LF here)
DIGEST = (BAD / "crlf.txt").read_bytes().replace(b"\r\n", b"\n").decode("utf-8")
PDF = TESTS / "data" / "digests" / "variants" / "pdf-digest.pdf"


def lines_of(got: dict) -> list:
    """The line ranges of every policy and news item of a parsed digest, and the lines of its problems."""
    return ([p["lines"] for p in got["policies"]] + [n["lines"] for n in got["news"]]
            + [p["line"] for p in got["problems"]])


def errors_in(stderr: str) -> list[str]:
    """The ``Error:`` lines of a command's stderr."""
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


# 1. only regular files are read ------------------------------------------------------------------------------


def test_a_fifo_is_refused_at_once_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "digest.txt"
    os.mkfifo(fifo)
    child = run_child(policygraph("parse", str(fifo)), timeout=30)  # opening the FIFO would block for ever
    assert child.code == 2, child.stderr
    assert f"Error: {fifo}: " in child.stderr and "not a regular file" in child.stderr
    assert len(errors_in(child.stderr)) == 1, child.stderr


def test_a_fifo_inside_a_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIGEST, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    child = run_child(policygraph("parse", str(tmp_path)), timeout=30)
    assert child.code == 2, child.stderr
    assert f"Error: {tmp_path / 'b.txt'}: " in child.stderr and "not a regular file" in child.stderr
    assert '"title_zh"' in child.stdout  # the regular file is still read


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(DigestSyntaxError) as caught:
        read_digest("/dev/zero")
    assert caught.value.path == "/dev/zero" and "not a regular file" in str(caught.value)
    assert "character device" in str(caught.value)
    assert time.monotonic() - started < 10  # hang guard only
    result = CliRunner().invoke(main, ["parse", "/dev/zero"])
    assert result.exit_code == 2 and "Error: /dev/zero: " in result.stderr


# 2. folders --------------------------------------------------------------------------------------------------


def test_symlinked_subfolders_are_followed_and_loops_end(tmp_path: Path) -> None:
    top, elsewhere = tmp_path / "top", tmp_path / "elsewhere"
    (top / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (top / "a.txt").write_text(DIGEST, encoding="utf-8")
    (top / "sub" / "b.md").write_text(DIGEST, encoding="utf-8")
    (elsewhere / "c.txt").write_text(DIGEST, encoding="utf-8")
    (top / "linked").symlink_to(elsewhere, target_is_directory=True)
    (top / "sub" / "loop").symlink_to(top, target_is_directory=True)  # a cycle
    (elsewhere / "back").symlink_to(top / "sub", target_is_directory=True)  # another way to a folder seen
    found = expand_inputs((str(top),))
    assert found == [top / "a.txt", top / "linked" / "c.txt", top / "sub" / "b.md"]


def test_a_symlink_loop_alone_is_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "self").symlink_to(tmp_path, target_is_directory=True)
    result = CliRunner().invoke(main, ["parse", str(tmp_path)])
    assert result.exit_code == 2
    assert f"Error: {tmp_path}: no digests found" in result.stderr


def test_an_empty_folder_exits_2_naming_it(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "README.md").write_text("# not a digest\n", encoding="utf-8")
    (tmp_path / "empty-sub").mkdir()
    for command in (["parse"], ["validate"], ["ingest", "--store", str(tmp_path / "store")]):
        result = CliRunner().invoke(main, [*command, str(tmp_path)])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.strip() == f"Error: {tmp_path}: no digests found (no .txt, .md, .html, .htm or " \
                                        ".pdf files in the folder)", command


def _unreadable_case(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "a.txt").write_text(DIGEST, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(DIGEST, encoding="utf-8")
    return tmp_path, locked


def _assert_refused(top: Path, locked: Path) -> None:
    for command in (["parse"], ["ingest", "--store", str(top.parent / "store")]):
        result = CliRunner().invoke(main, [*command, str(top)])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.strip() == f"Error: {locked}: cannot read folder: Permission denied", command
        assert result.stdout == ""  # refused before anything was read


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_subfolder_is_refused_naming_it(tmp_path: Path) -> None:
    top, locked = _unreadable_case(tmp_path / "top")
    locked.chmod(0)
    try:
        _assert_refused(top, locked)
    finally:
        locked.chmod(0o755)


def test_an_unreadable_subfolder_is_refused_naming_it_even_as_root(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "top").mkdir()
    top, locked = _unreadable_case(tmp_path / "top")
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _assert_refused(top, locked)


# 3. UTF-7 ----------------------------------------------------------------------------------------------------


def test_utf7_text_is_refused_like_other_legacy_encodings(tmp_path: Path) -> None:
    path = tmp_path / "utf7.txt"
    path.write_bytes(DIGEST.encode("utf-7"))
    assert path.read_bytes().isascii()
    with pytest.raises(DigestSyntaxError) as caught:
        parse_file(path)
    first = next(no for no, line in enumerate(DIGEST.split("\n"), start=1) if not line.isascii())
    assert caught.value.path == str(path) and caught.value.line == first
    assert "not UTF-8 text" in str(caught.value) and "UTF-7" in str(caught.value)


def test_utf7_with_its_signature_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf7-sig.txt"
    path.write_bytes(b"+/v8-" + DIGEST.encode("ascii", "ignore"))
    with pytest.raises(DigestSyntaxError, match="UTF-7"):
        read_digest(path)


def test_ascii_with_plus_signs_is_not_utf7(tmp_path: Path) -> None:
    path = tmp_path / "plus.txt"
    extra = ("Contact: +1-202-555-0100, +86-10-6512-3456, +8610-6512-3456 or +2024-01-01.\n"
             "Written in C++ and C#; a+b-c = 1+2-3; +ABC- is no word; A +AAAA- code; x+y+z-w.\n")
    path.write_text(DIGEST + extra, encoding="utf-8")
    source = read_digest(path)
    assert source.lines[-1].startswith("Written in C++")


# 4. line breaks ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"],
                         ids=["FF", "VT", "FS", "GS", "RS", "NEL", "LS", "PS"])
def test_only_lf_crlf_and_cr_break_lines(sep: str, tmp_path: Path) -> None:
    lines = DIGEST.split("\n")
    second = next(no for no, line in enumerate(lines) if line.startswith("2. "))
    lines[second] = sep + lines[second]  # as pdftotext writes a form feed before a page's first line
    lines[second - 2] += sep  # and one at the end of a line
    dated = next(no for no in range(second, len(lines)) if lines[no].startswith("Date: "))
    lines[dated] = lines[dated].replace("Date: ", "Date:" + sep)  # and inside lines, where it is a blank
    titled = next(no for no in range(second, len(lines)) if lines[no].startswith("Article: "))
    lines[titled] = lines[titled].replace(" for ", f" for{sep}", 1)
    path, plain = tmp_path / "sep.txt", tmp_path / "plain.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    plain.write_text(DIGEST, encoding="utf-8")
    assert len(read_digest(path).lines) == len(read_digest(plain).lines)
    got, want = digest_json(parse_file(path)), digest_json(parse_file(plain))
    assert lines_of(got) == lines_of(want)
    assert got["policies"][1]["lines"][0] == second + 1  # the line an editor shows
    assert _policies(got) == _policies(want)


# 5. HTML without optional tags -------------------------------------------------------------------------------

HTML_SAMPLES = [ROOT / "data" / "digests" / "labelled-list" / "policy-news-2025-03.html",
                ROOT / "data" / "digests" / "news-updates" / "standards-news-2025-04.html"]


def _policies(got: dict) -> list:
    return [(p["title_en"], p["title_zh"], p["date"], p["issuers"]) for p in got["policies"]]


@pytest.mark.parametrize("sample", HTML_SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("drop", [["</head>"], ["</head>", "<head>"], ["</head>", "<html lang=\"en\">", "<body>",
                                                                        "</body>", "</html>"]],
                         ids=["no-head-end", "no-head-tags", "no-html-body-head-end"])
def test_html_without_optional_tags_reads_like_the_original(sample: Path, drop: list[str], tmp_path: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    assert drop[0] in text
    for tag in drop:
        text = text.replace(tag, "")
    path = tmp_path / sample.name
    path.write_text(text, encoding="utf-8")
    want = digest_json(parse_file(sample))
    got = digest_json(parse_file(path))
    assert want["policies"]
    assert _policies(got) == _policies(want)
    assert len(got["news"]) == len(want["news"])


# 6. pathological HTML ----------------------------------------------------------------------------------------

#: 1.9 MB each; "</" alone took some 350 s in the standard library's HTMLParser (every unclosed tag was looked
#: for to the end of the text)
PATHOLOGICAL_HTML = {
    "closing tags": "</p></div>" * 190_000,
    "bold ends": "</b>" * 475_000,
    "unclosed end tags": "</" * 950_000,
    "unclosed start tags": "<p" * 950_000,
    "unclosed attributes": "<a b='" * 316_000,
    "unclosed comments": "<!--" * 475_000,
    "unclosed declarations": "<!" * 950_000,
    "unclosed instructions": "<?" * 950_000,
    "unclosed scripts": "<script>" * 237_000,
    "charrefs": "&#" * 950_000,
    "lone brackets": "a < b " * 316_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL_HTML)
def test_pathological_html_does_not_hang(name: str, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>MARCH 1, 2024</p>" + PATHOLOGICAL_HTML[name], encoding="utf-8")
    child = run_child(policygraph("parse", str(path)), timeout=10)  # a guard against hangs, not a speed test
    assert child.code in (0, 2) and "Traceback" not in child.stderr, child.stderr
    if child.code == 2:
        assert len(errors_in(child.stderr)) == 1 and f"Error: {path}" in child.stderr


def test_html_text_is_still_extracted_as_before(tmp_path: Path) -> None:
    from policygraph.read import _html_lines

    page = ("<!DOCTYPE html><html><head><title>T</title><style>p{}</style><script>if (a<b) x='</p>';</script>"
            "</head><body><nav>menu</nav><!-- a <b>comment</b> --><h1>Head &amp; line</h1><p>One<br>two &lt; 3"
            "<a href='x>y' title=\"<b>\">link</a></p><ul><li>item</li></ul><p>a < b and c<d</p>"
            "<noscript>no</noscript><p>end&nbsp;here</p></body></html>")
    assert _html_lines(page) == ["Head & line", "One", "two < 3link", "- item", "a < b and c", "end here"]


# 7. PDF ------------------------------------------------------------------------------------------------------


def test_an_aes_encrypted_pdf_with_an_empty_password_is_read() -> None:
    encrypted = BAD / "encrypted-aes.pdf"
    assert b"/AESV2" in encrypted.read_bytes()
    got, want = digest_json(parse_file(encrypted)), digest_json(parse_file(PDF))
    assert want["policies"]
    assert _policies(got) == _policies(want)


def test_the_encrypted_fixture_is_the_pdf_digest_encrypted(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PDF)
    writer.encrypt("", algorithm="AES-128")
    path = tmp_path / "encrypted.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert PdfReader(path).is_encrypted
    assert [ln for ln in read_digest(path).lines] == [ln for ln in read_digest(BAD / "encrypted-aes.pdf").lines]


def _text_bomb(chars: int) -> bytes:
    """A small PDF of one page whose compressed content stream draws ``chars`` characters of text."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    line = b"(" + b"policy " * 100 + b") Tj T* "
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 14 TL 72 720 Td " + line * (chars // 700) + b"ET")
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_whose_text_expands_past_the_limit_is_refused_while_extracting(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_text_bomb(20_000_000))
    assert path.stat().st_size < 200_000
    child = run_child(policygraph("parse", str(path)), timeout=30)  # 60 s and more before: a hang guard only
    assert child.code == 2, child.stderr
    assert errors_in(child.stderr) == [f"Error: {path}: PDF holds more than {MAX_CHARS:,} characters of text; "
                                       f"digests longer than {MAX_CHARS:,} characters are refused"]


def test_a_pdf_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(_text_bomb(700_000))
    source = read_digest(path)
    assert 900 < len(source.lines) < 1100 and source.lines[0].startswith("policy policy")


def test_cryptography_is_a_dependency() -> None:
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.replace(" ", "").startswith(("cryptography", "pypdf[crypto]")) for d in deps), deps
    import cryptography  # noqa: F401 - pypdf needs it for AES
