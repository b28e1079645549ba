"""YAML reading that remembers where each value came from, so validation can name the line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import SiteError


class LineDict(dict):
    """A mapping from YAML; `line` is where it starts, `key_lines[k]` where key k stands."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML; `line` is where it starts, `item_lines[i]` where item i stands."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser where it is installed: several times faster, with the same line marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that builds LineDict/LineList and refuses duplicate keys."""


def _too_deep(root: yaml.Node) -> yaml.Node | None:
    """The first node nested deeper than MAX_YAML_DEPTH, if any (libyaml itself stops at 1,000)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_YAML_DEPTH:
            return node
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            stack += [(value, depth + 1) for _key, value in node.value]
    return None


def _load(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        deep = _too_deep(node)
        if deep is not None:
            message = f"nested more than {MAX_YAML_DEPTH} levels deep; no setting of the site goes this deep"
            raise yaml.constructor.ConstructorError(None, None, message, deep.start_mark)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in result
        except TypeError:  # a list or mapping used as a key
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word, not a list or mapping", key_node.start_mark
            ) from None
        if duplicate:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2026-13-01: a date's shape with no such day; PyYAML's error has no line
        message = f"'{node.value}' is not a date: write a real day as YYYY-MM-DD"
        raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, path: Path | str, first_line: int = 1) -> Any:
    """Parse YAML text; `first_line` is the file line the text starts on (for front matter)."""
    # Leading blank lines make every mark a line of the whole file, not of the fragment.
    try:
        return _load("\n" * (first_line - 1) + text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else first_line
        column = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or "is not valid YAML"
        lines = text.split("\n")
        source_line = lines[line - first_line] if mark and 0 <= line - first_line < len(lines) else ""
        raise SiteError.at(path, f"invalid YAML: {reason}{_hint(reason, source_line)}", line, column) from None
    except yaml.YAMLError as exc:
        raise SiteError.at(path, f"invalid YAML: {exc}", first_line) from None
    except (RecursionError, ValueError, OverflowError) as exc:
        raise SiteError.at(path, f"invalid YAML: {exc}", first_line) from None


_THOUSANDS = re.compile(r"\d,\d{3}")


def _hint(reason: str, line: str) -> str:
    """What usually causes this YAML error, from the parser's reason and the line it stopped at."""
    if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in reason:
        return "; indent with spaces: YAML does not allow tabs there"
    if _THOUSANDS.search(line) and ("appears twice" in reason or "expected" in reason):
        return "; write numbers without thousands separators (5000000, not 5,000,000)"
    if "mapping values are not allowed" in reason:
        return '; a value that holds ": " must be in quotes, like title: "Green tea: how to brew it"'
    return ""


def read_text(path: Path) -> str:
    """Read a UTF-8 source file, naming the line of the first bad byte if it is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SiteError.at(path, f"cannot be read: {exc.strerror}") from None
    return decode_text(raw, path)


MAX_SOURCE_BYTES = 2_000_000  # a page or data file; the longest page of the guide is some 20 KB
MAX_YAML_DEPTH = 50  # lists and mappings inside each other; the site's data goes five deep
# Control characters no page can show (tab, line feed and carriage return aside), C1 ones included.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_text(raw: bytes, path: Path) -> str:
    """The text of a source file's bytes; a SiteError names the line of the first byte that is not UTF-8,
    or of the first control character, and refuses a file larger than MAX_SOURCE_BYTES before decoding it."""
    if len(raw) > MAX_SOURCE_BYTES:
        size = f"{len(raw) / 1e6:.1f} MB"
        raise SiteError.at(path, f"is {size}; a source file may hold at most {MAX_SOURCE_BYTES // 1_000_000} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SiteError.at(path, "is not valid UTF-8 text; save it as UTF-8", line) from None
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - text.rfind("\n", 0, found.start())
        code = f"U+{ord(found.group()):04X}"
        raise SiteError.at(
            path, f"holds an invisible control character ({code}) no page can show; delete it", line, column
        )
    return text


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML data file."""
    return parse_yaml(read_text(path), path)
