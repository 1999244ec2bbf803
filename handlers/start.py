"""/start, /help and /cancel."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.services.conversation import Pending, Waiting
from handlers.context import current_user_id, services

WELCOME = (
    "👋 <b>JobForge</b> turns a job posting into a tailored application pack.\n"
    "1. Paste a job description (or a link): I save it and show your match rate.\n"
    "2. Tap Research → Optimize resume → Cover letter. I only use facts from your resume.\n"
    "3. Track stages, get reminders and digests.\n\n"
)
ASK_RESUME = "First, send me your resume: paste it as text, or upload a PDF, DOCX or TXT file."
HELP = (
    "<b>How to use JobForge</b>\n"
    "• Paste a job description or a job link at any time to save it.\n"
    "• Tap the buttons on its card to generate the research report, optimized resume "
    "and cover letter, in that order (or ⚡ Generate all).\n\n"
    "/resume — add, list, choose or delete resumes\n"
    "/new — save a new job posting\n"
    "/applications — your applications (filter: /applications applied)\n"
    "/search words — search your applications and documents\n"
    "/settings — digests, time zone, output language\n"
    "/export — everything as a zip (Markdown, DOCX, PDF, CSV)\n"
    "/delete_me — delete all your data\n"
    "/cancel — stop what I was waiting for"
)

COMMANDS = [
    ("start", "What JobForge does"),
    ("new", "Save a job posting"),
    ("applications", "Your applications"),
    ("resume", "Add or manage resumes"),
    ("search", "Search applications and documents"),
    ("settings", "Digests, time zone, language"),
    ("export", "Download everything"),
    ("delete_me", "Delete all your data"),
    ("cancel", "Cancel the current step"),
    ("help", "How to use the bot"),
]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user_id = await current_user_id(update, context)
    svc = services(context)
    resumes = await svc.resumes.list(user_id)
    if resumes:
        await svc.applications.set_pending(user_id, Pending())
        text = WELCOME + "You have a resume stored. Paste a job posting to begin."
    else:
        await svc.applications.set_pending(user_id, Pending(Waiting.RESUME))
        text = WELCOME + ASK_RESUME
    if update.effective_message:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(HELP, parse_mode=ParseMode.HTML)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user_id = await current_user_id(update, context)
    await services(context).applications.set_pending(user_id, Pending())
    if update.effective_message:
        await update.effective_message.reply_text(
            "OK, cancelled. Paste a job posting whenever you like."
        )


async def new_posting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user_id = await current_user_id(update, context)
    await services(context).applications.set_pending(user_id, Pending(Waiting.POSTING))
    if update.effective_message:
        await update.effective_message.reply_text(
            "Paste the job description (or send a link to the posting)."
        )
