"""A question asking for a definition, a way to act or a size is answered only by a sentence that gives one."""

from __future__ import annotations

import pytest

from qa.answers.asked_kind import Asked, delivers, demand_of


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("扫黑除恶是什么意思", "扫黑除恶"),
        ("什么是高标准农田?", "高标准农田"),
        ("「大香菇头」指的是什么?", "大香菇头"),
        ("罗素街事件具体指什么？", "罗素街事件"),
        ("雅芳河这个名字有什么意思？", "雅芳河"),
    ],
)
def test_definition_questions_name_their_subject(question: str, subject: str) -> None:
    demand = demand_of(question, ())
    assert demand is not None
    assert (demand.kind, demand.subject) == (Asked.DEFINITION, subject)


def test_attribute_and_glossed_questions_are_not_definition_questions() -> None:
    assert demand_of("社团法人一切权力的来源是什么意思", ()) is None  # 的: an attribute, not a term
    assert demand_of("过适现象在统计学中指什么？", ()) is None  # a gloss in a field, worded freely


@pytest.mark.parametrize(
    "sentence",
    ["扫黑除恶是指依法打击黑恶势力犯罪。", "所谓扫黑除恶，就是打击黑恶势力。", "这一行动俗称「扫黑除恶」。"],
)
def test_a_definition_is_delivered_by_a_defining_sentence(sentence: str) -> None:
    demand = demand_of("扫黑除恶是什么意思", ())
    assert demand is not None
    assert delivers(demand, sentence)


def test_a_sentence_that_only_names_the_subject_does_not_define_it() -> None:
    demand = demand_of("扫黑除恶是什么意思", ())
    assert demand is not None
    assert not delivers(demand, "梧州市办案工作专班被评为全国扫黑除恶专项斗争先进集体。")


def test_a_how_to_question_needs_the_asked_action() -> None:
    demand = demand_of("电信诈骗怎么防范", ("电信诈骗", "怎么", "防范"))
    assert demand is not None
    assert (demand.kind, demand.action) == (Asked.HOW_TO, "防范")
    assert not delivers(demand, "全市公安机关严打电信诈骗，破案率达90%。")
    assert delivers(demand, "市民可以通过不接陌生电话防范电信诈骗。")


@pytest.mark.parametrize(
    "question",
    ["艾伦道是怎么产生的", "当地人都如何称呼", "那梧州怎么样", "一部分则被怎么对待"],
)
def test_how_something_came_about_or_is_called_is_not_a_how_to(question: str) -> None:
    assert demand_of(question, tuple(question)) is None


def test_a_size_question_needs_a_figure_in_that_dimension() -> None:
    demand = demand_of("黑龙江有多大", ("黑龙江", "有", "多", "大"))
    assert demand is not None
    assert demand.kind is Asked.MEASURE
    assert not delivers(demand, "全省各级政法机关共推出为民服务举措3535项。")
    assert delivers(demand, "黑龙江全省面积47.3万平方公里。")
    far = demand_of("沃夫424距离太阳多远？", ())
    assert far is not None
    assert delivers(far, "它距离太阳约14光年。")


def test_who_holds_an_office_needs_the_office_and_a_person() -> None:
    demand = demand_of("黑龙江省委书记是谁", ("黑龙江", "省委", "书记", "是", "谁"))
    assert demand is not None
    assert (demand.kind, demand.subject) == (Asked.PERSON, "书记")
    tags = {"刘少奇": "nr", "书记": "n", "常务": "b", "被选为": "n", "中共福建省委": "nt", "财政司": "nt", "今日": "t"}
    named = ("刘少奇", "被选为", "中共福建省委", "书记")
    assert delivers(demand, "刘少奇被选为第一届中共福建省委书记。", named, tags.get)
    deputy = ("省委", "常务", "书记", "郝伟夫")
    assert not delivers(demand, "省委政法委常务副书记郝伟夫介绍。", deputy, tags.get)  # a deputy is not the office
    asked_deputy = demand_of("政法委常务副书记是谁", ("政法委", "常务", "副", "书记", "是", "谁"))
    assert asked_deputy is not None
    assert delivers(asked_deputy, "省委政法委常务副书记郝伟夫介绍。", deputy, tags.get)
    office_only = demand_of("财政司司长叫什么名字", ("财政司", "司长", "叫", "什么", "名字"))
    assert office_only is not None
    assert not delivers(office_only, "财政司司长今日宣布。", ("财政司", "司长", "今日", "宣布"), tags.get)


def test_who_did_something_is_not_an_office_question() -> None:
    assert demand_of("谁在发布会上介绍的情况", ("谁", "在", "发布会", "上", "介绍", "的", "情况")) is None
    assert demand_of("研发这个论点的人是谁", ("研发", "这个", "论点", "的", "人", "是", "谁")) is None
