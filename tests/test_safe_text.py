"""User text reaches pages inert: no HTML, no links, the same characters to read."""

import markdown
import pytest

from wijksim.app.safe_text import inert

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>a</a>",
    "**bold** | cell | _under_ `code`",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_its_own_characters(text):
    rendered = markdown.Markdown(extensions=["tables", "toc"]).convert(inert(text))
    assert "<img" not in rendered and "<script" not in rendered and "<svg" not in rendered
    assert "<iframe" not in rendered and "<a " not in rendered
    assert "<strong>" not in rendered and "<em>" not in rendered and "<code>" not in rendered
    # what the reader sees is the original text
    import html
    import re

    shown = html.unescape(re.sub(r"</?p>", "", rendered))
    assert shown == text
