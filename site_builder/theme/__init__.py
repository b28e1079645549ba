"""The default theme: plain, accessible templates (templates/) and static files (static/) that a site's own
templates/ and static/ override file by file. No code: the engine finds it by its folder (config.THEME)."""
