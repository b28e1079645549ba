"""Reading and validating every source (pages, glossary, references, catalogs, pictures, theme, static
files), each problem at its file and line, then linking the pages of every language into one Site."""
