"""Callback data: small, validated, and never trusted.

Format `verb:id:arg` with the id as 32 hex chars; the whole string stays under Telegram's
64-byte limit. Parsing rejects anything malformed; ownership is enforced later by RLS
(another user's id simply finds nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

MAX_CALLBACK_BYTES = 64
_PATTERN = re.compile(r"^([a-z_]{1,12}):([0-9a-f]{32}|-)(?::([A-Za-z0-9_.\-]{1,16}))?$")


class Verb(StrEnum):
    """Every button's verb: the keyboards encode these and the router dispatches on them,
    so "go to definition" leads from a button to its action."""

    OPEN = "open"  # show an application's card
    STEP = "step"  # run one step
    ALL = "all"  # run every remaining step
    DOC = "doc"  # show a document
    REGEN = "regen"  # write a document again
    FEEDBACK = "feedback"  # write it again with the user's feedback
    FILE = "file"  # send a document as DOCX/PDF
    SIMILAR = "similar"  # jobs like this one
    GAPS = "gaps"  # start the gap questions
    GAP = "gap"  # answer one gap question
    STAGE = "stage"  # stage menu
    SET_STAGE = "setstage"  # set the stage
    REMIND = "remind"  # reminder menu
    REMIND_IN = "remindin"  # remind in N days
    REMIND_DATE = "reminddate"  # remind on a date
    INTERVIEW = "iview"  # ask for the interview date
    PREP = "prep"  # build and send the interview prep
    EXPORT = "export"  # export one application
    EDIT = "edit"  # edit menu
    EDIT_FIELD = "editf"  # edit one field
    PRIORITY = "prio"  # set the priority
    DELETE = "delete"  # ask before deleting
    DELETE_YES = "delyes"  # delete the application
    RESUME_PRIMARY = "rprim"  # make a resume primary
    RESUME_DELETE = "rdel"  # delete a resume
    RESUME_ADD = "radd"  # add a resume
    RESUME_VIEW = "rview"  # show a stored resume
    RESUME_FIX = "rfix"  # replace a misread resume by pasting
    RESUME_RENAME = "rname"  # give a resume a name
    RESUME_MOVE = "rmove"  # move open applications to this resume and score them again
    RESUME_PAGE = "rpage"  # page of /resume
    INTENT = "intent"  # resume or posting?
    PAGE = "page"  # page of /applications
    SETTING = "set"  # a /settings option
    REMINDER = "rem"  # done/snooze on a reminder message
    REMINDER_ITEM = "remi"  # snooze/done/cancel a reminder in /reminders
    REMINDERS_PAGE = "rems"  # page of /reminders
    DELETE_ME = "delme"  # delete the account


@dataclass(frozen=True)
class Callback:
    verb: Verb
    target: UUID | None
    arg: str | None = None


def encode(verb: Verb, target: UUID | None = None, arg: str | None = None) -> str:
    data = f"{verb}:{target.hex if target else '-'}" + (f":{arg}" if arg is not None else "")
    if len(data.encode()) > MAX_CALLBACK_BYTES or not _PATTERN.match(data):
        raise ValueError(f"bad callback data {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    match = _PATTERN.match(data)
    if not match:
        return None
    verb, target, arg = match.groups()
    if verb not in Verb.__members__.values():
        return None
    return Callback(verb=Verb(verb), target=None if target == "-" else UUID(hex=target), arg=arg)
