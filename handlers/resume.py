"""/resume: list, choose primary, delete, add."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from handlers import render
from handlers.context import current_user_id, services


async def resume_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    svc = services(context)
    resumes = await svc.resumes.list(user_id)
    text, markup = render.resume_list(resumes)
    if not resumes:
        await svc.applications.set_pending(user_id, {"await": "resume"})
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text("Unknown command. See /help.")
