"""The fixed wording of the interview prep (bot/generation/interview_prep.py), English and
German ("du"), apart from the code that picks what to say."""

from __future__ import annotations

# Fixed text. No digits anywhere in it: the "every number comes from the inputs" rule holds
# for the whole document only if the template adds none.
EN: dict[str, str] = {
    "title": "Interview prep",
    "title_role": "Interview prep: {role}",
    "title_full": "Interview prep: {role} at {company}",
    "intro": (
        "For you, not for the employer. Built from the posting and your resume only: what they "
        "are likely to probe, the questions to expect, stories from your own bullets, and "
        "questions to ask them. Fill the gaps from memory, never from imagination."
    ),
    "probe": "What they will probe",
    "essential": "Essential",
    "desirable": "Nice to have",
    "no_requirements": (
        "The posting names no clear requirements. Expect questions about your recent work "
        "and why you want this role."
    ),
    "thin_resume": (
        "Very little could be read from your resume, so most points show as gaps. Check them "
        "against your real experience before the interview."
    ),
    "stated": "your resume: {quote}",
    "evidenced": "in other words: {quote} — use their word, “{name}”, when you tell it",
    "confirmed": "you confirmed this in chat ({detail}); it is not on your resume, so prepare "
    "a concrete example",
    "years_met": "the dates of your roles cover it (most recent: {role})",
    "years_met_plain": "the dates of your roles cover it",
    "written_in": "your resume is written in English",
    "mentioned": "your resume names it",
    "gap": "Gap — prepare an honest answer",
    "check": "checked by the employer at offer stage — have your documents ready",
    "questions": "Likely questions",
    "your_example": "Your example:",
    "honest": "Honest answer:",
    "honest_gap": "your resume does not show this yet. Use a real example if you have one; if "
    "not, say so plainly and how you would learn it.",
    "honest_cert": "say plainly that your resume does not list it, whether you are working "
    "towards it, and whether you would take it.",
    "honest_related": "Nearest thing your resume shows: {quote}",
    "listed": "listed in your resume: {quote} — have a real example ready",
    "years_topic": "Your experience so far",
    "years_hint": "They ask for {quote}.",
    "years_gap_hint": "They ask for {quote}. Be honest about the time you have and stress what "
    "you did with it.",
    "duty_topic": "From the duties",
    "nearest": "Nearest in your resume:",
    "why_topic": "Why this role",
    "q_why": "Why do you want this job, and why {company}?",
    "q_why_plain": "Why do you want this job, and why us?",
    "why_hint": "Tie it to the duties above and to what you want to do more of.",
    "why_hint_plain": "Tie it to what the posting says and to what you want to do more of.",
    "conflict_topic": "Conflict",
    "conflict_hint": "Pick a real one with a calm outcome and keep blame out of it.",
    "failure_topic": "A failure",
    "failure_hint": "Choose something real you can own, and end with what you do differently now.",
    "star": "STAR stories from your own bullets",
    "star_intro": (
        "Your strongest bullets, as stories. Fill in the situation and the task from memory; "
        "the action and the result are your own resume words, so add no numbers you cannot "
        "back up."
    ),
    "no_bullets": (
        "Your resume has no bullet points under its jobs, so there are no stories to build "
        "from it yet. Pick three moments from your work where you solved a problem, and note "
        "for each: the situation, your task, what you did, and what changed."
    ),
    "situation": "Situation:",
    "situation_q": "What was going on at {employer} when this happened? What was at stake?",
    "situation_q_plain": "What was going on when this happened? What was at stake?",
    "task": "Task:",
    "task_q": "What were you responsible for, and what would success have looked like?",
    "action": "Action:",
    "result": "Result:",
    "action_result": "Action and result:",
    "result_q": "What changed because of it, and how do you know? Say only what you can back up.",
    "shows": "Shows:",
    "at": "at",
    "ask": "Questions to ask them",
    "ask_team": "The posting mentions {quote}. How is the team set up, and where does it need "
    "the most help right now?",
    "ask_team_plain": "Who would I work with most closely, and how is the team set up?",
    "ask_report": "The role reports to {quote}. What does that person most need from it?",
    "ask_duty": "What would great work on {quote} look like after the first months?",
    "ask_success": "What would great work in this role look like after the first months?",
    "ask_gap": "How much of the work involves {name}, and is there training or support to "
    "learn it?",
    "ask_cert": "Would there be support to gain {name} after joining?",
    "ask_tool": "How is {name} used in the team's day-to-day work?",
    "ask_process": "The posting mentions {quote}. What happens after this interview, and when "
    "can I expect to hear back?",
    "ask_process_plain": "What are the next steps after this interview, and when can I expect "
    "to hear back?",
    "present": "present",
}

