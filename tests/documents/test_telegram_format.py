from __future__ import annotations

from bot.documents.telegram_format import (
    escape_html,
    plain_chunks,
    render_for_telegram,
    stream_preview,
)
from bot.documents.utf16 import utf16_len

TRICKY = (
    "Price < 5 & > 3, snake_case_name, 2*3, `a<b>`, **unbalanced, "
    "<Hiring Manager>, emoji 😀👩‍💻 and 𝕏 math, <https://example.com>"
)


def _check_chunks(chunks, limit: int) -> None:
    for chunk in chunks:
        size = utf16_len(chunk.text)
        assert 0 < size <= limit
        assert chunk.text == chunk.text.strip()
        for entity in chunk.entities:
            assert entity.offset >= 0 and entity.length > 0
            assert entity.offset + entity.length <= size


def test_special_characters_survive() -> None:
    (chunk,) = render_for_telegram(TRICKY)
    for fragment in (
        "Price < 5 & > 3",
        "snake_case_name",
        "a<b>",
        "**unbalanced",
        "<Hiring Manager>",
        "😀👩‍💻",
        "𝕏",
        "https://example.com",
    ):
        assert fragment in chunk.text
    _check_chunks([chunk], 4096)


def test_formatting_becomes_entities() -> None:
    (chunk,) = render_for_telegram("Hello **bold** and _it_ 😀 **after**")
    kinds = {entity.type for entity in chunk.entities}
    assert {"bold", "italic"} <= kinds
    after = next(e for e in chunk.entities if e.type == "bold" and e.offset > 10)
    # the emoji counts as two UTF-16 units
    utf16 = chunk.text.encode("utf-16-le")
    assert utf16[after.offset * 2 : (after.offset + after.length) * 2].decode("utf-16-le") == (
        "after"
    )


def test_long_document_splits_with_valid_entities() -> None:
    section = "## Section 😀\n\n" + "- **Bold item** with _italic_ text and 𝕏 symbols\n" * 12
    markdown = "\n".join(section for _ in range(20))
    assert len(markdown) > 10_000
    chunks = render_for_telegram(markdown)
    assert len(chunks) >= 3
    _check_chunks(chunks, 4096)
    assert all(chunk.entities for chunk in chunks)
    # paragraph/line boundaries: no chunk starts or ends mid-word
    assert all(c.text.split("\n")[-1].endswith("symbols") or c.text[-1] != " " for c in chunks)


def test_small_limit_word_and_hard_splits() -> None:
    chunks = render_for_telegram("**" + "😀" * 50 + "** " + "word " * 50, limit=21)
    _check_chunks(chunks, 21)
    joined = "".join(c.text for c in chunks)
    assert joined.count("😀") == 50
    assert plain_chunks("alpha beta gamma delta", 11) == ["alpha beta", "gamma delta"]
    assert plain_chunks("   \n\n  ", 10) == []


def test_escape_html() -> None:
    assert escape_html('<b>"x" & y</b>') == "&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;"


def test_stream_preview() -> None:
    assert stream_preview("# Title\n\nSome **bold") == "📌 Title\n\nSome **bold"
    assert stream_preview("") == "…"
    long_text = "\n".join(f"line {i} 😀" for i in range(2000))
    preview = stream_preview(long_text, limit=500)
    assert utf16_len(preview) <= 500
    assert preview.startswith("…") and preview.endswith("line 1999 😀")
