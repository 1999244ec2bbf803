"""The tracker's job fields: read from the posting onto the card, edited from the card, and
exported in the CSV."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

from tests.e2e.conftest import POSTING, onboard
from tests.e2e.helpers import ChatUser

EXTRA = (
    "\n\nClosing date: 15 January 2030.\n"
    "Contact: Jane Smith, Talent Partner (jane.smith@acme.example)\n"
    "Reference: ACME-2291\n"
)


async def test_job_fields_from_the_posting_to_the_card_and_the_csv(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user)
    after = user.send(POSTING + EXTRA)
    card = await user.wait("Match rate", after=after)
    assert "closes Jan 15, 2030" in card.content
    assert "Jane Smith" in card.content and "Ref. ACME-2291" in card.content

    user.press(card, "Edit")
    menu = await user.wait_edit(card.message_id, "What do you want to change?")
    user.press(menu, "Notes")
    await user.wait("Send your notes", after=after)
    mark = user.send("Spoke to Jane on the phone; she wants a portfolio link.")
    edited = await user.wait("Match rate", after=mark)
    assert "📝 Spoke to Jane on the phone" in edited.content
    assert "Jane Smith" in edited.content  # the other fields are kept

    user.press(edited, "Edit")
    menu = await user.wait_edit(edited.message_id, "What do you want to change?")
    user.press(menu, "Closing date")
    await user.wait("Send the closing date", after=mark)
    mark = user.send("someday soon")
    await user.wait("could not read", after=mark)  # a clear answer, nothing stored

    after = user.send("/export")
    export = await user.wait("documents as Markdown", after=after)
    assert export.document is not None
    with zipfile.ZipFile(io.BytesIO(export.document.data)) as archive:
        name = next(n for n in archive.namelist() if n.endswith("applications.csv"))
        rows = list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    assert rows[0]["closing_date"] == "2030-01-15" and rows[0]["reference"] == "ACME-2291"
    assert rows[0]["notes"].startswith("Spoke to Jane")
    assert not [t for t in user.texts() if "went wrong" in t]
