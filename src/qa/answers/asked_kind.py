"""What a question asks for beyond its words, and whether a sentence gives it.

「扫黑除恶是什么意思」 is covered word for word by a sentence that merely names 扫黑除恶;
「电信诈骗怎么防范」 by one about catching fraudsters; 「黑龙江有多大」 by any sentence about
黑龙江; 「黑龙江省委书记是谁」 by the sentence naming its 常务副书记. Their topic is in the reports,
what they ask is not: a definition, a way to do something, a size, the holder of an office. So
such a question is answered only by a sentence of the kind it asks for — one that defines the
subject (「X是指…」, 「所谓X」), says the asked action, holds a figure in the asked dimension
(平方公里 for 多大), or names a person with the office (not its deputy) — and otherwise gets an
honest "the reports mention X but do not say".
Patterns work on the matching form (simplified, NFKC, lower-case).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from qa.answers.article_answers import naming_words
from qa.models import Hit
from qa.script import is_cjk, normalize
from qa.search.index import ReportIndex
from qa.search.stopwords import CLASSIFIERS, STOPWORDS, is_frame_word
from qa.search.text import Analysis, dictionary_tag


class Asked(Enum):
    """The kind of answer a question's frame asks for, beyond its topic words."""

    DEFINITION = "definition"  # 「X是什么意思」, 「什么是X」
    HOW_TO = "how_to"  # 「X怎么防范」, 「怎么申请X」
    MEASURE = "measure"  # 「X有多大」, 「X有多高」
    PERSON = "person"  # 「梧州市长是谁」: who holds an office
    PLACE = "place"  # 「哈尔滨在哪里」: where something is
    ROLE = "role"  # 「郝伟夫是什么职务」: the office a person holds
    COUNT = "count"  # 「梧州有几个区」: how many of something
    NAME = "name"  # 「台风叫什么名字」: the name of a thing
    REASON = "reason"  # 「增城挂绿为什么叫挂绿」: why something is called so
    YEAR = "year"  # 「喀喇汗国在哪一年之后一分为二」: the year of something
    DAY = "day"  # 「津蓟铁路哪天正式开通」: the day of something


@dataclass(frozen=True, slots=True)
class Demand:
    """What a delivering sentence must hold: `subject` defined, `action` said, a figure `measure` matches,
    or a person named with the office `subject` (its deputy's when `action` is 副), or the person
    `subject` named with an office."""

    kind: Asked
    subject: str
    action: str = ""
    measure: re.Pattern[str] | None = None
    required: bool = True  # False: a delivering sentence goes first, but none is no reason to refuse


