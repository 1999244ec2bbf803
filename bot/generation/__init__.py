"""Document generation: engines (offline and OpenAI-compatible), match rate, fabrication guard."""
