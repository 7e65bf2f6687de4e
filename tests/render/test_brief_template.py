"""A country office's own Word template for the brief: `cpss recommend FILE -f docx -o plan.docx --template T`.

Any .docx is a template: its styles and page setup are kept, the brief's own styles it lacks are added from the
shipped template, its text and its header and footer are not kept (a restyled brief given as the template does not
reappear in the new one). What is not a Word document is bad input named with the file; --template is for docx only,
and is never written over."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from cpss_advisor.render.brief_docx import render_docx

from tests.conftest import EXAMPLES, run_cli
from tests.render.test_brief_view import plan_of

ALDOVIA = EXAMPLES / "aldovia-early-stable.yaml"
BRIEF_STYLES = {"Card Meta", "Card Label", "Reference", "Note"}


def office_template(path, *, text: str = "Ministry letterhead: draft for discussion") -> None:
    """A plain Word document as an office would make it: its own Normal font, landscape pages, a paragraph of text,
    a header, and none of the brief's own styles."""
    doc = Document()
    doc.styles["Normal"].font.name = "Garamond"
    doc.styles["Normal"].font.size = Pt(12)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.header.paragraphs[0].text = "OFFICE HEADER"
    doc.add_paragraph(text)
    doc.save(str(path))


def text_of(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_an_office_document_is_a_template_with_the_brief_styles_added(tmp_path, kb):
    path = tmp_path / "office.docx"
    office_template(path)
    assert not BRIEF_STYLES & {s.name for s in Document(str(path)).styles}
    out = Document(io.BytesIO(render_docx(plan_of(ALDOVIA), kb, template=path)))
    assert out.styles["Normal"].font.name == "Garamond" and out.styles["Normal"].font.size == Pt(12)
    assert BRIEF_STYLES <= {s.name for s in out.styles}
    assert {p.style.name for p in out.paragraphs} & BRIEF_STYLES  # and the brief uses them
    assert out.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert "letterhead" not in text_of(out) and out.paragraphs[0].text == "Aldovia"
    header = "\n".join(p.text for p in out.sections[0].header.paragraphs)
    assert "OFFICE HEADER" not in header and header.startswith("Aldovia: ")


def test_a_restyled_brief_given_as_the_template_does_not_reappear(tmp_path, kb):
    first = tmp_path / "restyled.docx"
    first.write_bytes(render_docx(plan_of(EXAMPLES / "beremia-conflict.yaml"), kb))
    out = Document(io.BytesIO(render_docx(plan_of(ALDOVIA), kb, template=first)))
    assert "Beremia" not in text_of(out)
    footer = [p.text for p in out.sections[0].footer.paragraphs]
    assert footer == ["Page 1 of 1"]  # the fields once, not the old footer's beside them


def test_the_cli_writes_the_brief_into_the_template(tmp_path):
    path = tmp_path / "office.docx"
    office_template(path)
    before = path.read_bytes()
    out = tmp_path / "plan.docx"
    r = run_cli("recommend", ALDOVIA, "-f", "docx", "-o", out, "--template", path)
    assert r.code == 0, r.stderr
    assert Document(str(out)).styles["Normal"].font.name == "Garamond"
    assert path.read_bytes() == before
    # the template is an input: never written over
    r = run_cli("recommend", ALDOVIA, "-f", "docx", "-o", path, "--template", path)
    assert r.code == 4 and path.read_bytes() == before


def test_template_is_only_for_the_word_brief(tmp_path):
    path = tmp_path / "office.docx"
    office_template(path)
    r = run_cli("recommend", ALDOVIA, "-f", "html", "--template", path)
    assert r.code == 2 and "--template applies to docx" in r.stderr


def _zip(path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)


def _bad_files(tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    text = tmp_path / "notes.docx"
    text.write_text("not a zip at all")
    bare = tmp_path / "bare.docx"
    _zip(bare, {"word/document.xml": b"<x/>"})
    workbook = tmp_path / "book.docx"
    _zip(workbook, {"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
                                          b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'})
    broken = tmp_path / "broken.docx"
    _zip(broken, {"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
                                        b'officedocument.wordprocessingml.document.main+xml"/></Types>'})
    return {"old.doc": (doc, "Word 97-2003"), "notes.docx": (text, "not a zip package"),
            "bare.docx": (bare, "no [Content_Types].xml"), "book.docx": (workbook, "not a Word document (.docx)"),
            "broken.docx": (broken, "not a Word document python-docx can read"),
            "missing.docx": (tmp_path / "missing.docx", "no such file"), "dir": (tmp_path, "is a directory")}


@pytest.mark.parametrize("case", ["old.doc", "notes.docx", "bare.docx", "book.docx", "broken.docx", "missing.docx",
                                  "dir"])
def test_what_is_not_a_word_document_is_bad_input_named_with_its_file(tmp_path, case):
    path, words = _bad_files(tmp_path)[case]
    out = tmp_path / "plan.docx"
    r = run_cli("recommend", ALDOVIA, "-f", "docx", "-o", out, "--template", path)
    assert r.code == 1, r.stderr
    assert words in r.stderr and path.name in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_a_template_that_unpacks_beyond_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from cpss_advisor.render import brief_docx_styles

    monkeypatch.setattr(brief_docx_styles, "MAX_UNPACKED_BYTES", 1000)
    path = tmp_path / "big.docx"
    _zip(path, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * 5000})
    r = run_cli("recommend", ALDOVIA, "-f", "docx", "-o", tmp_path / "plan.docx", "--template", path)
    assert r.code == 1 and "unpacks to more than 1,000 bytes" in r.stderr


def test_a_template_saved_by_libreoffice_writer_works(tmp_path, kb, soffice):
    """LibreOffice names built-in styles as Word shows them ("Heading 1"), not as Word stores them ("heading 1"):
    a brief restyled and saved in Writer is a template like any other."""
    import subprocess

    src = tmp_path / "brief.docx"
    src.write_bytes(render_docx(plan_of(EXAMPLES / "corvania-decentralisation.yaml"), kb))
    profile = (tmp_path / "profile").as_uri()
    for target, folder in (("odt", tmp_path / "odt"), ("docx:MS Word 2007 XML", tmp_path / "saved")):
        given = src if target == "odt" else tmp_path / "odt" / "brief.odt"
        r = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                            target, "--outdir", str(folder), str(given)], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
    saved = tmp_path / "saved" / "brief.docx"
    out = Document(io.BytesIO(render_docx(plan_of(ALDOVIA), kb, template=saved)))
    assert out.paragraphs[0].text == "Aldovia" and "Corvania" not in text_of(out)
    assert any(p.style.name == "Heading 1" for p in out.paragraphs)
