"""Formatting is parsed as TDLib parses it (cases taken from TDLib's own HTML tests)."""

from __future__ import annotations

import pytest

from fakegram.markdown import parse_markdown_v2
from fakegram.markup import command_entities, format_text, parse_html
from fakegram.textutil import EntityParseError, utf16_len

STADIUM = "🏟 🏟&lt;"  # 13 bytes: the offsets below count from its end


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        (STADIUM + "<abacaba", "Unclosed start tag at byte offset 13"),
        (STADIUM + "<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        (STADIUM + "<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        (STADIUM + "<i    aba>", 'Can\'t find end tag corresponding to start tag "i"'),
        (STADIUM + "<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        (STADIUM + "<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        (STADIUM + '<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        (STADIUM + "</", "Unexpected end tag at byte offset 13"),
        (STADIUM + "<b></b></", "Unexpected end tag at byte offset 20"),
        (STADIUM + "<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            STADIUM + "<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        ("&#57311;", "Text contains invalid Unicode characters after decoding HTML entities"),
    ],
)
def test_html_errors_match_tdlib(markup: str, error: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(markup)
    assert str(caught.value).startswith(error)


@pytest.mark.parametrize(
    ("markup", "text", "entities"),
    [
        ("&ge;&lt;&gt;&amp;&quot;&laquo;&#12345678;", '&ge;<>&"&laquo;&#12345678;', []),
        ("🏟 🏟<i>🏟 &lt🏟</i>", "🏟 🏟🏟 <🏟", [{"type": "italic", "offset": 5, "length": 6}]),
        (
            "🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>",
            "🏟 🏟🏟 ><🏟",
            [
                {"type": "italic", "offset": 5, "length": 7},
                {"type": "bold", "offset": 9, "length": 3},
            ],
        ),
        (
            "<a>telegram.org</a>",
            "telegram.org",
            [{"type": "text_link", "offset": 0, "length": 12, "url": "http://telegram.org/"}],
        ),
        (
            '<pre><code class="language-python">x = 1</code></pre>',
            "x = 1",
            [{"type": "pre", "offset": 0, "length": 5, "language": "python"}],
        ),
        ('<span class="tg-spoiler">s</span>', "s", [{"type": "spoiler", "offset": 0, "length": 1}]),
        (
            "<blockquote expandable>q</blockquote>",
            "q",
            [{"type": "expandable_blockquote", "offset": 0, "length": 1}],
        ),
        ("<b></b>x", "x", []),
    ],
)
def test_html_text_and_entities_match_tdlib(
    markup: str, text: str, entities: list[dict[str, object]]
) -> None:
    parsed = parse_html(markup)
    assert (parsed.text, parsed.entities) == (text, entities)


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("🏟 🏟_abacaba", "Can't find end of Italic entity at byte offset 9"),
        ("🏟 🏟_abac * asd _", "Can't find end of Italic entity at byte offset 21"),
        ("🏟 🏟`", "Can't find end of Code entity at byte offset 9"),
        ("🏟 🏟!", "Character '!' is reserved and must be escaped with the preceding '\\'"),
    ],
)
def test_markdown_v2_errors_match_tdlib(markup: str, error: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_markdown_v2(markup)
    assert str(caught.value) == error


def test_markdown_v2_entities() -> None:
    parsed = parse_markdown_v2("*bold* _it_ __under__ ||sp|| `c` [link](https://x.org) \\!")
    assert parsed.text == "bold it under sp c link !"
    assert [e["type"] for e in parsed.entities] == [
        "bold",
        "italic",
        "underline",
        "spoiler",
        "code",
        "text_link",
    ]


def test_text_is_trimmed_and_entities_follow() -> None:
    formatted = format_text("\n  <b>Hi</b> 👋  \n", "HTML")
    assert formatted.text == "Hi 👋"
    assert formatted.entities == [{"type": "bold", "offset": 0, "length": 2}]
    with pytest.raises(ValueError, match="unsupported parse_mode"):
        format_text("x", "BBCode")


def test_commands_get_bot_command_entities_in_utf16() -> None:
    assert command_entities("/stretch back") == [{"type": "bot_command", "offset": 0, "length": 8}]
    assert command_entities("👋 /start@checkin_test_bot now") == [
        {"type": "bot_command", "offset": 3, "length": 23}
    ]
    assert command_entities("a/b and http://x/y") == []
    assert utf16_len("👋") == 2
