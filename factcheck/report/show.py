"""`factcheck show STORY`: the story in the terminal, figures highlighted by source,
findings beneath their paragraphs, and (with --claims) the figures by subject."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from factcheck.model import Result
from factcheck.report.layout import Layout, layout
from factcheck.report.text import STYLE, interval

# background colours for sources S1, S2, ...; figures with no source are underlined only
SOURCE_STYLES = ("black on sky_blue1", "black on light_goldenrod1", "black on pale_green1",
                 "black on plum1", "black on khaki1", "black on light_slate_blue",
                 "black on aquamarine1", "black on light_salmon1")
NO_SOURCE = "underline"


def _style(index: int) -> str:
    return NO_SOURCE if index < 0 else SOURCE_STYLES[index % len(SOURCE_STYLES)]


def _key(lay: Layout) -> Text:
    text = Text()
    text.append("Sources: ", style="bold")
    for i, key in enumerate(lay.sources):
        text.append(f" {key.tag} ", style=_style(key.index))
        text.append(f" {key.name}" + ("   " if i < len(lay.sources) - 1 else ""))
    return text


def by_subject(result: Result, lay: Layout) -> Table:
    table = Table(title=f"Figures by subject in {result.story.path}", title_justify="left")
    table.add_column("subject", style="bold")
    for key in lay.sources:
        table.add_column(Text(f"{key.tag} {key.name}"), overflow="fold")
    for subject, cells in lay.by_subject:
        table.add_row(subject, *("\n".join(f"{c.text} ({interval(c)}{', ' + c.predicate if c.predicate else ''})"
                                           for c in cell) for cell in cells))
    return table


def render_story(console: Console, result: Result, claims: bool = False) -> None:
    lay = layout(result)
    console.print(Text(result.story.path, style="bold"),
                  Text(f"  dateline {result.story.dateline or 'unknown'}", style="dim"))
    console.print(_key(lay))
    console.print()
    for para in lay.paragraphs:
        text = Text()
        text.append(f"{para.line:>5}  ", style="dim")
        for piece in para.pieces:
            if piece.claim is None:
                text.append(piece.text)
            else:
                text.append(piece.text, style=_style(piece.source.index))
                text.append(piece.source.tag, style="dim")
        console.print(text, overflow="fold")
        for f in para.findings:
            line, col = result.story.position(f.start)
            note = Text("       ")
            note.append(f"{f.severity} ", style=STYLE[f.severity])
            note.append(f"{f.rule} {line}:{col}: ", style="bold")
            note.append(f.message)
            console.print(note, overflow="fold")
        console.print()
    for f in lay.loose:
        console.print(Text(f"{f.severity} {f.rule}: {f.message}", style=STYLE[f.severity]))
    if claims:
        console.print(by_subject(result, lay))