DEMAND_DEPTH = 10  # the best sentences of which the first to give what is asked answers
_END = r"[?？!！。.,，~～\s吗呢啊呀吧嘛]*$"
# A subject longer than this, or with 的 in it (「社团法人权力的来源是什么」), asks for an attribute, not a definition.
MAX_SUBJECT_CHARS = 8
_DEFINITION_QUESTIONS = (
    re.compile(rf"^(?:请问)?(?:什么是|什么叫做?|何谓|啥是|啥叫)(?P<subject>[^的?？]+?){_END}"),
    re.compile(
        r"^(?:请问)?(?P<subject>[^的?？]+?)(?:到底|究竟)?(?:是什么意思|是啥意思|什么意思|啥意思|的意思是什么|是什么含义|"
        rf"的含义是什么|的含义|的定义是什么|的定义|指的是什么|是指什么|指什么|的意思){_END}"
    ),
)
# 「政法委是干什么的」 asks what a body or thing is for; of a person (「邓兆棠本身是做什么的」) it asks an
# occupation, which a sentence gives in any wording: then only softly, as an office.
_FUNCTION_QUESTION = re.compile(
    rf"^(?:请问)?(?P<subject>[^的?？]+?)(?:到底|究竟)?是(?:干什么|做什么|干嘛|干啥)的{_END}"
)
# How a definition is written: 「X是指…」, 「X（…）是…」, 「「X」的意思就是…」, 「X定义为…」 after the
# subject; 「俗称X」, 「称为X」, 「所谓X」 before it.
_DEFINING_AFTER = (
    r"[”」』\"'》]?(?:[（(][^）)]{0,40}[）)])?\s*(?:的意思|一词|这个词)?\s*[,，:：]?\s*"
    r"(?:是指|指的是|就是|即|意为|意思是|意指|又称|也称|亦称|简称|俗称|又叫|也叫|称为|定义为|等于|分别为|是|指|为)"
)
_DEFINING_BEFORE = (
    r"(?:所谓|称为|称作|叫做|俗称|简称|又称|也称|史称|统称|合称|并称|定义为|命名为|称之为)\s*[「“\"『《]?"
)
# Marks and words around a definition question's subject that are not the subject (「「X」具体指什么」).
_SUBJECT_MARKS = re.compile(r"[「」『』“”\"《》]")
_SUBJECT_TAIL = re.compile(r"(?:具体|到底|究竟|分别|一般|通常|一词|这个名字|这个词|这名称|名字)?有?$")
# The frame words of a how-to question; 怎么样 (how is it), 怎么会 / 怎么回事 (why) ask other things.
HOW_WORDS = frozenset({"怎么", "怎样", "如何", "咋", "怎么办"})
# A how-to question asks for a way to act (「电信诈骗怎么防范」); with 是…的 or 被 it asks how something
# came about (「X是怎么产生的」), and 如何称呼 / 如何形容 ask for a name or a description.
_NOT_HOW_TO = ("怎么样", "怎么会", "怎么回事", "怎么了", "是", "的", "被", "称", "叫", "形容", "评价")
_NUMBER = r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千万亿]+)\s*(?:多|余|来)?\s*(?:万|亿|千|百)?\s*"
# 「X有多大」 asks for a size, 「多高」 a height, 「多少钱」 a sum …: the figure must be in one of these units.
# The third field is what comes right before the figure (「长」 for 「多长」: not any distance); such a
# figure is preferred, not demanded.
_MEASURES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(rf"(?:多大(?:年纪|岁数|年龄)|几岁|多大了|今年多大){_END}"), r"岁|周岁", ""),
    (re.compile(rf"(?:有多大|多大面积|面积(?:有)?多大|占地多大){_END}"), r"平方|公顷|亩|km|m2(?!\d)", ""),  # m², ㎡: m2
    (re.compile(rf"多高{_END}"), r"米|公尺|英尺|千米|公里|厘米", ""),
    (re.compile(rf"多远{_END}"), r"公里|千米|米|里|英里|光年|天文单位|小时|分钟|公尺", ""),
    (re.compile(rf"多重{_END}"), r"吨|公斤|千克|克|斤|磅|kg", ""),
    (re.compile(rf"(?:多少|几)度{_END}"), r"度|℃|°", ""),  # a temperature, a latitude, an angle
    # 「还能活几年」: a number of years (15年), not a calendar year (1872年), which 「西元几年」 asks.
    (
        re.compile(r"(?<![西公]元)(?:几|多少)年(?!轻|纪|龄|级|度|底|初|末|间|代)"),
        r"年(?!代|龄|级|轻|纪|度)",
        r"(?<![\d.])(?=(?:\d{1,3}|[一二两三四五六七八九十]+)(?:多|余)?年)",
    ),
    (re.compile(rf"多[宽深厚]{_END}"), r"米|厘米|公分|毫米|公里|公尺", ""),
    # 「X有多长」: a length said of it (长71.7公里, 全长, 长度为); 「多长时间」 is a duration below.
    (re.compile(rf"多长{_END}"), r"米|厘米|公分|毫米|公里|公尺|千米|英里", r"长[^，。；,;\d]{0,4}?"),
    (re.compile(rf"多少钱{_END}"), r"元|圆|块|美元|美金|港元|港币|欧元|英镑|镑|日元|韩元|卢布|人民币|台币", ""),
    # 「多久起效」, 「多长时间能到」: a verb of one or two characters after the question word asks the same.
    (
        re.compile(rf"(?:多久|多长时间)(?:才|就|能|会|可以)?[\u4e00-\u9fff]{{0,4}}{_END}"),
        r"个?(?:小时|分钟|秒|天|工作日|日|周|星期|月|年|时|钟头)",
        "",
    ),
)


