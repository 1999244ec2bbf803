"""Quality evaluations on the hand-labelled corpora in tests/fixtures (run: python -m evaluation)."""