DE: dict[str, str] = {
    "title": "Vorbereitung auf das Vorstellungsgespräch",
    "title_role": "Vorbereitung auf das Vorstellungsgespräch: {role}",
    "title_full": "Vorbereitung auf das Vorstellungsgespräch: {role} bei {company}",
    "intro": (
        "Nur für dich, nicht für den Arbeitgeber. Erstellt allein aus der Anzeige und deinem "
        "Lebenslauf: was sie prüfen werden, welche Fragen kommen dürften, Geschichten aus "
        "deinen eigenen Stichpunkten und Fragen, die du stellen kannst. Lücken füllst du aus "
        "der Erinnerung, nie aus der Fantasie."
    ),
    "probe": "Was sie prüfen werden",
    "essential": "Unverzichtbar",
    "desirable": "Wünschenswert",
    "no_requirements": (
        "Die Anzeige nennt keine klaren Anforderungen. Rechne mit Fragen zu deiner letzten "
        "Tätigkeit und dazu, warum du diese Stelle willst."
    ),
    "thin_resume": (
        "Aus deinem Lebenslauf ließ sich nur wenig lesen, daher erscheinen die meisten Punkte "
        "als Lücken. Gleiche sie vor dem Gespräch mit deiner echten Erfahrung ab."
    ),
    "stated": "dein Lebenslauf: {quote}",
    "evidenced": "mit anderen Worten: {quote} – nenne dabei ihren Begriff „{name}“",
    "confirmed": "im Chat bestätigt ({detail}); steht nicht im Lebenslauf, also bereite ein "
    "konkretes Beispiel vor",
    "years_met": "die Daten deiner Stationen decken das ab (zuletzt: {role})",
    "years_met_plain": "die Daten deiner Stationen decken das ab",
    "written_in": "dein Lebenslauf ist auf Englisch geschrieben",
    "mentioned": "dein Lebenslauf nennt das",
    "gap": "Lücke – bereite eine ehrliche Antwort vor",
    "check": "prüft der Arbeitgeber vor der Einstellung – halte deine Unterlagen bereit",
    "questions": "Wahrscheinliche Fragen",
    "your_example": "Dein Beispiel:",
    "honest": "Ehrliche Antwort:",
    "honest_gap": "Dein Lebenslauf zeigt das noch nicht. Nimm ein echtes Beispiel, wenn du "
    "eines hast; wenn nicht, sag das offen und wie du es dir aneignen würdest.",
    "honest_cert": "Sag offen, dass es nicht in deinem Lebenslauf steht, ob du darauf "
    "hinarbeitest und ob du es machen würdest.",
    "honest_related": "Am nächsten dran in deinem Lebenslauf: {quote}",
    "listed": "in deinem Lebenslauf aufgeführt: {quote} – halte ein echtes Beispiel bereit",
    "years_topic": "Dein bisheriger Werdegang",
    "years_hint": "Gefordert ist: {quote}.",
    "years_gap_hint": "Gefordert ist: {quote}. Sei ehrlich zu deiner Zeit im Beruf und betone, "
    "was du in ihr erreicht hast.",
    "duty_topic": "Aus den Aufgaben",
    "nearest": "Am nächsten dran in deinem Lebenslauf:",
    "why_topic": "Warum diese Stelle",
    "q_why": "Warum diese Stelle, und warum {company}?",
    "q_why_plain": "Warum diese Stelle, und warum bei uns?",
    "why_hint": "Verbinde es mit den Aufgaben oben und mit dem, was du mehr machen möchtest.",
    "why_hint_plain": "Verbinde es mit dem, was die Anzeige sagt, und mit dem, was du mehr "
    "machen möchtest.",
    "conflict_topic": "Konflikt",
    "conflict_hint": "Nimm ein echtes Beispiel mit ruhigem Ausgang, ohne Schuldzuweisungen.",
    "failure_topic": "Ein Fehler",
    "failure_hint": "Wähle etwas Echtes, zu dem du stehen kannst, und ende mit dem, was du "
    "heute anders machst.",
    "star": "STAR-Geschichten aus deinen Stichpunkten",
    "star_intro": (
        "Deine stärksten Stichpunkte als Geschichten. Situation und Aufgabe ergänzt du aus der "
        "Erinnerung; Handlung und Ergebnis sind deine eigenen Worte aus dem Lebenslauf – füge "
        "keine Zahlen hinzu, die du nicht belegen kannst."
    ),
    "no_bullets": (
        "Dein Lebenslauf hat keine Stichpunkte unter den Stationen, daher lassen sich noch "
        "keine Geschichten daraus bauen. Such dir drei Momente aus deiner Arbeit, in denen du "
        "ein Problem gelöst hast, und notiere jeweils: die Situation, deine Aufgabe, was du "
        "getan hast und was sich verändert hat."
    ),
    "situation": "Situation:",
    "situation_q": "Was war bei {employer} los, als das passiert ist? Was stand auf dem Spiel?",
    "situation_q_plain": "Was war los, als das passiert ist? Was stand auf dem Spiel?",
    "task": "Aufgabe:",
    "task_q": "Wofür warst du verantwortlich, und woran hätte man Erfolg erkannt?",
    "action": "Handlung:",
    "result": "Ergebnis:",
    "action_result": "Handlung und Ergebnis:",
    "result_q": "Was hat sich dadurch verändert, und woher weißt du das? Sag nur, was du "
    "belegen kannst.",
    "shows": "Zeigt:",
    "at": "bei",
    "ask": "Deine Fragen an sie",
    "ask_team": "In der Anzeige steht {quote}. Wie ist das Team aufgestellt, und wo wird gerade "
    "am meisten Unterstützung gebraucht?",
    "ask_team_plain": "Mit wem würde ich am engsten zusammenarbeiten, und wie ist das Team "
    "aufgestellt?",
    "ask_report": "Die Stelle berichtet an {quote}. Was braucht diese Person am meisten von "
    "der Stelle?",
    "ask_duty": "Woran würde man nach den ersten Monaten gute Arbeit bei {quote} erkennen?",
    "ask_success": "Woran würde man nach den ersten Monaten gute Arbeit in dieser Rolle erkennen?",
    "ask_gap": "Wie viel der Arbeit dreht sich um {name}, und gibt es Einarbeitung oder "
    "Schulungen dazu?",
    "ask_cert": "Gibt es Unterstützung, {name} nach dem Einstieg zu erwerben?",
    "ask_tool": "Wie wird {name} im Arbeitsalltag des Teams eingesetzt?",
    "ask_process": "In der Anzeige steht {quote}. Wie geht es nach diesem Gespräch weiter, und "
    "wann kann ich mit einer Rückmeldung rechnen?",
    "ask_process_plain": "Wie geht es nach diesem Gespräch weiter, und wann kann ich mit einer "
    "Rückmeldung rechnen?",
    "present": "heute",
}