# 「X在哪里」, 「X位于哪个省」 ask where X is: a sentence that lists X among places does not say it.
_WHERE = re.compile(
    r"(?:在|位于|处于|地处|坐落于?)(?:哪里|哪儿|哪|何处|何地|什么地方|什么位置|哪个(?:位置|地方|国家|省份?|城市|市|县|区|州))"
    rf"{_END}"
)
# How a sentence says where something is: a locating verb, a distance or bearing, 「在…省/市/县…」.
_PLACE_SAID = re.compile(
    r"位于|地处|坐落|座落|处于|地理位置|下辖|下属|隶属|毗邻|接壤|交界|相邻|相连|[东西南北]岸|[东西南北]距|距离?[^，,。；;]{0,12}(?:公里|千米|米)|"
    r"在[^，,。；;、]{1,12}?(?:省|市|县|区|镇|乡|村|路|街|国|州|洲|岛|湾|山|河|湖|境内|附近|一带|以[东西南北]|"
    r"[东西南北中]部|之间|沿岸|旁边|对面)"
)


# One-character verbs too general to be said by the sentence that tells how (「怎么做」, 「怎么吃」).
EVERYDAY_ACTIONS = frozenset("做办弄搞去来走用说吃喝玩写看买卖找打开选干")


def demand_of(question: str, tokens: Sequence[str], tag: Callable[[str], str | None] = lambda _: None) -> Demand | None:
    """The kind of answer the question (matching form; its jieba tokens and their tags) asks for, if any."""
    for pattern in _DEFINITION_QUESTIONS:
        found = pattern.match(question)
        subject = _SUBJECT_TAIL.sub("", _SUBJECT_MARKS.sub("", found.group("subject"))).strip() if found else ""
        # 「X在英语中的意思」 asks for a gloss, worded freely: no demand.
        if 2 <= len(subject) <= MAX_SUBJECT_CHARS and "在" not in subject:
            return Demand(Asked.DEFINITION, subject)
    found = _FUNCTION_QUESTION.match(question)
    if found is not None:
        subject = found.group("subject").strip()
        person = next((t for t in tokens if len(t) >= 2 and t in subject and _is_person(t, tag)), None)
        if person is not None:  # softly, as 「X是谁」: a sentence naming the person with an office first
            return Demand(Asked.ROLE, person, required=False)
        if 2 <= len(subject) <= MAX_SUBJECT_CHARS:
            return Demand(Asked.DEFINITION, subject)
    for pattern, units, before in _MEASURES:
        if pattern.search(question):
            # A figure said of a word (长71.7公里) goes first but is not demanded: 「线路多长」 turned
            # 「首日客流多长」 by a follow-up, or a length written 「延伸3000公里」, is still answered.
            measure = re.compile(rf"{before}{_NUMBER}(?:{units})")
            return Demand(Asked.MEASURE, "", measure=measure, required=not before)
    office = _office_demand(question, tokens)
    if office is not None:
        return office
    place = _place_demand(question, tokens, tag)
    if place is not None:
        return place
    role = _role_demand(question, tokens, tag)
    if role is not None:
        return role
    count = _count_demand(tokens, tag)
    if count is not None:
        return count
    if _WHICH_YEAR.search(question):
        return Demand(Asked.YEAR, "")
    if _WHICH_DAY.search(question):
        return Demand(Asked.DAY, "")
    name = _name_demand(question, tokens)
    if name is not None:
        return name
    if _WHY_CALLED.search(question):  # softly: a name's origin may be told a sentence away
        return Demand(Asked.REASON, "", required=False)
    if not any(form in question for form in _NOT_HOW_TO):
        for position, token in enumerate(tokens):
            if token not in HOW_WORDS:
                continue
            action = next((t for t in tokens[position + 1 :] if t.strip() and not _is_helper(t)), "")
            # A one-character action of everyday use (吃, 做) is most often answered in other words
            # (清蒸, 煮汤); another (扫, 领) is said by the sentence that tells how.
            if len(action) == 1 and is_cjk(action) and action not in EVERYDAY_ACTIONS and not is_frame_word(action):
                return Demand(Asked.HOW_TO, "", action=action)
            if len(action) >= 2 and all(is_cjk(char) for char in action) and not is_frame_word(action):
                return Demand(Asked.HOW_TO, "", action=action)
    return None


