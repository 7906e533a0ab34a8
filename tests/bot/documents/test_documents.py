"""bot/documents.py: real files built in the test (python-docx, pypdf, hand-written PDF)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from bot import messages
from bot.documents.reader import (
    DEFAULT_MAX_BYTES,
    DocumentError,
    check_size,
    decode_text,
    extract_text,
    file_kind,
)

# Traditional characters, full-width digits, emoji, full-width punctuation.
SPEECH = "各單位要於２０２６年１２月３１日前完成整改，並報督查室備案 ✅🎯\n第二條：每週一彙報進度。"


def expect_error(code: str, data: bytes, filename: str | None, **kwargs: int) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        extract_text(data, filename, **kwargs)
    assert info.value.code == code
    assert info.value.message and info.value.message == str(info.value)
    return info.value


# --------------------------------------------------------------------------- helpers
def make_docx(*blocks: str | list[list[str]]) -> bytes:
    """Paragraphs (str) and tables (list of rows) in the given order."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_text_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF whose text uses a Type0/Identity-H font with a ToUnicode CMap
    (glyph ids 1..n map to the distinct characters), so any Unicode text is extractable."""
    chars = sorted({ch for line in lines for ch in line})
    gid = {ch: i + 1 for i, ch in enumerate(chars)}

    def utf16_hex(ch: str) -> str:
        return ch.encode("utf-16-be").hex().upper()

    cmap_lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
        f"{len(chars)} beginbfchar",
        *(f"<{gid[ch]:04X}> <{utf16_hex(ch)}>" for ch in chars),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    cmap = "\n".join(cmap_lines).encode("ascii")
    content_lines = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        hex_ids = "".join(f"{gid[ch]:04X}" for ch in line)
        content_lines.append(f"<{hex_ids}> Tj T*")
    content_lines.append("ET")
    content = "\n".join(content_lines).encode("ascii")

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DubanTest /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DubanTest "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /DubanTest /Flags 4 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
        b"/CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def blank_pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- text
@pytest.mark.parametrize(
    "data",
    [
        SPEECH.encode("utf-8"),
        b"\xef\xbb\xbf" + SPEECH.encode("utf-8"),
        SPEECH.encode("utf-16"),  # Notepad "Unicode": UTF-16 with BOM
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom"],
)
def test_txt_unicode_round_trip(data: bytes) -> None:
    assert extract_text(data, "讲话.txt") == SPEECH


def test_txt_gb18030_round_trip() -> None:
    # GB18030 covers traditional characters, full-width digits and emoji.
    data = SPEECH.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert extract_text(data, "讲话.TXT") == SPEECH


def test_txt_gbk_windows_file_with_crlf() -> None:
    text = "关于加强督查督办工作的通知\r\n请各单位于3个工作日内反馈。\r\n"
    assert extract_text(text.encode("gbk"), "通知.txt") == text


def test_undecodable_bytes_rejected() -> None:
    # 0x80 alone and 0xFF are invalid in UTF-8 and in GB18030.
    expect_error("undecodable", "督办".encode("gb18030") + b"\xff\x80", "a.txt")


def test_binary_with_nul_rejected() -> None:
    err = expect_error("binary", b"%\x00\x01\x02ELF\x00\x00binary", "junk.txt")
    assert err.message == messages.DOC_BINARY


def test_mostly_control_chars_rejected() -> None:
    expect_error("binary", bytes(range(1, 32)) * 20 + "文字".encode(), "junk.txt")


def test_empty_and_whitespace() -> None:
    expect_error("empty", b"", "a.txt")
    expect_error("no_text", " \n\t\u3000".encode(), "a.txt")


def test_decode_text_prefers_utf8() -> None:
    # "中文" in UTF-8 happens to be valid GB18030 too; UTF-8 must win.
    assert decode_text("中文".encode()) == "中文"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_utf8_text_round_trips(text: str) -> None:
    if not text.strip():
        return
    assert extract_text(text.encode("utf-8"), "t.txt") == text


# --------------------------------------------------------------------------- size & type
def test_size_limit_checked_before_parsing() -> None:
    # Garbage that would be a corrupt docx: the size error must come first.
    err = expect_error("too_large", b"PK" + b"\x00" * 2048, "big.docx", max_bytes=1024)
    assert "1 MB" not in err.message and "MB" in err.message
    assert extract_text("短文".encode(), "s.txt", max_bytes=6) == "短文"
    expect_error("too_large", "短文!".encode(), "s.txt", max_bytes=6)


def test_check_size_default_20mb() -> None:
    check_size(DEFAULT_MAX_BYTES)
    check_size(None)
    with pytest.raises(DocumentError) as info:
        check_size(DEFAULT_MAX_BYTES + 1)
    assert info.value.code == "too_large"
    assert "20 MB" in info.value.message


def test_unsupported_and_legacy_types() -> None:
    expect_error("legacy_word", b"\xd0\xcf\x11\xe0", "旧版.doc")
    err = expect_error("unsupported", b"GIF89a", "图片.gif")
    assert ".gif" in err.message


def test_sniffing_without_extension() -> None:
    assert file_kind(make_docx("x"), None) == "docx"
    assert file_kind(b"%PDF-1.7 ...", "scan") == "pdf"
    assert file_kind("文字".encode(), None) == "text"
    assert extract_text(make_docx(SPEECH), None) == SPEECH


# --------------------------------------------------------------------------- docx
def test_docx_paragraphs_and_tables_in_order() -> None:
    data = make_docx(
        "督查通报",
        [["任务", "责任单位", "时限"], ["完成整改", "住建局", "２０２６年１２月３１日前"]],
        SPEECH,
    )
    assert extract_text(data, "通报.docx") == "\n".join(
        [
            "督查通报",
            "任务\t责任单位\t时限",
            "完成整改\t住建局\t２０２６年１２月３１日前",
            SPEECH,
        ]
    )


def test_docx_merged_cells_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "一、重点任务"
    table.cell(1, 0).text = "甲"
    table.cell(1, 2).text = "丙"
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_lines(buffer.getvalue()) == ["一、重点任务", "甲\t丙"]


def test_docx_content_control_text_included() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("前言")
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>控件内：限期３日</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, sdt)
    document.add_paragraph("结尾")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_lines(buffer.getvalue()) == ["前言", "控件内：限期３日", "结尾"]


def docx_lines(data: bytes) -> list[str]:
    return extract_text(data, "x.docx").split("\n")


def test_truncated_docx_is_clear_error() -> None:
    data = make_docx(SPEECH)
    err = expect_error("corrupt_docx", data[: len(data) // 2], "截断.docx")
    assert err.message == messages.DOC_CORRUPT_DOCX


def test_zip_that_is_not_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    expect_error("corrupt_docx", buffer.getvalue(), "fake.docx")


def test_docx_with_broken_xml() -> None:
    source = zipfile.ZipFile(io.BytesIO(make_docx(SPEECH)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = body[: len(body) // 2]
            archive.writestr(item, body)
    expect_error("corrupt_docx", buffer.getvalue(), "broken.docx")


def test_plain_text_named_docx() -> None:
    expect_error("corrupt_docx", SPEECH.encode(), "mislabelled.docx")


def test_empty_docx() -> None:
    expect_error("no_text", make_docx(), "空白.docx")


# --------------------------------------------------------------------------- pdf
def test_pdf_text_extracted_unchanged() -> None:
    lines = SPEECH.split("\n")
    text = extract_text(make_text_pdf(lines), "讲话.pdf")
    assert text.split("\n") == lines


def test_image_only_pdf() -> None:
    err = expect_error("pdf_no_text", blank_pdf(), "扫描件.pdf")
    assert err.message.startswith("未能从PDF中提取文字")


def test_encrypted_pdf() -> None:
    err = expect_error("pdf_encrypted", blank_pdf(password="secret"), "加密.pdf")
    assert err.message.startswith("未能从PDF中提取文字")


def test_corrupt_pdf() -> None:
    pdf = make_text_pdf(["测试"])
    err = expect_error("corrupt_pdf", b"%PDF-1.7\n" + b"\x00garbage" * 10, "坏.pdf")
    assert err.message.startswith("未能从PDF中提取文字")
    with pytest.raises(DocumentError) as info:
        extract_text(pdf[:40], "截断.pdf")
    assert info.value.code in {"corrupt_pdf", "pdf_no_text"}
