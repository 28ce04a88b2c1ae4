"""A report document: headings, text, tables and figures.

Written as Markdown and as one self-contained HTML file (figures embedded), with every table
also as CSV.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from wijksim.analysis.language import check_language
from wijksim.analysis.report_texts import TEXTS, fmt


def number(value, lang: str = "en") -> str:
    """A cell as text: thousands separators, two or three decimals, "–" for missing.

    In ``lang``'s notation: Dutch writes "1.234,5" and "ja"/"nee" for yes/no.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return TEXTS("yes" if value else "no", lang)
    if not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)
    size = abs(float(value))
    if size >= 100 or float(value).is_integer():
        return fmt(value, lang, ",.0f")
    return fmt(value, lang, ".2f") if size >= 1 else fmt(value, lang, ".3f")


def formatted(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Every cell of a table as text (in ``lang``'s notation)."""
    return table.apply(lambda column: column.map(lambda value: number(value, lang)))


@dataclass
class Document:
    """Blocks of a report (heading, text, table, figure), rendered as Markdown and HTML.

    ``lang`` is the language of the page (``<html lang>``) and of the numbers in its tables.
    """

    out_dir: Path
    lang: str = "en"
    blocks: list[tuple] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_language(self.lang)

    def heading(self, text: str, level: int = 2) -> None:
        """Add a heading."""
        self.blocks.append(("heading", level, text))

    def text(self, text: str) -> None:
        """Add a paragraph."""
        self.blocks.append(("text", text))

    def csv(self, name: str, table: pd.DataFrame) -> None:
        """Write a table as ``tables/<name>.csv`` without showing it."""
        path = self.out_dir / "tables" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False)

    def table(self, table: pd.DataFrame, name: str | None = None,
              raw: pd.DataFrame | None = None) -> None:
        """Show a table; write ``raw`` (or the table itself) as ``tables/<name>.csv``."""
        if name:
            self.csv(name, table if raw is None else raw)
        self.blocks.append(("table", table))

    def figure(self, figure, name: str, caption: str) -> None:
        """Save a matplotlib figure as ``figures/<name>.png`` and add it with its caption."""
        path = self.out_dir / "figures" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=110, metadata={"Software": None})
        plt.close(figure)
        self.blocks.append(("figure", f"figures/{name}.png", caption))

    def markdown(self) -> str:
        """The report as Markdown."""
        return "\n\n".join(_block_markdown(block, self.lang) for block in self.blocks) + "\n"

    def html(self, title: str) -> str:
        """The report as one HTML page with its figures embedded."""
        body = "\n".join(_block_html(block, self.out_dir, self.lang) for block in self.blocks)
        return (f"<!DOCTYPE html>\n<html lang=\"{self.lang}\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n"
                f"<body>\n{body}\n</body></html>\n")


_CSS = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
        "line-height:1.4}table{border-collapse:collapse;font-size:0.85em;margin:1em 0}"
        "th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}img{max-width:100%}")


def _block_markdown(block: tuple, lang: str = "en") -> str:
    kind = block[0]
    if kind == "heading":
        return "#" * block[1] + " " + block[2]
    if kind == "text":
        return block[1]
    if kind == "table":
        return _markdown_table(block[1], lang)
    return f"![{block[2]}]({block[1]})\n\n*{block[2]}*"


def _markdown_table(table: pd.DataFrame, lang: str = "en") -> str:
    def cell(value) -> str:
        return number(value, lang).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in table.columns) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |"
              for row in table.itertuples(index=False)]
    return "\n".join(lines)


def _block_html(block: tuple, out_dir: Path, lang: str = "en") -> str:
    kind = block[0]
    if kind == "heading":
        return f"<h{block[1]}>{html.escape(block[2])}</h{block[1]}>"
    if kind == "text":
        return f"<p>{html.escape(block[1]).replace('**', '')}</p>"
    if kind == "table":
        return formatted(block[1], lang).to_html(index=False, border=0, na_rep="–")
    data = base64.b64encode((out_dir / block[1]).read_bytes()).decode("ascii")
    return (f"<figure><img src=\"data:image/png;base64,{data}\" alt=\"{html.escape(block[2])}\">"
            f"<figcaption>{html.escape(block[2])}</figcaption></figure>")


