"""Spoken words in a question read as the written words reports use (案子 → 案件).

People ask 「破了多少起案子」 of a report that writes 案件; without help the question's 案子 is a
word no report holds, and it is refused or told 「案子」 is not mentioned. A synonym thesaurus is
too broad for an honest answer (词林 puts 人口 with 人员 and 案子 with 桌子: 「梧州有多少人口」 would
be answered with a staff count), so this is a short list of general spoken forms of common written
words, not of any report's words. A spoken word is replaced only when no report holds it and
some report holds its written form: a report that itself says 案子 is matched as written.
"""

from __future__ import annotations

from collections.abc import Callable

# Spoken form -> written forms, in preference order (simplified script, matching form).
SPOKEN_FORMS: dict[str, tuple[str, ...]] = {
    "案子": ("案件",),
    "每人": ("每名", "每位", "人均"),
    "每个人": ("每名", "每位", "人均"),
    "头一天": ("首日",),
    "第一天": ("首日",),
    "第一期": ("首期",),
    "第一批": ("首批",),
    "第一次": ("首次",),
    "老百姓": ("群众", "居民", "市民"),
    "小孩": ("儿童", "未成年人"),
    "小孩子": ("儿童", "未成年人"),
    "孩子们": ("儿童", "未成年人"),
    "老人": ("老年人",),
    "警察": ("民警",),
    "小偷": ("盗窃",),
    "骗子": ("诈骗",),
    "车祸": ("交通事故",),
    "看病": ("就医", "就诊"),
    "房子": ("房屋", "住房"),
    "涨价": ("价格上涨", "价格"),
    "降价": ("价格下降", "价格"),
    "工钱": ("工资", "薪酬"),
    "讨薪": ("欠薪", "工资"),
    "打官司": ("诉讼",),
    "搞了": ("开展了",),
    "村子": ("村庄",),
    "大伙": ("群众",),
    "拿到": ("获得", "领取", "受惠"),
    "领到": ("领取", "获得", "受惠"),
    "要花": ("开支", "花费", "支出"),
    "花了": ("开支", "花费", "支出"),
    "开车": ("车程", "驾车", "自驾"),
}


def written_form(question: str, holds: Callable[[str], bool]) -> str:
    """The question (matching form) with each spoken word no report holds put as the first written form one holds.

    `holds(text)` says whether some report's text contains `text`. Longer spoken forms are tried
    first, so 「每个人」 is not read as 「每个」 + 「人」.
    """
    for spoken in sorted(SPOKEN_FORMS, key=len, reverse=True):
        if spoken not in question or holds(spoken):
            continue
        written = next((form for form in SPOKEN_FORMS[spoken] if holds(form)), None)
        if written is not None:
            question = question.replace(spoken, written)
    return question
