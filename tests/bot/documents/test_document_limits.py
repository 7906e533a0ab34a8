"""Issue 7 §2: hostile documents, generated here, are refused by a child process with memory and
time limits; the bot process itself neither grows nor waits. Also the streaming .docx reader's
output on ordinary documents, and Big5 text files (§5)."""

from __future__ import annotations

import asyncio
import io
import os
import time
import zipfile
import zlib

import docx
import pytest

from bot import messages
from bot.documents.reader import DocumentError, decode_text, extract_text
from bot.documents.worker import DocumentLimits, read_document
from tests.bot.telegram.fake_bot_api import DEFAULT_USER
from tests.bot.telegram.harness import make_harness

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>').encode()
TAIL = b"</w:body></w:document>"
MB = 1024 * 1024


def rss_mb() -> float:
    """The test process' resident memory now."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def streamed_docx(path, body_unit: bytes, repeat: int, *, prefix: bytes = b"<w:p>", suffix: bytes = b"</w:p>") -> bytes:
    """A .docx whose document.xml is HEAD + prefix + body_unit × repeat + suffix + TAIL, written
    in chunks (the test never holds the inflated XML)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(HEAD + prefix)
            chunk = body_unit * max(1, (1 << 20) // len(body_unit))
            per_chunk = (1 << 20) // len(body_unit) or 1
            written = 0
            while written + per_chunk <= repeat:
                out.write(chunk)
                written += per_chunk
            out.write(body_unit * (repeat - written))
            out.write(suffix + TAIL)
    return path.read_bytes()


def heavy_pdf(operators: int) -> bytes:
    """One page whose (deflated) content stream draws `operators` one-letter strings."""
    content = b"BT /F1 12 Tf 50 700 Td " + b"(a) Tj 1 0 Td " * operators + b"ET"
    packed = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


async def refused(data: bytes, name: str,
                  limits: DocumentLimits = DocumentLimits()) -> tuple[DocumentError, float, float]:
    """(the refusal, seconds taken, growth of this process' memory in MB)."""
    before, started = rss_mb(), time.monotonic()
    with pytest.raises(DocumentError) as info:
        await read_document(data, name, limits)
    return info.value, time.monotonic() - started, rss_mb() - before


# ---------------------------------------------------------------- hostile documents


async def test_a_docx_bomb_of_tiny_elements_is_refused_fast(tmp_path):
    data = streamed_docx(tmp_path / "bomb.docx", b"<w:r/>", 190 * MB // 6)  # 190 MB of XML
    assert len(data) < 400 * 1024
    error, seconds, grown = await refused(data, "bomb.docx")
    assert error.code == "too_complex" and error.message == messages.DOC_TOO_COMPLEX_DOCX
    print(f"docx bomb: {len(data) // 1024} KB inflating to 190 MB refused in {seconds:.2f} s, parent +{grown:.1f} MB")
    assert seconds < 20 and grown < 50


async def test_a_docx_of_tiny_elements_under_the_inflate_limit_stops_at_the_element_budget(tmp_path):
    data = streamed_docx(tmp_path / "bomb.docx", b"<w:r/>", 100 * MB // 6)  # 100 MB: below the 128 MB check
    started = time.monotonic()
    with pytest.raises(DocumentError) as info:
        extract_text(data, "bomb.docx")  # in this process: the streaming reader itself is bounded
    seconds = time.monotonic() - started
    assert info.value.code == "too_complex"
    print(f"100 MB of tiny elements: refused in {seconds:.2f} s in process")
    assert seconds < 20


async def test_a_docx_with_very_many_runs_is_refused_at_the_character_cap(tmp_path):
    unit = "<w:r><w:t>办理</w:t></w:r>".encode()
    data = streamed_docx(tmp_path / "runs.docx", unit, 1_500_000)  # 1.5 M runs, 3 M characters
    error, seconds, grown = await refused(data, "runs.docx", DocumentLimits(max_chars=2_000_000))
    assert error.code == "too_much_text" and error.message == messages.DOC_TOO_MUCH_TEXT.format(limit=2_000_000)
    print(f"docx with 1.5 M runs ({len(data) // 1024} KB): refused in {seconds:.2f} s, parent +{grown:.1f} MB")
    assert seconds < 20 and grown < 50


async def test_a_pdf_with_heavy_content_streams_is_killed_at_the_timeout():
    data = heavy_pdf(2_000_000)
    assert len(data) < 200 * 1024
    error, seconds, grown = await refused(data, "heavy.pdf", DocumentLimits(timeout=2.0))
    assert error.code == "timeout" and error.message == messages.DOC_TIMEOUT.format(seconds=2)
    print(f"heavy pdf ({len(data) // 1024} KB): killed after {seconds:.2f} s, parent +{grown:.1f} MB")
    assert seconds < 10 and grown < 50


async def test_a_pdf_that_needs_more_memory_than_allowed_is_refused():
    data = heavy_pdf(2_000_000)
    error, seconds, grown = await refused(data, "heavy.pdf", DocumentLimits(memory_mb=200, timeout=120))
    assert error.code == "too_complex" and error.message == messages.DOC_TOO_COMPLEX.format(memory_mb=200)
    print(f"heavy pdf under 200 MB: refused in {seconds:.2f} s, parent +{grown:.1f} MB")
    assert grown < 50


async def test_text_past_the_character_cap_is_refused_without_reading_it_all():
    data = ("市人社局要在3天内完成。" * 300_000).encode("utf-8")  # 3.6 M characters
    with pytest.raises(DocumentError) as info:
        decode_text(data, max_chars=2_000_000)
    assert info.value.code == "too_much_text"
    small = data[: 34 * 1000]  # 1,000 sentences: under the cap it is read whole
    assert decode_text(small, max_chars=2_000_000) == small.decode("utf-8")


async def test_the_child_does_not_see_the_bots_settings(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TESTsecretTESTsecretTESTsecret_abc")
    from bot.documents.worker import _child_env

    assert "TELEGRAM_BOT_TOKEN" not in _child_env()
    assert await read_document("市人社局要在3天内完成排查。".encode(), "a.txt") == "市人社局要在3天内完成排查。"


async def test_the_bot_answers_a_docx_bomb_with_the_refusal(fake_bot_api, tmp_path):
    data = streamed_docx(tmp_path / "bomb.docx", b"<w:r/>", 190 * MB // 6)
    h = await make_harness(fake_bot_api, tmp_path)
    try:
        before = rss_mb()
        fake_bot_api.inject_document(data, "讲话.docx")
        await h.wait_text(messages.PARSING)
        await h.wait_edit(messages.DOC_TOO_COMPLEX_DOCX, timeout=30)
        assert rss_mb() - before < 50 and h.items() == []
        fake_bot_api.inject_text("/start")  # the bot is still there
        await h.wait_text("督办助手")
    finally:
        await h.stop()


# ---------------------------------------------------------------- the streaming reader on ordinary files


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_vertically_merged_cells_repeat_their_text_like_python_docx():
    def build(document):
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "任务", "责任单位"
        table.cell(1, 0).text, table.cell(2, 0).text = "排查隐患", "整改销号"
        merged = table.cell(1, 1).merge(table.cell(2, 1))
        merged.text = "市应急局"

    data = docx_bytes(build)
    expected = ["\t".join(c.text for c in row.cells) for row in docx.Document(io.BytesIO(data)).tables[0].rows]
    assert extract_text(data, "t.docx").split("\n") == expected
    assert expected == ["任务\t责任单位", "排查隐患\t市应急局", "整改销号\t市应急局"]


def test_tabs_breaks_hyperlinks_and_insertions_are_read_deletions_are_not():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        paragraph = document.add_paragraph("第一句")
        run = paragraph.add_run("第二")
        run.add_tab()
        run.add_text("句")
        run.add_break()
        run.add_text("换行后")
        extra = parse_xml(
            f"<w:p {nsdecls('w', 'r')}><w:hyperlink r:id='rId99'><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>"
            "<w:ins w:id='1' w:author='a'><w:r><w:t>插入的</w:t></w:r></w:ins>"
            "<w:del w:id='2' w:author='a'><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
            "<w:r><w:instrText>PAGE</w:instrText></w:r></w:p>")
        document.element.body.insert(1, extra)

    assert extract_text(docx_bytes(build), "t.docx").split("\n") == ["第一句第二\t句", "换行后", "链接文字插入的"]


def test_a_docx_declaring_entities_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
                         f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p>'
                         '</w:body></w:document>')
    with pytest.raises(DocumentError) as info:
        extract_text(buffer.getvalue(), "x.docx")
    assert info.value.code == "corrupt_docx"


# ---------------------------------------------------------------- Big5 (§5)

TRADITIONAL = "各單位要於十二月底前完成整改，並將辦理結果報督查室備案。"
SIMPLIFIED = "各单位要于十二月底前完成整改，并将办理结果报督查室备案。"


@pytest.mark.parametrize("encoding", ["big5", "cp950", "big5hkscs"])
def test_a_big5_text_file_is_detected(encoding):
    data = TRADITIONAL.encode(encoding)
    data.decode("gb18030")  # also "valid" GB18030: the garbage the bot used to read
    assert extract_text(data, "通知.txt") == TRADITIONAL
    assert extract_text(("第一段：" + TRADITIONAL + "\r\n") .encode(encoding) * 3, "通知.txt").count("督查室") == 3


@pytest.mark.parametrize("text", [SIMPLIFIED, "限期三日", "关于加强督查督办工作的通知", TRADITIONAL])
def test_gb18030_stays_gb18030(text):
    assert extract_text(text.encode("gb18030"), "通知.txt") == text


def test_big5_found_in_a_long_file_decoded_whole():
    data = ("一、" + TRADITIONAL + "\n").encode("big5") * 20_000  # past the detection sample
    assert decode_text(data) == ("一、" + TRADITIONAL + "\n") * 20_000


def test_text_that_is_garbage_in_every_chinese_encoding_is_refused():
    import random

    rng = random.Random(7)  # valid GB18030 double-byte sequences of rare characters: no language
    data = b"".join(bytes([rng.randint(0x81, 0xA0), rng.randint(0x40, 0x7E)]) for _ in range(400))
    with pytest.raises(DocumentError) as info:
        decode_text(data)
    assert info.value.code == "undecodable" and "Big5" in info.value.message


async def test_the_bot_reads_a_big5_speech(fake_bot_api, tmp_path):
    h = await make_harness(fake_bot_api, tmp_path)
    try:
        fake_bot_api.inject_document("市人社局要在5個工作日內完成排查整改。".encode("big5"), "通知.txt",
                                     user=DEFAULT_USER)
        edited = await h.wait_edit("请核对")
        assert "市人社局" in edited["text"] and [i.owner for i in h.items()] == ["市人社局"]
    finally:
        await h.stop()


def test_parsing_runs_while_the_event_loop_keeps_going():
    """The parent awaits the child: other coroutines run meanwhile."""
    async def main():
        ticks = 0

        async def tick():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.ensure_future(tick())
        with pytest.raises(DocumentError):
            await read_document(heavy_pdf(2_000_000), "heavy.pdf", DocumentLimits(timeout=1.0))
        ticker.cancel()
        return ticks

    assert asyncio.run(main()) >= 20
    assert os.getpid()  # still this process
