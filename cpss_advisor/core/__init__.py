"""Foundations every layer uses: problems and errors, escaping, files and atomic writes, the one YAML and JSON reader, validation of documents against models, the parse cache."""
