"""Outputs for people and programs: text, Markdown, HTML, workbooks, templates, and the views of the knowledge base and the rules."""
