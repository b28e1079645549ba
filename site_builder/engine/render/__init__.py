"""The model as output files: page bodies (macros, Markdown, the sanitizer), templates, each language's
search index, and the link-preview cards."""
