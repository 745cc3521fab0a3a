"""The named-article scope, decided lazily, equals listing every article that holds each entity."""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import pytest

from qa.answers.article_answers import NamedScope
from qa.reports.corpus import load_corpus
from qa.search.index import ReportIndex, build_index
from tests.conftest import SEEDS

PLACES = ("梧州", "黑龙江", "北京", "广西", "哈尔滨")


def reference_holding_most(index: ReportIndex, entities: list[str]) -> list[int]:
    """The articles holding the most entities that not every article holds, from full holder lists."""
    count = len(index.articles)
    held: dict[int, int] = {}
    for word in entities:
        holders = index.articles_containing(word)
        if len(holders) == count:
            continue
        for article in holders:
            held[article] = held.get(article, 0) + 1
    if not held:
        return []
    most = max(held.values())
    return sorted(article for article, number in held.items() if number == most)


def _places_folder(folder: Path) -> Path:
    """40 reports of seed sentences, each naming some of PLACES in its title or body (one names all)."""
    sentences = [s.text for s in load_corpus(SEEDS).sentences]
    rng = random.Random(4)
    folder.mkdir()
    for number in range(40):
        named = rng.sample(PLACES, rng.randint(0, 3)) if number else list(PLACES)
        title = "".join(named[:1]) + "工作报告"
        body = [rng.choice(sentences) for _ in range(6)]
        for place in named[1:]:
            body.insert(rng.randrange(len(body)), f"{place}的情况如下。")
        (folder / f"r{number:03d}.txt").write_text(title + "\n\n" + "\n".join(body) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def places_index(tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    return build_index(load_corpus(_places_folder(tmp_path_factory.mktemp("places") / "reports")))


def _entity_lists(index: ReportIndex) -> list[list[str]]:
    """Every set of up to three places, with words every article holds, none holds, and a header word.

    「梧州北京」's grams are in the articles naming both places, its text in none: a bound above what is held.
    """
    lists = [list(chosen) for size in (1, 2, 3) for chosen in combinations(PLACES, size)]
    common = "报告"  # in every title
    unheld = [["没有这样的地方"], ["梧州", "没有这样的地方"], ["梧州北京"], ["梧州北京", "北京"], ["梧州北京", "广西"]]
    return [*lists, [common], [common, "梧州"], *unheld, [index.header_texts[1][:2]]]


def test_named_scope_lists_the_articles_holding_the_most(places_index: ReportIndex) -> None:
    for entities in _entity_lists(places_index):
        expected = reference_holding_most(places_index, entities)
        scope = NamedScope(places_index, entities)
        assert scope.articles() == expected, entities
        assert bool(scope) == bool(expected), entities


def test_named_scope_membership_matches_the_full_list(places_index: ReportIndex) -> None:
    for entities in _entity_lists(places_index):
        expected = set(reference_holding_most(places_index, entities))
        scope = NamedScope(places_index, entities)  # asked one article at a time, before any list is made
        assert [a in scope for a in range(len(places_index.articles))] == [
            a in expected for a in range(len(places_index.articles))
        ], entities


def test_articles_outside_a_named_scope_equal_those_outside_its_list(places_index: ReportIndex) -> None:
    for entities in _entity_lists(places_index):
        listed = reference_holding_most(places_index, entities)
        for word in (*PLACES, "报告", "情况"):
            lazy = places_index.articles_containing(word, outside=NamedScope(places_index, entities), limit=1)
            assert lazy == places_index.articles_containing(word, outside=listed, limit=1), (entities, word)
