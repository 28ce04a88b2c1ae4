"""User text made inert before it reaches a page.

Scenario and exercise files are meant to be shared, so their titles, descriptions and teaching
texts (and team names) are untrusted. Everything the app shows of them goes through
:func:`inert` before it is put into Markdown: HTML is escaped, so no tag or attribute reaches the
browser, and the Markdown characters that make links, images, emphasis or table cells are
escaped, so a ``javascript:`` link cannot be formed. The text reads the same.
"""

from __future__ import annotations

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")  # what Markdown (with tables) escapes


def inert(text: object) -> str:
    """``text`` as Markdown that shows exactly these characters and nothing else."""
    escaped = html.escape(str(text), quote=False)
    return _MARKDOWN.sub(r"\\\1", escaped)
