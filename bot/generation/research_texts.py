"""The fixed wording of the offline research report (offline.research_report), English and
German ("du", like the bot), apart from the code that picks what to say. Quoted posting lines
stay as written."""

from __future__ import annotations

EN: dict[str, str] = {
    "title": "Research report: {role} at {company}",
    "offline": "_Prepared offline from the posting text only; quoted lines come from the posting._",
    "overview": "Overview",
    "company": "Company",
    "role": "Role",
    "seniority": "Seniority",
    "location": "Location",
    "work_mode": "Work mode",
    "education": "Education asked for",
    "salary": "Salary information",
    "salary_given": "given in the posting",
    "salary_missing": "not given",
    "not_stated": "not stated",
    "must": "Must-haves",
    "nice": "Nice-to-haves",
    "resp": "Responsibilities",
    "nothing_marked": "Nothing clearly marked in the posting.",
    "stack": "Tech stack and hard skills",
    "no_skills": "None named in the posting.",
    "soft": "Soft skills",
    "certs": "Certifications mentioned",
    "questions": "Questions to ask",
    "red_flags": "Red flags",
    "no_flags": "None spotted in the posting text.",
    "not_covered": "What this report does not cover",
    "not_covered_text": (
        "No outside research was done: the offline engine cannot browse. Nothing here about "
        "{company} goes beyond what the posting itself says. Before an interview, check the "
        "company's website, recent news and employee reviews yourself."
    ),
    "related": "_A similar past application of yours exists; compare it with this posting._",
    "fit": "Your fit, requirement by requirement",
    "essential": "Essential",
    "desirable": "Desirable",
    "stated": "✅ in your resume",
    "alternative met": "✅ in your resume (an accepted alternative)",
    "confirmed": "✅ you confirmed it",
    "evidenced": "🔁 in other words",
    "missing": "❌ not in your resume",
    "q_skill": "How is {skill} used in the team's day-to-day work?",
    "q_duty": "What would great work on {duty} look like after the first quarter?",
    "q_nice": "How much weight do the nice-to-haves (such as {skill}) carry?",
    "q_mode": "What does the {mode} setup look like in a typical week?",
    "q_remote": "How does the team collaborate across time zones, and are there meetups?",
    "q_salary": "What is the salary range for this role?",
    "q_hours": "What are typical working hours, and how is overtime handled?",
    "q_growth": "Who would this role report to, and how is growth to the next level handled?",
}

