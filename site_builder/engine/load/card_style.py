"""The link-preview picture's colours and font.

The colours are the stylesheet's own custom properties (its first `:root` block, the light scheme),
named in site.yaml's `card:`, so the page and its picture are coloured from one place. The font is
shipped with the builder: DejaVu Sans Bold, which covers Latin with every diacritic Indonesian uses.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..base.errors import Collector, SiteError
from ..base.schema import suggestion
from ..config.config import CardSettings, SiteConfig
from ..config.sources import folder_files
from ..model.model import RGB, CardStyle

FONT = Path(__file__).parents[1] / "fonts" / "DejaVuSans-Bold.ttf"
MAX_STRIPES = 12  # a band of colours along the foot, not a rainbow



_ROOT = re.compile(r":root\s*\{([^}]*)\}")
_DECLARATION = re.compile(r"(--[A-Za-z0-9_-]+)\s*:\s*([^;]+?)\s*(?:;|$)")
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def custom_properties(css: str) -> dict[str, str]:
    """The custom properties the stylesheet's first `:root` block declares, by name, as written."""
    found = _ROOT.search(re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    return dict(_DECLARATION.findall(found.group(1))) if found else {}


def _rgb(value: str) -> RGB | None:
    match = _HEX.fullmatch(value)
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def load_card_style(config: SiteConfig) -> CardStyle | None:
    """The colours site.yaml's `card:` names, read from its stylesheet; None when the site draws no pictures."""
    settings: CardSettings | None = config.card
    if settings is None:
        return None
    where = config.config_file
    sheet = config.static_dir / settings.stylesheet
    if sheet not in folder_files(config, config.static_dir):
        raise SiteError.at(
            where,
            f"card: 'stylesheet' names static/{settings.stylesheet}, which does not exist",
            settings.lines.get("stylesheet"),
        )
    properties = custom_properties(sheet.read_text(encoding="utf-8", errors="replace"))
    problems = Collector()
    if len(settings.stripes) > MAX_STRIPES:
        problems.add(where, f"card: 'stripes' may name at most {MAX_STRIPES} colours", settings.lines.get("stripes"))

    def colour(role: str, name: str) -> RGB:
        line = settings.lines.get(role)
        if name not in properties:
            problems.add(
                where,
                f"card: '{role}' names {name}, which the first :root block of static/{settings.stylesheet} "
                "does not declare" + suggestion(name, properties),
                line,
            )
            return (0, 0, 0)
        rgb = _rgb(properties[name])
        if rgb is None:
            problems.add(
                where,
                f"card: '{role}' names {name}, which is '{properties[name]}' in static/{settings.stylesheet}; "
                "a picture's colour must be written #rrggbb or #rgb there",
                line,
            )
            return (0, 0, 0)
        return rgb

    style = CardStyle(
        background=colour("background", settings.background),
        title=colour("title", settings.title),
        site_name=colour("site_name", settings.site_name),
        stripes=tuple(colour("stripes", name) for name in settings.stripes),
        font_digest=hashlib.blake2b(FONT.read_bytes(), digest_size=16).hexdigest(),
        font=FONT,
    )
    problems.raise_if_any()
    return style
