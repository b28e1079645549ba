from __future__ import annotations

import pytest

from site_builder import cli

COMMANDS = [
    ["build", "--output", "out", "--base-url", "https://example.org/guide/"],
    ["--debug", "check"],
    ["--root", "site", "status", "--debug"],
    ["new", "recovery"],
    ["translated", "id/tanam-benang.md"],
    ["serve", "--port", "8001"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv))
def test_a_command_reads_the_same_with_its_verbs_parser_alone(argv: list[str]) -> None:
    verb = cli.given_verb(argv)
    assert verb in cli.VERBS
    assert vars(cli.parser(verb).parse_args(argv)) == vars(cli.parser().parse_args(argv))


def test_a_root_named_like_a_verb_is_not_taken_for_the_verb() -> None:
    argv = ["--root", "check", "build"]
    assert cli.given_verb(argv) == "build"
    args = cli.parser(cli.given_verb(argv)).parse_args(argv)
    assert (args.verb, str(args.root)) == ("build", "check")


@pytest.mark.parametrize("argv", [["--help"], ["-h", "build"], ["bulid"]], ids=repr)
def test_help_or_a_wrong_verb_gets_the_whole_command_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.given_verb(argv) is None
    with pytest.raises(SystemExit):
        cli.main(argv)
    printed = capsys.readouterr()
    for verb in cli.VERBS:
        assert verb in printed.out + printed.err
