"""YAML reading that remembers where each value came from, so validation can name the line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import SiteError
from .files import read_regular


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


class _Loader(_Base):  # type: ignore[misc, valid-type]  # the base is libyaml's loader where installed
    """A safe loader that builds LineDict/LineList and refuses duplicate keys."""


def _too_deep(root: yaml.Node) -> yaml.Node | None:
    """The first node nested deeper than MAX_YAML_DEPTH, if any (libyaml itself stops at 1,000).

    An alias (*name) is the one way a node can stand twice in the tree; it is refused (by _refuse_aliases)
    as soon as it is met, so this walk sees each node once: a few hundred bytes of aliases to aliases
    cannot make it, or anything after it, walk billions of nodes."""
    stack = [(root, 0)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _AliasError
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            return node
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            stack += [(value, depth + 1) for _key, value in node.value]
    return None


class _AliasError(Exception):
    """The document reuses a node through an alias."""


_ALIAS_MESSAGE = (
    "an alias (*name) repeats what an anchor (&name) marks; the site's files do not use them, and a few "
    "aliases of aliases can make a file of a few hundred bytes stand for billions of values: write the values out"
)


def _refuse_aliases(text: str) -> None:
    """Raise at the first alias of `text` (a merge key, <<: *name, is one), found by the pure-Python scanner."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                raise yaml.constructor.ConstructorError(None, None, _ALIAS_MESSAGE, token.start_mark)
    except yaml.scanner.ScannerError:
        pass
    raise yaml.constructor.ConstructorError(None, None, _ALIAS_MESSAGE, None)


def _load(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            deep = _too_deep(node)
        except _AliasError:
            _refuse_aliases(text)
            raise
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
            first = result.key_lines[key]
            message = f"the key {key!r} appears twice (lines {first} and {key_node.start_mark.line + 1})"
            raise yaml.constructor.ConstructorError(None, None, message, key_node.start_mark)
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


# true and false only, as in YAML 1.2: `draft: yes` or `no` is text the schema refuses, never a guess.
_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
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
        if explained := _explain(exc, lines[: line - first_line + 1], first_line):
            raise SiteError.at(path, explained[0], explained[1]) from None
        raise SiteError.at(path, f"invalid YAML: {reason}{_hint(reason, source_line)}", line, column) from None
    except yaml.YAMLError as exc:
        raise SiteError.at(path, f"invalid YAML: {exc}", first_line) from None
    except (RecursionError, ValueError, OverflowError) as exc:
        raise SiteError.at(path, f"invalid YAML: {exc}", first_line) from None


_NUMBER_KEY_TWICE = re.compile(r"the key '?\d+'? appears twice")  # 5,000,000 in {…} makes keys of "000"
_NUMBER_WITH_COMMAS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])")
# Where a quoted value may start: a line's start, after `- `, `: `, `[`, `{` or `,`.
_QUOTE_START = re.compile(r"""(?:^[ \t]*|[:,\[{-][ \t]*)(["'])""")
_CURLY = re.compile("[“”‘’„«»]")
_OPENERS = {"{": "}", "[": "]"}


def _explain(exc: yaml.MarkedYAMLError, lines: list[str], first_line: int) -> tuple[str, int] | None:
    """The mistake an editor made, in words, at its line, when the parser's words would not say it.

    `lines` are those of the text up to the line the parser stopped at, which is often a line too late."""
    reason = exc.problem or ""
    for index in range(max(0, len(lines) - 2), len(lines)):  # the parser stops on the line, or the next
        if _CURLY.search(lines[index]) and _QUOTE_START.search(_CURLY.sub('"', lines[index])):
            return "curly quotes “ ” from a word processor: type straight quotes (\" or ')", first_line + index
    for number, line in enumerate(lines, first_line):
        if (quote := _open_quote(line)) is not None:
            message = f"the quote opened on line {number} is never closed: end the text with {quote} on the same line"
            return message, number
    if "expected ',' or '}'" in reason or "expected ',' or ']'" in reason:
        context = exc.context_mark
        if context is not None and 0 <= context.line - first_line + 1 < len(lines):
            number = context.line + 1
            line = lines[number - first_line]
            opener = line[context.column] if context.column < len(line) else ""
            if opener in _OPENERS and _OPENERS[opener] not in line[context.column :]:
                closer = _OPENERS[opener]
                return f"the {opener} opened on line {number} is never closed: end it with {closer} there", number
    if _NUMBER_KEY_TWICE.search(reason) and (found := _NUMBER_WITH_COMMAS.search(lines[-1])):
        message = f"write {found.group().replace(',', '')}, without commas: a number takes no thousands separators"
        return message, first_line + len(lines) - 1
    return None


def _open_quote(line: str) -> str | None:
    """The quote character of a value this line opens and never closes, if any."""
    if line.lstrip().startswith("#"):
        return None  # a comment line: its quotes are words
    position = 0
    while found := _QUOTE_START.search(line, position):
        if " #" in line[position : found.start(1)]:
            return None  # a comment
        quote, end = found.group(1), found.end(1)
        while True:
            end = line.find(quote, end)
            if end < 0:
                return quote
            if quote == '"' and _escaped(line, end):
                end += 1
            elif quote == "'" and line.startswith("''", end):
                end += 2
            else:
                break
        position = end + 1
    return None


def _escaped(line: str, index: int) -> bool:
    backslashes = len(line[:index]) - len(line[:index].rstrip("\\"))
    return backslashes % 2 == 1


def _hint(reason: str, line: str) -> str:
    """What usually causes this YAML error, from the parser's reason and the line it stopped at."""
    if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in reason:
        return "; indent with spaces: YAML does not allow tabs there"
    if (found := _NUMBER_WITH_COMMAS.search(line)) and (_NUMBER_KEY_TWICE.search(reason) or "expected" in reason):
        return f"; write {found.group().replace(',', '')}, without commas: a number takes no thousands separators"
    if "mapping values are not allowed" in reason:
        return '; a value that holds ": " must be in quotes, like title: "Green tea: how to brew it"'
    return ""


def read_text(path: Path) -> str:
    """Read a UTF-8 source file, naming the line of the first bad byte if it is not UTF-8."""
    try:
        raw = read_regular(path)
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
