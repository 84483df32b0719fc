"""The review layers' texts are derived from the rules: every rule has a legend title, none is left over."""

from __future__ import annotations

from asset_registry.core.messages import catalogue
from asset_registry.core.rules import RULES

PREFIX = "review.rule_title."


def test_every_rule_has_a_title_for_the_legend_and_no_title_names_a_rule_that_is_gone():
    titled = {ident.removeprefix(PREFIX) for ident in catalogue() if ident.startswith(PREFIX)}
    assert titled == set(RULES)