_WHO = re.compile(rf"(?:是谁|是哪位|是何人|叫什么名字|叫什么|叫啥名字|叫啥|姓什么|姓啥){_END}")
NAME_GUESS_CHARS = 3  # an untagged word this long is most often a person's name (郝伟夫)
# Offices, by how their names end (市长, 厅长, 董事长, 书记, 主任 …): 「X是谁」 of one asks for a person.
OFFICE_ENDINGS = (
    "长",
    "书记",
    "主任",
    "主席",
    "总统",
    "总理",
    "特首",
    "总裁",
    "经理",
    "首相",
    "总编辑",
)


def _office_demand(question: str, tokens: Sequence[str]) -> Demand | None:
    """「梧州市长是谁」: the office named right before 是谁 (市长), if the word names one."""
    found = _WHO.search(question)
    if found is None:
        return None
    before = question[: found.start()]
    words = [t for t in tokens if t.strip()]
    last = next((at for at in range(len(words) - 1, -1, -1) if before.endswith(words[at])), None)
    if last is None:
        return None
    office = words[last]
    previous = words[last - 1] if last > 0 else ""
    if len(previous) == 1 and previous not in STOPWORDS and before.endswith(previous + office):
        office = words[last - 1] + office  # 总 + 编辑, cut apart by jieba
    if len(office) >= 2 and office.endswith(OFFICE_ENDINGS):
        deputy = before[: -len(office)].endswith("副")
        return Demand(Asked.PERSON, office, action="副" if deputy else "")
    return None


# A unit asked about by itself (「那个县在哪个省」) is a place too.
ADMINISTRATIVE_UNITS = frozenset("省市县区镇乡村州")


def _place_demand(question: str, tokens: Sequence[str], tag: Callable[[str], str | None]) -> Demand | None:
    """「哈尔滨在哪里」: where a place is, when the word right before the ask is a place name.

    Only of a place: 「经济中心在何处」 or 「首都在哪里」 are answered by a name (江南, 尼亚美) that
    no pattern of the sentence's wording tells apart, while a place is located in set words
    (位于, 地处, 东距…, 在…省) or merely listed (「哈尔滨、绥化等9个市」).
    """
    found = _WHERE.search(question)
    if found is None:
        return None
    before = question[: found.start()]
    subject = next((t for t in reversed(tokens) if t.strip() and before.endswith(t)), "")
    if (len(subject) >= 2 and (tag(subject) or "").startswith("ns")) or subject in ADMINISTRATIVE_UNITS:
        return Demand(Asked.PLACE, subject)
    if subject.endswith(SITE_ENDINGS) and (tag(subject) or "n").startswith("n"):  # 「漠河机场在哪」: a site is a place
        return Demand(Asked.PLACE, subject)
    return None


# Nouns naming a site, located as a place is (机场, 车站, 码头, 医院, 公园, 寺 …), not a role (首都, 中心).
SITE_ENDINGS = (
    "机场",
    "车站",
    "火车站",
    "码头",
    "港口",
    "医院",
    "公园",
    "广场",
    "大厦",
    "博物馆",
    "景区",
    "寺",
    "庙",
    "大桥",
)


