"""The help the app shows (F1): how the figures are made, the files it reads, the glossary.

Qt-free. The words come from where they live already: the method and how-to text from
``resources/help.md``, the data sources from the readers' publication titles
(:mod:`bcprimary.importing.registry`), the figures from :mod:`bcprimary.glossary`. The result is
one HTML document with an anchor per topic (:data:`TOPICS`), for a text browser.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bcprimary import glossary
from bcprimary.paths import resource_path

GUIDE_FILE = "help.md"
#: Anchor → title of the generated sections (the guide's own sections name theirs).
SOURCES = "sources"
GLOSSARY = "glossary"
GENERATED_TITLES = {SOURCES: "Files the app reads", GLOSSARY: "Glossary of every figure"}
_HEADING = re.compile(r"^##\s+(.+?)\s*\{#([\w-]+)\}\s*$")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    html: str


def data_sources() -> list[tuple[str, str]]:
    """(publication title, dataset code) of every file the app can read, in title order."""
    from bcprimary.importing.registry import all_readers

    return sorted((reader.title, reader.dataset) for reader in all_readers())


def glossary_terms() -> list[glossary.Term]:
    """Every term of the glossary with a definition (figures and choices), in its order."""
    return [t for t in glossary.GLOSSARY.values() if t.definition]


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def guide_sections() -> list[Section]:
    """The sections of ``resources/help.md`` ("## Title {#anchor}" headings, paragraphs)."""
    sections: list[Section] = []
    anchor, title, paragraphs, lines = "", "", [], []

    def end_paragraph() -> None:
        if lines:
            paragraphs.append(f"<p>{_inline(' '.join(lines))}</p>")
            lines.clear()

    def end_section() -> None:
        end_paragraph()
        if anchor:
            sections.append(Section(anchor, title, "\n".join(paragraphs)))

    for line in resource_path(GUIDE_FILE).read_text(encoding="utf-8").splitlines():
        if match := _HEADING.match(line):
            end_section()
            title, anchor, paragraphs = match.group(1), match.group(2), []
        elif line.strip():
            lines.append(line.strip())
        else:
            end_paragraph()
    end_section()
    return sections


def sources_section() -> Section:
    items = "\n".join(f"<li>{html.escape(title)}</li>" for title, _ in data_sources())
    body = (
        "<p>The app recognises these publications from their content (CSV, XLSX, or a ZIP "
        "holding them). A file that is none of them is not read.</p>\n"
        f"<ul>\n{items}\n</ul>"
    )
    return Section(SOURCES, GENERATED_TITLES[SOURCES], body)


def glossary_section() -> Section:
    rows = "\n".join(
        f"<tr><td><b>{html.escape(t.label)}</b>"
        + (f" ({html.escape(t.unit)})" if t.unit and t.unit not in ("text", "count") else "")
        + f"</td><td>{html.escape(t.definition)}</td></tr>"
        for t in glossary_terms()
    )
    body = f"<table cellpadding='3'>\n{rows}\n</table>"
    return Section(GLOSSARY, GENERATED_TITLES[GLOSSARY], body)


def sections() -> list[Section]:
    return [*guide_sections(), sources_section(), glossary_section()]


def topics() -> list[str]:
    """The anchors a help link can name."""
    return [s.anchor for s in sections()]


def help_html() -> str:
    """The whole help as one HTML document: contents first, then each section."""
    parts = sections()
    contents = "".join(f"<li><a href='#{s.anchor}'>{html.escape(s.title)}</a></li>" for s in parts)
    body = "\n".join(
        f"<h2><a name='{s.anchor}'></a>{html.escape(s.title)}</h2>\n{s.html}" for s in parts
    )
    return f"<html><body><ul>{contents}</ul>\n{body}</body></html>"