DE: dict[str, str] = {
    "title": "Recherche: {role} bei {company}",
    "offline": "_Offline nur aus dem Text der Anzeige erstellt; Zitate stammen aus der Anzeige._",
    "overview": "Überblick",
    "company": "Unternehmen",
    "role": "Stelle",
    "seniority": "Erfahrungsstufe",
    "location": "Ort",
    "work_mode": "Arbeitsmodell",
    "education": "Verlangte Ausbildung",
    "salary": "Gehalt",
    "salary_given": "in der Anzeige genannt",
    "salary_missing": "nicht genannt",
    "not_stated": "nicht angegeben",
    "must": "Muss-Kriterien",
    "nice": "Wünschenswert",
    "resp": "Aufgaben",
    "nothing_marked": "In der Anzeige nichts klar gekennzeichnet.",
    "stack": "Fachkenntnisse und Werkzeuge",
    "no_skills": "In der Anzeige keine genannt.",
    "soft": "Persönliche Stärken",
    "certs": "Genannte Nachweise und Zertifikate",
    "questions": "Fragen, die du stellen kannst",
    "red_flags": "Warnzeichen",
    "no_flags": "Im Text der Anzeige keine gefunden.",
    "not_covered": "Was dieser Bericht nicht abdeckt",
    "not_covered_text": (
        "Es wurde nichts außerhalb der Anzeige recherchiert: Die Offline-Engine kann nicht im "
        "Netz suchen. Nichts hier über {company} geht über die Anzeige hinaus. Prüfe vor "
        "einem Gespräch selbst die Website, aktuelle Nachrichten und Bewertungen von "
        "Mitarbeitenden."
    ),
    "related": "_Es gibt eine ähnliche frühere Bewerbung von dir; vergleiche sie mit dieser Anzeige._",
    "fit": "Deine Eignung, Punkt für Punkt",
    "essential": "Muss",
    "desirable": "Wünschenswert",
    "stated": "✅ in deinem Lebenslauf",
    "alternative met": "✅ in deinem Lebenslauf (eine akzeptierte Alternative)",
    "confirmed": "✅ von dir bestätigt",
    "evidenced": "🔁 mit anderen Worten",
    "missing": "❌ nicht in deinem Lebenslauf",
    "q_skill": "Wie wird {skill} im Arbeitsalltag des Teams eingesetzt?",
    "q_duty": "Woran würden Sie nach dem ersten Quartal sehr gute Arbeit bei {duty} erkennen?",
    "q_nice": "Wie viel Gewicht haben die wünschenswerten Punkte (etwa {skill})?",
    "q_mode": "Wie sieht das Arbeitsmodell {mode} in einer typischen Woche aus?",
    "q_remote": "Wie arbeitet das Team über Zeitzonen hinweg zusammen, und gibt es Treffen?",
    "q_salary": "Welche Gehaltsspanne ist für diese Stelle vorgesehen?",
    "q_hours": "Wie sehen die üblichen Arbeitszeiten aus, und wie werden Überstunden ausgeglichen?",
    "q_growth": "An wen berichtet diese Stelle, und wie sieht die Entwicklung zur nächsten Stufe aus?",
}

# The posting analysis names its red flags in English; a German reader gets them in German.
DE_FLAGS: dict[str, str] = {
    "Mentions unpaid work": "Erwähnt unbezahlte Arbeit",
    "Uses hype words such as “rockstar”/“ninja” instead of describing the job": (
        "Nutzt Hype-Wörter wie „Rockstar“/„Ninja“, statt die Stelle zu beschreiben"
    ),
    "Expects you to “wear many hats”: the scope of the role may be unclear": (
        "Erwartet, dass du „viele Hüte trägst“: Der Zuschnitt der Stelle ist vielleicht unklar"
    ),
    "Hints at long or unpredictable hours": "Deutet lange oder unvorhersehbare Arbeitszeiten an",
    "Culture language (“like a family”, “work hard, play hard”) that can mask poor boundaries": (
        "Kultur-Floskeln („wie eine Familie“), hinter denen sich fehlende Grenzen verbergen können"
    ),
    "Pay may depend entirely on commission": "Die Bezahlung hängt womöglich ganz von Provision ab",
    "Asks the candidate to pay or work for exposure": (
        "Verlangt, für Schulungen zu zahlen oder für Sichtbarkeit zu arbeiten"
    ),
    "“Fast-paced” together with long-hours language": "„Schnelllebig“ zusammen mit langen Arbeitszeiten",
    "Says “competitive salary” but gives no figure": "Spricht von „attraktivem Gehalt“, nennt aber keine Zahl",
    "No salary range given": "Keine Gehaltsspanne genannt",
    "Contains hidden instructions meant for text generators (possible prompt injection);"
    " they were ignored": (
        "Enthält versteckte Anweisungen an Textgeneratoren (mögliche Prompt-Injection); sie "
        "wurden ignoriert"
    ),
}
DE_MODES: dict[str, str] = {"hybrid": "hybrid", "onsite": "vor Ort", "remote": "remote"}
# The analysis's education levels, as a German reader names them.
DE_DEGREES: dict[str, str] = {
    "High school diploma": "Schulabschluss",
    "Associate degree": "abgeschlossene Berufsausbildung",
    "Bachelor's degree": "Bachelor",
    "Postgraduate diploma": "Postgraduales Diplom",
    "Master's degree": "Master",
    "Doctorate": "Promotion",
}