# 「郝伟夫是什么职务」, 「X担任什么职位」 ask for the office of a person; so, softly, does 「郝伟夫是谁」.
_ROLE = re.compile(rf"(?:担任|出任|是|任|当)?了?(?:什么|何|哪个|啥)(?:职务|职位|官职|头衔|官)的?{_END}|是谁{_END}")
# How a sentence gives a person's office besides naming it: 「任…」, 「官至…」.
_APPOINTED = re.compile(r"担任|出任|就任|升任|改任|兼任|任职|官至|拜为|封为|任命|当选")


def _role_demand(question: str, tokens: Sequence[str], tag: Callable[[str], str | None]) -> Demand | None:
    """「郝伟夫是什么职务」: the office of the person named right before the ask.

    Not required: offices have too many names (尚书, 太守, 校尉 …) to refuse when no sentence
    shows one; a sentence naming the person with an office goes first, ahead of one where the
    person merely speaks (「郝伟夫介绍，…」).
    """
    found = _ROLE.search(question)
    if found is None:
        return None
    before = question[: found.start()]
    subject = next((t for t in reversed(tokens) if t.strip() and before.endswith(t)), "")
    if _is_person(subject, tag):
        return Demand(Asked.ROLE, subject, required=False)
    return None


def _is_person(word: str, tag: Callable[[str], str | None]) -> bool:
    """A word jieba tags as a person, or, as unknown names mostly are, an untagged three-character word."""
    kind = tag(word)
    return (kind or "").startswith("nr") or (kind is None and len(word) == NAME_GUESS_CHARS and all(map(is_cjk, word)))


# Measure words a count is given in (几座桥 → 18座, 多少户 → 3.2万户, 几岁 → 40岁, 几对 → 9对).
COUNT_MEASURES = CLASSIFIERS | frozenset("人")


def _count_demand(tokens: Sequence[str], tag: Callable[[str], str | None]) -> Demand | None:
    """「梧州有几个区」, 「修了几座桥」: a count of a thing, given as a figure with its measure or noun.

    The measure is the one after 几 / 多少 (in the token, 「几座」, or the next one); the noun the
    word after it. A sentence gives the count when a figure stands before the measure and the
    noun (「34个区」) or after the noun with its measure (「团伙34个」); with no noun, before the measure.
    """
    words = [t for t in tokens if t.strip()]
    for position, token in enumerate(words):
        head = next((h for h in ("多少", "几") if token.startswith(h)), None)
        if head is None:
            continue
        rest = token[len(head) :]
        following = words[position + 1 :]
        measure = rest if len(rest) == 1 and rest in COUNT_MEASURES else ""
        if not measure and not rest and following and following[0] in COUNT_MEASURES:
            measure, following = following[0], following[1:]
        if not measure:
            return None
        noun = following[0] if following and (tag(following[0]) or "").startswith("n") else ""
        return Demand(Asked.COUNT, noun, action=measure, required=False)
    return None


# 「台风叫什么名字」, 「这个行动叫什么」: a thing's name, given in quotation marks or after 叫 / 名为.
_NAME_ASKED = re.compile(
    rf"(?:叫什么名字|叫什么|叫啥名字|叫啥|叫做什么|的名字是什么|名字是什么|的名称是什么|名称是什么|取名为?什么){_END}"
)


# 「X为什么叫Y」, 「为何称为」, 「名字是怎么来的」 ask where a name comes from.
_WHY_CALLED = re.compile(
    r"(?:为什么|为何|为啥|怎么)(?:会|要)?(?:叫|称|被称|取名|得名|命名)|(?:名字|名称|得名)(?:是)?(?:怎么|从哪|由何)"
)
# How a sentence tells where a name comes from: 故名, 因而得名, 因此称为 ….
_REASON_SAID = re.compile(
    r"得名|故名|故称|故又称|由此而来|因此(?:被)?(?:称|叫|命名)|因而(?:被)?(?:称|叫|命名)|所以(?:被)?(?:称|叫)"
)


