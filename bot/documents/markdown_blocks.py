"""Parse Markdown into a small block model (headings, paragraphs, list items, runs).

DOCX and PDF export render from this model, so both agree on what the Markdown means.
Parsing uses pyromark (CommonMark, already installed for telegramify-markdown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pyromark

BlockKind = Literal["heading", "paragraph", "bullet", "numbered", "quote", "code", "rule"]
_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass
class Block:
    """One paragraph-level element; `level` is the heading level or list nesting depth."""

    kind: BlockKind
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    number: int | None = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class _ListState:
    ordered: bool
    next_number: int


class _Walker:
    """Turns pyromark's event stream into blocks; unknown events are ignored, never fatal."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[_ListState] = []
        self.bold = 0
        self.italic = 0
        self.quote = 0
        self.links: list[str] = []

    def flush(self) -> None:
        if self.current is not None and (self.current.text.strip() or self.current.kind == "rule"):
            self.blocks.append(self.current)
        self.current = None

    def ensure_block(self) -> Block:
        if self.current is None:
            kind: BlockKind = "quote" if self.quote else "paragraph"
            self.current = Block(kind, level=len(self.lists))
        return self.current

    def add_text(self, text: str, *, code: bool = False) -> None:
        if text:
            self.ensure_block().runs.append(Run(text, self.bold > 0, self.italic > 0, code))

    def start(self, tag: Any) -> None:
        name, value = _tag(tag)
        if name == "Heading":
            self.flush()
            level = str(value.get("level", "H1")) if isinstance(value, dict) else "H1"
            self.current = Block("heading", level=int(level[1:] or 1))
        elif name in ("Paragraph", "TableHead", "TableRow"):
            if not (
                self.current is not None
                and self.current.kind in ("bullet", "numbered")
                and not self.current.runs
            ):
                self.flush()
            if name == "TableHead":
                self.bold += 1
        elif name == "List":
            self.flush()
            self.lists.append(_ListState(value is not None, int(value or 1)))
        elif name == "Item":
            self.flush()
            state = self.lists[-1] if self.lists else _ListState(False, 1)
            kind: BlockKind = "numbered" if state.ordered else "bullet"
            self.current = Block(kind, level=max(len(self.lists) - 1, 0))
            if state.ordered:
                self.current.number = state.next_number
                state.next_number += 1
        elif name == "BlockQuote":
            self.flush()
            self.quote += 1
        elif name == "CodeBlock":
            self.flush()
            self.current = Block("code", level=len(self.lists))
        elif name == "Strong":
            self.bold += 1
        elif name == "Emphasis":
            self.italic += 1
        elif name == "Link":
            self.links.append(str(value.get("dest_url", "")) if isinstance(value, dict) else "")
        elif name == "TableCell" and self.current is not None and self.current.runs:
            self.add_text(" | ")

    def end(self, tag: Any) -> None:
        name, _ = _tag(tag)
        if name in ("Heading", "Paragraph", "Item", "CodeBlock", "TableRow", "HtmlBlock"):
            self.flush()
        elif name == "TableHead":
            self.flush()
            self.bold = max(self.bold - 1, 0)
        elif name == "List":
            self.flush()
            if self.lists:
                self.lists.pop()
        elif name == "BlockQuote":
            self.flush()
            self.quote = max(self.quote - 1, 0)
        elif name == "Strong":
            self.bold = max(self.bold - 1, 0)
        elif name == "Emphasis":
            self.italic = max(self.italic - 1, 0)
        elif name == "Link" and self.links:
            url = self.links.pop()
            shown = self.current.text if self.current is not None else ""
            if url and url not in shown and not url.startswith("#"):
                self.add_text(f" ({url.removeprefix('mailto:')})")

    def event(self, event: Any) -> None:
        if isinstance(event, str):
            if event == "SoftBreak":
                self.add_text(" ")
            elif event == "HardBreak":
                self.add_text("\n")
            elif event == "Rule":
                self.flush()
                self.blocks.append(Block("rule"))
            return
        if not isinstance(event, dict) or len(event) != 1:
            return
        ((key, value),) = event.items()
        if key == "Start":
            self.start(value)
        elif key == "End":
            self.end(value)
        elif key in ("Text", "Html", "InlineHtml", "InlineMath", "DisplayMath"):
            in_code = self.current is not None and self.current.kind == "code"
            text = "\n" if key == "InlineHtml" and _is_br(str(value)) else str(value)
            self.add_text(text, code=in_code)
        elif key == "Code":
            self.add_text(str(value), code=True)
        elif key == "TaskListMarker":
            self.add_text("☑ " if value else "☐ ")


def _tag(tag: Any) -> tuple[str, Any]:
    if isinstance(tag, dict) and len(tag) == 1:
        ((name, value),) = tag.items()
        return str(name), value
    return str(tag), None


def _is_br(html: str) -> bool:
    return html.strip().lower().replace(" ", "") in ("<br>", "<br/>")


def parse_markdown(markdown: str) -> list[Block]:
    """Blocks in document order; code blocks keep their newlines, trailing ones removed."""
    walker = _Walker()
    for event in pyromark.events(markdown, options=_OPTIONS):
        walker.event(event)
    walker.flush()
    for block in walker.blocks:
        if block.kind == "code" and block.runs:
            last = block.runs[-1]
            block.runs[-1] = Run(last.text.rstrip("\n"), last.bold, last.italic, last.code)
    return walker.blocks
