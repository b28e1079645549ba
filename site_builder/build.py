"""The pipeline: config → load and validate → model → render → check → write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import checks, scoring
from .assemble import assemble_site
from .assets import load_assets
from .config import SiteConfig
from .errors import Problem, SiteError
from .facts import load_facts
from .i18n import load_catalogs, missing_translations
from .model import Site
from .reader import read_pages
from .render import render_site
from .writer import check_output_folder, write_site


@dataclass(frozen=True)
class Result:
    site: Site
    files: dict[str, bytes]


def load_site(config: SiteConfig) -> Site:
    """Read and validate every source into the model; all problems of a stage are reported together."""
    problems: list[Problem] = []
    loaded = {}
    for name, load in (("pages", read_pages), ("facts", load_facts), ("rules", load_rules)):
        try:
            loaded[name] = load(config)
        except SiteError as error:
            problems.extend(error.problems)
    if problems:
        raise SiteError(problems)
    return assemble_site(config, loaded["pages"], loaded["facts"], loaded["rules"])


def load_rules(config: SiteConfig) -> scoring.Rules | None:
    """The self-assessment rules, for sites that have them (data/rules.yaml)."""
    if not (config.data_dir / scoring.RULES_FILE).is_file():
        return None
    return scoring.load_rules(config.data_dir, [lang.code for lang in config.languages])


def render(config: SiteConfig, strict: bool = False) -> Result:
    """Everything up to the written output: the model and the bytes of every file, checked."""
    site = load_site(config)
    catalogs = load_catalogs(config)
    files = render_site(site, catalogs, load_assets(config))
    problems = checks.check_links(site, files) + checks.check_procedures(site, files) + checks.check_parity(site)
    problems += [Problem(path, message, line) for path, line, message in missing_translations(config, catalogs)]
    if strict:
        problems += checks.check_unwritten(site)
    if problems:
        raise SiteError(problems)
    return Result(site, files)


def build(config: SiteConfig, output: Path | None = None) -> Result:
    """Build the site into its output folder, replacing the last good output only on success."""
    target = output or config.output
    check_output_folder(config, target)
    result = render(config)
    write_site(result.files, target)
    return result