# 「何年」, 「哪一年」, 「西元几年」 ask a year (of content: a question about an article's date is read before).
_WHICH_YEAR = re.compile(r"何年|哪一?年|几几年|哪个年份|哪一年份|[西公]元(?:前)?几年")
# How a sentence gives a year or a time in years: 1041年, 元年, 庚申年 (the sexagenary cycle), 十一世纪,
# 八十年代, 公元前. Not an era (西汉时期, 远古时期): 「哪一年」 asks more than the period.
_YEAR_SAID = re.compile(
    r"\d+\s*年|[〇零一二三四五六七八九十百千]+年|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年|元年|世纪|年代|公元|西元|"
    r"\d{3,4}(?!\d)"
)


# 「哪一天」, 「几月几号」 ask a day (of content, as 「哪一年」); a sentence gives one as 4月30日, 十二日, 初五.
_WHICH_DAY = re.compile(r"哪一?天|哪一日|何日|几月几[日号]|几号")
_DAY_SAID = re.compile(
    r"\d+\s*[日号]|[一二三四五六七八九十廿卅]+[日号]|初[一二三四五六七八九十]|(?:当|同|次|翌|前|后)[日天]|除夕|[春秋]节"
)


def _name_demand(question: str, tokens: Sequence[str]) -> Demand | None:
    """The thing named right before the ask (台风 of 「台风叫什么名字」); soft, names are worded freely."""
    found = _NAME_ASKED.search(question)
    if found is None:
        return None
    before = question[: found.start()]
    subject = next((t for t in reversed(tokens) if t.strip() and before.endswith(t)), "")
    if len(subject) >= 2 and not is_frame_word(subject):
        return Demand(Asked.NAME, subject, required=False)
    return None


def asks_definition(question: str) -> bool:
    """True if the question (matching form) asks what a term means: it names its subject itself."""
    demand = demand_of(question, ())
    return demand is not None and demand.kind is Asked.DEFINITION


def _is_helper(token: str) -> bool:
    """Words between 怎么 and its verb: 「怎么才能申请」, 「如何去办」."""
    return token in {"才能", "才", "能", "去", "来", "样", "可以", "要", "进行", "做才"}


def delivers(
    demand: Demand, sentence: str, words: Sequence[str] = (), tag: Callable[[str], str | None] = lambda _: None
) -> bool:
    """True if the sentence (matching form; its words and their jieba tags) gives what the demand asks:
    a definition, the action, a figure, or a person holding the office."""
    match demand.kind:
        case Asked.PERSON:
            return _names_holder(demand, sentence, words, tag)
        case Asked.DEFINITION:
            subject = re.escape(demand.subject)
            return bool(
                re.search(subject + _DEFINING_AFTER, sentence) or re.search(_DEFINING_BEFORE + subject, sentence)
            )
        case Asked.HOW_TO:
            return demand.action in sentence
        case Asked.MEASURE:
            return demand.measure is not None and bool(demand.measure.search(sentence))
        case Asked.PLACE:
            return bool(_PLACE_SAID.search(sentence))
        case Asked.COUNT:
            figure = rf"{_NUMBER}{re.escape(demand.action)}"
            if not demand.subject:
                return bool(re.search(figure, sentence))
            noun = re.escape(demand.subject)
            return bool(re.search(rf"{figure}(?:的)?{noun}|{noun}[^，,。；;]{{0,6}}?{figure}", sentence))
        case Asked.NAME:
            subject = re.escape(demand.subject)
            return bool(
                re.search(rf"{subject}\s*[「“\"『《]|[」”\"』》]\s*{subject}", sentence)
                or re.search(rf"{subject}[^，,。；;]{{0,6}}?(?:叫做?|名为|称为|命名为|取名为?|又名)", sentence)
            )
        case Asked.DAY:
            return bool(_DAY_SAID.search(sentence))
        case Asked.YEAR:
            return bool(_YEAR_SAID.search(sentence))
        case Asked.REASON:
            return bool(_REASON_SAID.search(sentence))
        case Asked.ROLE:
            return demand.subject in sentence and (
                bool(_APPOINTED.search(sentence))
                or any(_is_office(word, tag) for word in words if word != demand.subject)
            )


