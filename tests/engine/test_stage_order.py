"""The engine's folders are its stages, and data flows one way: no stage imports a later one at run time."""

from __future__ import annotations

import ast
from pathlib import Path

from site_builder.engine.config import config

ENGINE = Path(config.__file__).parents[1]
# From what every stage uses to what only the incremental build knows (see site_builder/engine/__init__.py).
ORDER = ["base", "config", "model", "load", "render", "check", "write", "incremental"]


def _runtime_imports(tree: ast.Module) -> list[ast.ImportFrom]:
    """Relative imports that run: those under `if TYPE_CHECKING:` only name types."""
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level and id(node) not in typing_only
    ]


def _stage_imported(node: ast.ImportFrom, own: str) -> str | None:
    if node.level == 1:
        return own if node.module is None or node.module.split(".")[0] not in ORDER else node.module.split(".")[0]
    return (node.module or "").split(".")[0] or None


def test_every_engine_folder_is_a_stage_of_the_pipeline() -> None:
    folders = sorted(p.name for p in ENGINE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert folders == sorted(ORDER)


def test_no_stage_imports_a_later_one() -> None:
    backwards = []
    for path in sorted(ENGINE.glob("*/*.py")):
        own = path.parent.name
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            stage = _stage_imported(node, own)
            if stage in ORDER and ORDER.index(stage) > ORDER.index(own):
                backwards.append(f"{path.relative_to(ENGINE)}:{node.lineno} imports {stage}/")
    assert backwards == []


def test_the_check_sees_an_import_that_runs_back_up() -> None:
    tree = ast.parse("from ..render.markup import BodyRenderer\nif TYPE_CHECKING:\n    from ..check import checks\n")
    found = [_stage_imported(node, "model") for node in _runtime_imports(tree)]
    assert found == ["render"]
