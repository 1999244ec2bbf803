"""Documents in and out: resume reading, DOCX/PDF/ZIP export, Telegram formatting, web fetch."""
