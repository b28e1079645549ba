"""The ten-year cost of ownership counts every repeat a tier needs."""

from __future__ import annotations

from site_builder.engine.config.config import load_config
from site_builder.engine.load.references import load_references
from site_builder.guide.facts import load_facts
from site_builder.guide.model import Range, sessions_needed
from tests.helpers import PROJECT


def test_sessions_needed_counts_repeats_over_the_horizon() -> None:
    assert sessions_needed(10, Range(12, 18, "month")) == Range(7, 10)
    assert sessions_needed(10, Range(3, 6, "year")) == Range(2, 4)
    assert sessions_needed(10, Range(10, 15, "year")) == Range(1, 1)


def test_repeats_in_weeks_count_too() -> None:
    assert sessions_needed(1, Range(4, 4, "week")) == Range(13, 13)


def test_repeated_thread_lifts_can_cost_more_than_one_deep_plane_facelift() -> None:
    config = load_config(PROJECT)
    facts = load_facts(config, load_references(config))
    threads, deep = facts.cost_over_horizon("thread-lift"), facts.cost_over_horizon("deep-plane")
    assert threads == Range(7 * 1_000_000, 10 * 3_500_000)
    assert threads.max > deep.max


def test_an_operation_no_source_says_is_repeated_counts_again_as_often_as_its_result_wears_off() -> None:
    config = load_config(PROJECT)
    facts = load_facts(config, load_references(config))
    # A mini facelift lasts 3–6 years: over 10 years, 2 operations at best and 4 at worst, never 1.
    assert facts.sessions("mini-facelift") == Range(2, 4)
    assert facts.cost_over_horizon("mini-facelift") == Range(2 * 5_000_000, 4 * 8_000_000)


def test_a_result_that_outlasts_the_period_counts_once() -> None:
    config = load_config(PROJECT)
    facts = load_facts(config, load_references(config))
    # A deep plane facelift lasts 10–15 years by the publisher's figures: one in 10 years.
    assert facts.sessions("deep-plane") == Range(1, 1)
    assert facts.cost_over_horizon("deep-plane") == facts.cost("deep-plane")


def test_an_option_without_a_cost_has_no_ten_year_cost() -> None:
    config = load_config(PROJECT)
    facts = load_facts(config, load_references(config))
    assert facts.cost("not-yet") is None and facts.cost_over_horizon("not-yet") is None
