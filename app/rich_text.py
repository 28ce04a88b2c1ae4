"""Markdown shown as HTML made on the server, and pictures with alternative text.

Solara's own ``Markdown`` component loads KaTeX (for maths) from its CDN path every time it is
shown; with no internet (workshop venues, municipal networks) each load fails. wijksim shows no
maths, so its text is converted here with python-markdown (the library Solara's component
uses) and put in the page as HTML. User text must still go through
:func:`wijksim.app.safe_text.inert` first, exactly as before: this converts Markdown, it does
not sanitise HTML.
"""

from __future__ import annotations

import base64
import textwrap

import markdown as python_markdown
import solara

EXTENSIONS = ("tables",)


def to_html(text: str) -> str:
    """Markdown ``text`` (dedented, as Solara's component does) as HTML.

    Links open in a new tab, so that following one (a team's join link, the projector) never
    takes a facilitator away from the page that holds their room.
    """
    html = python_markdown.markdown(textwrap.dedent(text), extensions=list(EXTENSIONS))
    return html.replace("<a href=", '<a target="_blank" rel="noopener" href=')


def _style_text(style: str | dict | None) -> str | None:
    if style is None or isinstance(style, str):
        return style
    return "; ".join(f"{key}: {value}" for key, value in style.items())


@solara.component
def Picture(image: bytes, alt: str, classes: list[str] | None = None,
            width: str | None = None):
    """A PNG with alternative text (Solara's Image has none), served inline as a data URL."""
    source = "data:image/png;base64," + base64.b64encode(image).decode("ascii")
    style = f"width: {width}" if width else "max-width: 100%"
    solara.HTML(tag="img", attributes={"src": source, "alt": alt}, style=style,
                classes=classes or [])


@solara.component
def Markdown(text: str, style: str | dict | None = None, classes: list[str] | None = None):
    """Markdown as server-made HTML, styled like Solara's Markdown component."""
    solara.HTML(tag="div", unsafe_innerHTML=to_html(text), style=_style_text(style),
                classes=["solara-markdown", "rendered_html", "jp-RenderedHTMLCommon",
                         *(classes or [])])