def mentioned_words(index: ReportIndex, analysis: Analysis, demand: Demand) -> tuple[str, ...]:
    """The question's words the reports hold, as the question writes them (消费券, not 消费 + 券)."""

    def mentions(text: str) -> bool:
        return index.contains_text(text) or index.in_a_header(text)  # a title or by-line mentions it too

    if demand.kind is Asked.DEFINITION and mentions(demand.subject):
        return (demand.subject,)
    runs: list[list[str]] = [[]]
    for token in analysis.tokens:
        if is_frame_word(token) or token == demand.action or not token.strip():
            runs.append([])
        else:
            runs[-1].append(token)
    words: list[str] = []
    for run in runs:
        joined = "".join(run)
        if len(joined) >= 2 and mentions(joined):
            words.append(joined)
        else:
            words.extend(word for word in run if len(word) >= 2 and not _is_frame_like(index, word) and mentions(word))
    return tuple(dict.fromkeys(words))


# First letters of jieba's tags for words that are no subject to name (t time, m number, q measure,
# r pronoun, d adverb, p preposition, c conjunction, u particle, f direction): 今年 of 「郝伟夫今年多大」.
_NOT_SUBJECT_TAGS = frozenset("tmqrdpcuf")


def _is_frame_like(index: ReportIndex, word: str) -> bool:
    return (index.word_tag(word) or dictionary_tag(word) or "n")[0] in _NOT_SUBJECT_TAGS


def put_first_delivering(
    index: ReportIndex, hits: list[Hit], demand: Demand, analysis: Analysis
) -> tuple[list[Hit], bool]:
    """The hits with the first of the best DEMAND_DEPTH that gives what the question asks put first; False if none does.

    A lower hit comes first only if it also says every question word the top one says: a sentence
    that holds 防范 but not 电信诈骗 does not answer 「电信诈骗怎么防范」.
    """
    texts = index.columns.normalized
    said = [word for word in naming_words(index, analysis) if word in texts[hits[0].sentence_id]]
    for position, hit in enumerate(hits[:DEMAND_DEPTH]):
        text = texts[hit.sentence_id]
        words = index.sentence_words(hit.sentence_id)
        # A sentence says what its article's title names (as ranking's title expansion reads it).
        title = normalize(index.articles[index.sentences[hit.sentence_id].article].title)
        if delivers(demand, text, words, index.word_tag) and all(word in text or word in title for word in said):
            return [hit, *hits[:position], *hits[position + 1 :]], True
    return hits, False


def title_delivering(index: ReportIndex, hits: Sequence[Hit], demand: Demand) -> int | None:
    """The article among the best hits' whose title gives what is asked (「颱風「山竹」逼近」 names the typhoon).

    A news title often holds what its body only refers to: the body says 台风, the title 台风「山竹」.
    """
    for hit in hits[:DEMAND_DEPTH]:
        article = index.sentences[hit.sentence_id].article
        if delivers(demand, normalize(index.articles[article].title)):
            return article
    return None


def _names_holder(demand: Demand, sentence: str, words: Sequence[str], tag: Callable[[str], str | None]) -> bool:
    """The office, not its deputy's (副书记 is not 书记), and a person named in the same sentence.

    A name is a word jieba tags as a person (nr…) or, as unknown names mostly are, a three-character
    word no dictionary tags (郝伟夫; its two-character guesses are often glue, 名合 of 每名合资格).
    「劉少奇被選為…書記」, 「迪奧里成為首任總統」: the name need not stand next to the office.
    """
    office = demand.subject
    if not any((sentence[at - 1 : at] == "副") == (demand.action == "副") for at in _occurrences(sentence, office)):
        return False

    return any(_is_person(word, tag) for word in words if office not in word)


def _is_office(word: str, tag: Callable[[str], str | None]) -> bool:
    """A noun naming an office by its ending (书记, 副主任, 市长; not 增长, a verb)."""
    return len(word) >= 2 and word.endswith(OFFICE_ENDINGS) and (tag(word) or "n").startswith("n")


def _occurrences(text: str, word: str) -> list[int]:
    return [at for at in range(len(text)) if text.startswith(word, at)]