# The interviewer's questions, in their voice.
EN_QUESTIONS: dict[str, tuple[str, ...]] = {
    "q_skill": (
        "Tell me about a time you used this at work. What exactly did you do?",
        "Walk me through a piece of work that shows this. What was your part?",
        "What is the hardest thing you have done with this, and how did it turn out?",
    ),
    "q_soft": ("Give me an example that shows this. What did you do, and what happened?",),
    "q_gap": ("What experience do you have with this?",),
    "q_gap_cert": ("Do you hold this, or are you working towards it?",),
    "q_years": ("Walk me through your roles. What did each one add that matters for this job?",),
    "q_duty": ("How would you approach this in your first months here?",),
    "q_conflict": (
        "Tell me about a disagreement with a colleague or manager. How did you handle it?",
    ),
    "q_failure": ("Tell me about a time something went wrong. What did you learn?",),
}

# In German they follow the posting's form of address.
DE_QUESTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "Sie": {
        "q_skill": (
            "Erzählen Sie von einer Situation, in der Sie das im Job eingesetzt haben. Was "
            "genau haben Sie gemacht?",
            "Führen Sie uns durch eine Aufgabe, die das zeigt. Was war Ihr Anteil?",
            "Was war das Schwierigste, das Sie damit gemacht haben, und wie ist es ausgegangen?",
        ),
        "q_soft": (
            "Nennen Sie ein Beispiel, das das zeigt. Was haben Sie getan, und was ist passiert?",
        ),
        "q_gap": ("Welche Erfahrung haben Sie damit?",),
        "q_gap_cert": ("Haben Sie das, oder arbeiten Sie darauf hin?",),
        "q_years": (
            "Führen Sie uns durch Ihre Stationen. Was hat jede davon für diese Stelle gebracht?",
        ),
        "q_duty": ("Wie würden Sie das in den ersten Monaten angehen?",),
        "q_conflict": (
            "Erzählen Sie von einer Meinungsverschiedenheit mit Kolleg:innen oder "
            "Vorgesetzten. Wie sind Sie damit umgegangen?",
        ),
        "q_failure": (
            "Erzählen Sie von einer Situation, in der etwas schiefgelaufen ist. Was "
            "haben Sie daraus gelernt?",
        ),
    },
    "du": {
        "q_skill": (
            "Erzähl von einer Situation, in der du das im Job eingesetzt hast. Was genau hast "
            "du gemacht?",
            "Führ uns durch eine Aufgabe, die das zeigt. Was war dein Anteil?",
            "Was war das Schwierigste, das du damit gemacht hast, und wie ist es ausgegangen?",
        ),
        "q_soft": ("Nenn ein Beispiel, das das zeigt. Was hast du getan, und was ist passiert?",),
        "q_gap": ("Welche Erfahrung hast du damit?",),
        "q_gap_cert": ("Hast du das, oder arbeitest du darauf hin?",),
        "q_years": (
            "Führ uns durch deine Stationen. Was hat jede davon für diese Stelle gebracht?",
        ),
        "q_duty": ("Wie würdest du das in den ersten Monaten angehen?",),
        "q_conflict": (
            "Erzähl von einer Meinungsverschiedenheit mit Kolleg:innen oder "
            "Vorgesetzten. Wie bist du damit umgegangen?",
        ),
        "q_failure": (
            "Erzähl von einer Situation, in der etwas schiefgelaufen ist. Was hast "
            "du daraus gelernt?",
        ),
    },
}

DE_LEVELS = {
    "native": "Muttersprache",
    "fluent": "fließend",
    "business": "verhandlungssicher",
    "business fluent": "verhandlungssicher",
    "very good": "sehr gut",
    "good": "gut",
    "basic": "Grundkenntnisse",
}
