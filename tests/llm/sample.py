"""A realistic posting and resume shared by the LLM tests."""

POSTING = """Senior Backend Engineer at Acme Analytics GmbH
Location: Berlin, Germany (hybrid, 2 days in office)

About us: Acme Analytics builds reporting software for logistics companies.

Responsibilities:
- Design and run Python services on PostgreSQL
- Mentor two junior engineers
- Own the CI/CD pipeline

Must have:
- 5+ years of Python
- PostgreSQL and SQL performance tuning
- Experience with REST APIs

Nice to have:
- Kubernetes
- Go
"""

RESUME = """Jane Doe
jane@example.com | Berlin

Experience
Backend Engineer, Parcelly GmbH, 2019-2024
- Built Python (FastAPI) services handling 3 million requests per day
- Tuned PostgreSQL queries, cutting report latency by 40%
- Mentored 2 junior developers

Software Developer, Webshop AG, 2016-2019
- Developed REST APIs in Python and Django

Education
B.Sc. Computer Science, TU Berlin, 2016

Skills
Python, FastAPI, Django, PostgreSQL, Docker, Git
"""
