"""No input an editor can type makes a loader raise anything but SiteError (never a traceback)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.engine.base.errors import SiteError
from site_builder.engine.base.yamlio import parse_yaml
from site_builder.engine.load.content import PageReader
from site_builder.engine.load.i18n import read_catalog

FRONT = st.sampled_from(["---\n", "", "---\ntitle: x\n", "---\nkey: [\n", "---\n---\n", "--- \n"])
YAMLISH = st.text(alphabet=st.sampled_from([*list("ab:-[]{}#'\"\n &*!|>%@`0\t,?"), "é", "\x00"]), max_size=80)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(text=YAMLISH)
def test_yaml_never_escapes_as_a_traceback(text: str) -> None:
    try:
        parse_yaml(text, "x.yaml")
    except SiteError as error:
        assert all(str(p).startswith("x.yaml") for p in error.problems)


@FUZZ
@given(
    start=FRONT,
    middle=YAMLISH,
    tail=st.sampled_from(["", "\n---\n", "\n---\nbody\n", "\n---\n{{ x( }}\n"]),
    raw=st.binary(max_size=20),
)
def test_page_reader_never_escapes_as_a_traceback(
    tmp_path: Path, start: str, middle: str, tail: str, raw: bytes
) -> None:
    path = tmp_path / "page.md"
    path.write_bytes((start + middle + tail).encode("utf-8", "surrogatepass") + raw)
    try:
        PageReader().read(path, "en")
    except SiteError as error:
        assert all(p.path == path for p in error.problems)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list('msgidtr "\\\n#[]0%()s')), max_size=120))
def test_catalog_reader_never_escapes_as_a_traceback(tmp_path: Path, text: str) -> None:
    path = tmp_path / "messages.po"
    path.write_text(text, encoding="utf-8")
    try:
        read_catalog(path, "id")
    except SiteError as error:
        assert all(p.path == path for p in error.problems)
