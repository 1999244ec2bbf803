"""/start, /help and /cancel."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.constants import ParseMode

from bot.services.conversation import Pending, Waiting
from handlers.context import JobForgeContext, current_user_id
from handlers.i18n import N_, _, using


def welcome() -> str:
    return _(
        "👋 <b>JobForge</b> turns a job posting into a tailored application pack.\n"
        "1. Paste a job description (or a link): I save it and show your match rate.\n"
        "2. Tap Research → Optimize resume → Cover letter. I only use facts from your resume.\n"
        "3. Track stages, get reminders and digests."
    )


def ask_resume() -> str:
    return _("First, send me your resume: paste it as text, or upload a PDF, DOCX or TXT file.")


def help_text() -> str:
    return _(
        "<b>How to use JobForge</b>\n"
        "• Paste a job description or a job link at any time to save it.\n"
        "• Tap the buttons on its card to generate the research report, optimized resume "
        "and cover letter, in that order (or ⚡ Generate all).\n\n"
        "/resume — add, view, rename, choose or delete resumes\n"
        "/new — save a new job posting\n"
        "/applications — your applications (filter: /applications applied)\n"
        "/reminders — your reminders: snooze, done, cancel\n"
        "/search words — search your applications and documents\n"
        "/settings — digests, time zone, languages\n"
        "/export — everything as a zip (Markdown, DOCX, PDF, CSV); /export all with every "
        "version\n"
        "/delete_me — delete all your data\n"
        "/cancel — stop what I was waiting for"
    )


# The command menu; handlers.registry publishes it once per interface language.
COMMANDS = [
    ("start", N_("What JobForge does")),
    ("new", N_("Save a job posting")),
    ("applications", N_("Your applications")),
    ("reminders", N_("Your reminders")),
    ("resume", N_("Add or manage resumes")),
    ("search", N_("Search applications and documents")),
    ("settings", N_("Digests, time zone, language")),
    ("export", N_("Download everything")),
    ("delete_me", N_("Delete all your data")),
    ("cancel", N_("Cancel the current step")),
    ("help", N_("How to use the bot")),
]


def command_menu(locale: str) -> list[BotCommand]:
    with using(locale):
        return [BotCommand(name, _(description)) for name, description in COMMANDS]


async def start(update: Update, context: JobForgeContext) -> None:
    user_id = await current_user_id(update, context)
    svc = context.services
    resumes = await svc.resumes.list(user_id)
    if resumes:
        await svc.applications.set_pending(user_id, Pending())
        text = welcome() + "\n\n" + _("You have a resume stored. Paste a job posting to begin.")
    else:
        await svc.applications.set_pending(user_id, Pending(Waiting.RESUME))
        text = welcome() + "\n\n" + ask_resume()
    if update.effective_message:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def help_command(update: Update, context: JobForgeContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(help_text(), parse_mode=ParseMode.HTML)


async def cancel(update: Update, context: JobForgeContext) -> None:
    user_id = await current_user_id(update, context)
    await context.services.applications.set_pending(user_id, Pending())
    if update.effective_message:
        await update.effective_message.reply_text(
            _("OK, cancelled. Paste a job posting whenever you like.")
        )


async def new_posting(update: Update, context: JobForgeContext) -> None:
    user_id = await current_user_id(update, context)
    await context.services.applications.set_pending(user_id, Pending(Waiting.POSTING))
    if update.effective_message:
        await update.effective_message.reply_text(
            _("Paste the job description (or send a link to the posting).")
        )
