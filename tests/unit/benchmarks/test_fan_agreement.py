"""The fan-agreement benchmark: the second fan's lists only ever answer dev queries (the test split
stays unread), every id is a starter show, and the agreement figures score the lists the way the
fan-judgement figures do (a list equal to the first fan's scores 1, the union adds the second
fan's shows)."""

from __future__ import annotations

from benchmarks import fan_agreement as fa
from benchmarks.lib import retrieval_eval as ev
from benchmarks.retrieval_quality import catalog


def test_the_second_fan_answered_dev_queries_only_with_starter_shows() -> None:
    second = fa.second_lists()
    split_of = {q.query: q.split for q in ev.fan_queries()}
    starter = {r.id for r in catalog()}
    assert second, "second_fan.jsonl is empty"
    assert {split_of.get(q) for q in second} == {"dev"}
    for query, alike in second.items():
        assert query not in alike
        assert len(set(alike)) == len(alike)
        assert set(alike) <= starter, set(alike) - starter


def test_agreement_scores_lists_against_each_fan_and_their_union() -> None:
    first = [
        ev.FanQuery(query="a", alike=frozenset({"b", "c"}), split="dev"),
        ev.FanQuery(query="x", alike=frozenset({"y"}), split="test"),  # never scored
    ]
    second = {"a": ["b", "c"], "x": ["y"]}
    ranked = {"a": ["d", "b", "e", "f", "g"]}
    found = fa.agreement(first, second, ranked)
    assert found["queries"] == 1
    assert found["second_fan"]["hit@1"] == 1.0
    assert found["production"]["hit@1"] == 0.0
    assert found["production"]["p@5"] == 0.2
    assert found["recall_of_first"] == 1.0
    second["a"] = ["d", "b"]
    union = fa.agreement(first, second, ranked)["production_vs_either_fan"]
    assert union["hit@1"] == 1.0 and union["p@5"] == 0.4
