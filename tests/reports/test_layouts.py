"""Reports laid out unlike the format fixtures (tests/data/layouts): what a user should see of each.

Each file was written down first — title, date, publisher, authors, editor, sentences and headings a
reader of the page sees, and the page furniture that must not become an answer — and then read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from qa.answers.answer import answer
from qa.models import Article
from qa.reports.cleaning import LineKind, classify_line, is_salutation, strip_editor_note_label, strip_end_mark
from qa.reports.corpus import load_corpus
from qa.reports.listing import Corpus
from qa.reports.markdown import read_markdown
from qa.reports.metadata import (
    Metadata,
    find_date,
    find_field_date,
    is_date_line,
    is_issue_line,
    is_metadata_line,
    labelled_fields,
    read_adoption_note,
    read_issuer_line,
    read_masthead,
    split_names,
)
from qa.reports.pdf import read_pdf
from qa.reports.plain import read_plain
from qa.reports.tables import table_sentences
from qa.reports.web import read_web_page
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA

LAYOUTS = DATA / "layouts"  # see make_layouts.py there


@dataclass(frozen=True)
class Expected:
    """What a user should see of one file."""

    title: str
    date: str
    publisher: str | None
    authors: tuple[str, ...]
    editor: str | None
    sentences: tuple[str, ...]
    headings: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    first: str | None = None  # the first and last sentences of the body, where the file's edges are tricky
    last: str | None = None


EXPECTED = {
    "gov-notice": Expected(
        title="关于印发《临川市2024年城乡居民基本医疗保险实施方案》的通知",
        date="2024-03-12",
        publisher="临川市医疗保障局",
        authors=(),
        editor=None,
        sentences=("2024年城乡居民医保个人缴费标准为每人每年380元，各级财政补助标准为每人每年不低于670元。",),
        headings=("一、参保范围", "二、筹资标准", "三、待遇保障"),
        absent=("索引号", "浏览次数", "字号", "分享到", "打印", "相关链接", "版权所有", "ICP", "无障碍", "网站地图"),
    ),
    "gov-table": Expected(
        title="青川县人民政府关于公布2024年度县级非物质文化遗产代表性项目名录的通知",
        date="2024-05-20",
        publisher="青川县人民政府",
        authors=(),
        editor=None,
        sentences=("其中，传统技艺类6项，包括青川竹编、木鱼山茶制作技艺等；",),
        absent=(
            "索引号",
            "索 引 号",
            "信息分类",
            "有效性",
            "青府发",
            "当前位置",
            "打印",
            "收藏",
            "ICP",
            "此件公开发布",
        ),
    ),
    "portal-news": Expected(
        title="广茂铁路完成电气化改造 广州至茂名动车组列车开通",
        date="2024-06-28",
        publisher="茂名日报",
        authors=("黄志强", "林晓"),
        editor="陈美玲",
        sentences=("改造完成后，广州至茂名最快旅行时间由4小时40分钟压缩至2小时58分钟，每日开行动车组列车12对。",),
        absent=("评论", "网友", "终于通动车", "票价", "热点排行", "客户端", "首付", "责任编辑", "Copyright"),
    ),
    "taoyuan-big5": Expected(
        title="桃園市政府公布112年度交通建設成果",
        date="2024-01-22",
        publisher="北台灣新聞網",  # the site name the <title> ends with
        authors=("張嘉文",),
        editor=None,
        sentences=("市府交通局表示，桃園捷運綠線工程進度已達百分之四十二，預計民國115年完成通車。",),
        absent=("首頁", "相關新聞", "列印", "關閉視窗", "著作權", "報導"),
    ),
    "statistics": Expected(
        title="云溪县2023年国民经济和社会发展统计公报",
        date="2024-03-20",
        publisher="云溪县统计局",
        authors=(),
        editor=None,
        sentences=("茶叶：产量 1.36万吨，比上年增长 4.8%。",),
        headings=("一、综合", "二、农业", "三、工业和建筑业"),
        absent=("第 1 页", "云溪县统计局发布"),
    ),
    "rule-of-law": Expected(
        title="青石市2023年度法治政府建设情况报告",
        date="2024-02-28",
        publisher="青石市人民政府",
        authors=(),
        editor=None,
        sentences=(
            "全市行政执法机关共办理行政处罚案件4,127件，行政执法案卷评查合格率为96.2%，"
            "行政复议案件办结率达到100%，行政机关负责人出庭应诉率连续三年保持100%。",
        ),
        headings=("一、推进政府职能转变", "二、严格规范公正文明执法", "三、下一步工作安排"),
        absent=("公报", "第 1 页", "印发"),
    ),
    "renovation": Expected(
        title="关于开展2024年度城镇老旧小区改造项目申报工作的通知",
        date="2024-02-26",
        publisher="江宁市住房和城乡建设局",
        authors=(),
        editor=None,
        sentences=("全市计划改造老旧小区132个，涉及居民4.6万户，总投资约18.5亿元。",),
        absent=("扫一扫", "打印本页", "关闭窗口", "返回顶部"),
    ),
    "environment": Expected(
        title="南湖区2023年生态环境状况公报",
        date="2024-06-05",
        publisher="南湖区生态环境局",
        authors=(),
        editor=None,
        sentences=(
            "2023年，南湖区环境空气质量优良天数为318天，优良率为87.1%，较上年提高2.3个百分点。",
            "考核断面优良比例：2022年 83.3%，2023年 91.7%。",
            "道路交通声环境昼间平均等效声级为66.8分贝。",
        ),
        headings=("一、空气质量", "二、水环境质量", "三、声环境质量"),
        absent=("#", "**", "](", "http", "aqi.png", "---", "> "),
    ),
    "job-fair": Expected(
        title="石桥镇举办2024年春季农民工专场招聘会",
        date="2024-03-05",
        publisher="石桥镇人民政府",
        authors=("周海燕", "刘伟"),
        editor="吴佳",
        sentences=("镇人力资源和社会保障所负责人介绍，今年镇里还将开展技能培训12期，帮助农村劳动力就近就业。",),
        absent=("首页", "当前位置", "浏览量", "分享到", "上一篇", "下一篇", "（完）"),
    ),
    "sanitation": Expected(
        title="梅溪县2023年农村人居环境整治工作总结",
        date="2024-01-16",
        publisher="梅溪县农业农村局",
        authors=(),
        editor=None,
        sentences=("全年新建改建农村户用卫生厕所3,416户，农村卫生厕所普及率达到93.5%。",),
        absent=("信息公开", "公开方式", "打印", "关闭", "版权所有", "ICP"),
    ),
    "flood-notice": Expected(
        title="关于做好2025年汛期地质灾害防范工作的通知",
        date="2025-04-18",
        publisher="丰川市人民政府办公室",
        authors=(),
        editor=None,
        sentences=("汛前各县（区）要对全市1,326处地质灾害隐患点开展一次拉网式排查。",),
        headings=("一、压实防灾责任", "二、强化监测预警", "三、做好应急处置"),
        absent=(
            "各县（区）人民政府，市直有关单位",
            "附件",
            "隐患点名录",
            "联系表",
            "抄送",
            "印发",
            "此件公开发布",
            "丰川市人民政府办公室",
        ),
        first="为切实做好今年汛期地质灾害防范工作，保障人民群众生命财产安全，现将有关事项通知如下。",
        last="发现险情要第一时间组织群众撤离，并在2小时内向市应急管理局报告。",
    ),
    "science-week": Expected(
        title="丰川市举办2025年科技活动周",
        date="2025-05-18",
        publisher="丰川市科学技术局",
        authors=(),
        editor=None,
        sentences=(),
        absent=(
            "浏览次数",
            "字号",
            "打印",
            "首页",
            "发布时间",
            "来　　源",
        ),
        first="5月17日，丰川市2025年科技活动周在市科技馆开幕，活动主题为“科技改变生活”。",
        last="市科学技术局负责人表示，今年还将评选科普示范基地10个，培育科普志愿者队伍500人。",
    ),
    "ferry-station": Expected(
        title="海宁西站改造完成 候车面积扩大一倍",
        date="2025-06-10",
        publisher="嘉禾日报",
        authors=("沈晓峰",),
        editor=None,
        sentences=("海宁西站总建筑面积1.7万平方米，其中站房面积4,933平方米。",),
        absent=(
            "编者按",
            "摄",
            "改造后的候车大厅",
            "来源：嘉禾日报",
            "相关阅读",
            "杭海城际铁路开通运营",
            "桐乡站新增公交线路",
            "hall.jpg",
            "**",
        ),
        first="海宁西站开通十五年来，客流不断增长。",
        last="站台位于站房南侧，高于候车室6米，设置侧式站台2座，到发线2条。",
    ),
    "tower-utf16": Expected(
        title="交银金融大厦简介",
        date="2025-01-09",
        publisher="浦江城市档案馆",
        authors=(),
        editor=None,
        sentences=(),
        first="交银金融大厦位于中国上海市浦东新区银城中路188号，陆家嘴金融贸易区B1-3地块，楼高265米。",
        last="2002年10月23日，交通银行总部搬迁至交银金融大厦。",
    ),
    "quake-news": Expected(
        title="岩手宫城内陆地震十七年：预警系统减少了伤亡",
        date="2025-06-14",
        publisher="江南日报",
        authors=("周立新",),
        editor="何文静",
        sentences=("根据日本气象厅的数据，此次地震的日本气象厅地震规模为7.2。",),
        absent=(
            "编者按",
            "吴强",
            "山体滑坡",
            "来源：江南日报",
            "相关阅读",
            "更新地震预警系统",
            "预警网建成投用",
            "分享到",
            "ICP",
            "阅读：",
        ),
        first="2008年6月14日，日本岩手县和宫城县交界处发生强烈地震。",
        last="日本气象厅通过2007年10月开始投入使用的全国性地震预警系统发出预警，避免了严重人员伤亡。",
    ),
    "wechat-carbon": Expected(
        title="一吨碳挑战：每个人每年少排一吨温室气体",
        date="2025-05-20",
        publisher="绿色丰川",
        authors=("林思远",),
        editor="陈一鸣",
        sentences=(),
        absent=(
            "点击上方",
            "关注",
            "原创",
            "END",
            "二维码",
            "阅读原文",
            "在看",
            "微信扫一扫",
            "微信公众平台",
        ),
        first="一吨碳挑战为加拿大政府在2004年3月向全加拿大国民发起的活动，目的是每年减少一吨的温室气体排放量。",
        last="官方的一吨碳挑战自2006年4月停止资助，此后有民间团体将此计划重新包装为线上教案。",
    ),
    "taitung-minguo": Expected(
        title="寶桑地區歷史文化導覽啟動",
        date="2025-03-05",
        publisher="臺東市公所觀光發展課",
        authors=(),
        editor=None,
        sentences=(),
        absent=(
            "點閱次數",
            "回首頁",
            "網站導覽",
            "Facebook",
            "列印",
            "版權所有",
            "更新日期",
        ),
        first="今臺東市街區發源地「寶桑」，原為阿美族之一社名，清道光年間曾有平埔族西拉雅族駐留於此。",
        last="市公所表示，導覽活動自中華民國114年3月8日起每週六舉行，每梯次限額30人。",
    ),
    "reservoir-check": Expected(
        title="丰川县水利局关于2025年春季水库安全度汛检查情况的通报",
        date="2025-03-06",
        publisher="丰川县水利局",
        authors=(),
        editor=None,
        sentences=(
            "小（1）型：数量 9座，发现隐患 11处。",
            "注：隐患数含已于检查期间整改完成的14处。",
        ),
        headings=("一、基本情况", "二、存在的问题", "三、下一步要求"),
        absent=(
            "丰水发",
            "各乡镇人民政府，县直有关单位",
            "抄送",
            "二〇二五年",
        ),
        first="为确保全县水库安全度汛，县水利局于2月下旬组织开展了春季水库安全度汛检查，现将检查情况通报如下。",
        last="各乡镇要在3月31日前完成全部隐患整改，并将整改情况报县水利局水旱灾害防御股。",
    ),
    "economy-punct": Expected(
        title="2025年上半年丰川市经济运行情况分析",
        date="2025-07-15",
        publisher="丰川市统计局",
        authors=(),
        editor=None,
        sentences=(
            "上半年，全市规模以上工业增加值同比增长6.8%，比一季度加快0.9个百分点；",
            "其中装备制造业增长11.2%，占规模以上工业的比重为31.5%。",
            "其中网上零售额96.3亿元（同比增长14.7%），拉动作用明显。",
            "分行业看，35个工业大类行业中有26个行业增加值保持增长，增长面为74.3%。",
        ),
        headings=("一、工业生产稳步回升", "二、消费市场持续恢复", "三、固定资产投资结构优化"),
        absent=(
            "丰川统计",
            "- 1 -",
            "- 2 -",
        ),
        first="今年以来，全市上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进，主要指标增速好于预期。",
        last="总的来看，全市经济运行延续了回升向好态势，但需求不足、部分企业经营困难等问题依然存在，下半年要继续巩固和增强经济回升向好态势。",
    ),
    "tower-columns": Expected(
        title="交银金融大厦：陆家嘴的梯形双塔",
        date="2025-02-03",
        publisher="浦江晚报",
        authors=(),
        editor=None,
        sentences=(
            "两座梯形塔楼之间以中庭连接，中庭从地面一直伸展到南塔楼顶部，高度达163.4米。",
            "交银金融大厦总建筑面积为108,081.90平方米，主体结构由北塔楼、南塔楼及裙楼组成。",
            "南塔楼楼高197.4米，共有47层。",
            "交银金融大厦是交通银行总部，部分楼层在设计上配合该行需要。",
        ),
        absent=("A05",),
        first="交银金融大厦位于中国上海市浦东新区银城中路188号，陆家嘴金融贸易区B1-3地块，楼高265米，以建筑高度计算是上海第7高的已建摩天大楼。",
        last="2002年10月23日，交通银行总部搬迁至交银金融大厦，是首家落户浦东以及当时六大银行唯一总部设在上海的银行。",
    ),
    "wetland-post": Expected(
        title="西巴丹岛公园范围扩大至环岛海域",
        date="2025-04-22",
        publisher="南洋时报",
        authors=("钱文",),
        editor=None,
        sentences=(),
        absent=(
            "tags",
            "title:",
            "draft",
            "---",
            "保护区]",
        ),
        first="西巴丹岛是马来西亚沙巴州著名岛屿，以优美的自然景观及潜水环境闻名世界。",
        last="2015年环岛海域及珊瑚礁也经公告划入公园范围，面积约1万6846.5公顷。",
    ),
    "logo-h1": Expected(
        title="海宁高铁站站房主体完工",
        date="2025-09-18",
        publisher="潮城新闻网",
        authors=("邵一帆",),
        editor=None,
        sentences=(),
        absent=(
            "首页",
            "视频",
            "版权所有",
        ),
        first="杭海城际铁路海宁高铁站站房主体结构近日完工，车站位于海宁西站站房北侧。",
        last="杭海城际铁路连接海宁市区和杭州市余杭区余杭站，全线设站12座。",
    ),
    "greening-rules": Expected(
        title="丰川市城市绿化管理办法",
        date="2025-02-10",
        publisher=None,
        authors=(),
        editor=None,
        sentences=("第三条　新建居住区绿地率不得低于30%，旧城改造区绿地率不得低于25%。",),
        headings=(
            "第一章　总则",
            "第二章　规划和建设",
            "第三章　附则",
        ),
        absent=("常务会议通过",),
        first=(
            "第一条　为了促进城市绿化事业的发展，改善生态环境，根据《城市绿化条例》等有关规定，结合本市实际，"
            "制定本办法。"
        ),
        last="第五条　本办法自2025年4月1日起施行。",
    ),
    "redhead-notice": Expected(
        title="丰川市人民政府关于印发《丰川市2025年大气污染防治工作方案》的通知",
        date="2025-03-20",
        publisher="丰川市人民政府",
        authors=(),
        editor=None,
        sentences=(
            "2025年全市细颗粒物（PM2.5）平均浓度控制在32微克/立方米以下，空气质量优良天数比率达到88%以上，全年完成挥发性有机物重点工程治理项目126个。",
            "注：细颗粒物指环境空气中空气动力学当量直径小于等于2.5微米的颗粒物。",
        ),
        headings=(
            "一、主要目标",
            "二、重点任务",
        ),
        absent=(
            "丰川市人民政府文件",
            "丰政发",
            "市政府各部门",
            "— 1 —",
            "— 2 —",
            "此件公开发布",
        ),
        first="现将《丰川市2025年大气污染防治工作方案》印发给你们，请认真贯彻执行。",
        last="各地要加强重污染天气应急管控，全年重污染天数控制在3天以内。",
    ),
    "portal-attachments": Expected(
        title="丰川市2025年义务教育招生工作实施意见解读",
        date="2025-06-03",
        publisher="丰川市教育局",
        authors=(),
        editor=None,
        sentences=(),
        headings=(
            "一、招生对象",
            "二、招生方式",
            "三、时间安排",
        ),
        absent=(
            ".docx",
            ".xlsx",
            "附件",
            "字体",
            "阅读次数",
            "打印",
            "当前位置",
            "版权所有",
        ),
        first="近日，丰川市教育局印发《丰川市2025年义务教育招生工作实施意见》，现就有关内容解读如下。",
        last="网上报名时间为7月1日至7月10日，录取结果于7月25日前公布。",
    ),
    "village": Expected(
        title="石门村的“领头雁”",
        date="2025-07-01",
        publisher="丰川日报",
        authors=(
            "王思远",
            "赵晓东",
        ),
        editor=None,
        sentences=("“下一步，我们要把茶园和乡村旅游结合起来。”",),
        absent=("通讯员",),
        first="石门村位于丰川市东北部山区，全村共有农户326户，过去是远近闻名的贫困村。",
        last="李春华说。",
    ),
    "metro-release": Expected(
        title="臺中捷運藍線綜合規劃獲行政院核定",
        date="2025-05-01",
        publisher="臺中市政府交通局",
        authors=(),
        editor=None,
        sentences=(),
        absent=(
            "聯絡人",
            "電話",
            "新聞稿",
        ),
        first="臺中市政府交通局今日表示，臺中捷運藍線綜合規劃已獲行政院核定，全長約24.78公里，共設20座車站。",
        last="交通局指出，藍線預計民國116年動工，民國124年完工通車。",
    ),
    "budget-table": Expected(
        title="丰川市2025年财政预算草案报告（摘要）",
        date="2025-01-08",
        publisher="丰川市财政局",
        authors=(),
        editor=None,
        sentences=("税收收入：2024年执行数（亿元） 61.7，2025年预算数（亿元） 65.8。",),
        first="2025年全市一般公共预算收入预计增长6.6%，一般公共预算支出安排充分保障重点领域需要，具体见下表。",
        last="全市民生支出占一般公共预算支出的比重保持在80%以上，教育支出安排31.2亿元。",
    ),
    "bulletin-pasted": Expected(
        title="丰川市2024年国民经济和社会发展统计公报",
        date="2025-03-18",
        publisher="丰川市统计局",
        authors=(),
        editor=None,
        sentences=(
            "其中，第一产业增加值98.2亿元，增长3.4%；",
            "年末全市常住人口为215.6万人，比上年末增加0.8万人，常住人口城镇化率为63.2%，比上年末提高0.9个百分点。",
        ),
        absent=("- 2 -",),
        first="2024年，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济运行稳中有进，高质量发展扎实推进。",
        last="全年城镇新增就业3.6万人，城镇调查失业率平均为5.0%。",
    ),
    "old-br": Expected(
        title="丰川县秋粮收购工作全面启动",
        date="2025-08-09",
        publisher="丰川县农业农村局",
        authors=(),
        editor=None,
        sentences=("今年全县秋粮播种面积52.3万亩，预计总产量24.6万吨，比上年增长2.1%。",),
        absent=(
            "点击",
            "打印",
            "主办",
        ),
        first="8月8日，丰川县秋粮收购工作全面启动，全县共设立收购网点36个。",
        last="收购期间，县市场监管局将开展计量器具专项检查，保护种粮农民利益。",
    ),
    "drill-bulletin": Expected(
        title="我县开展防汛应急演练",
        date="2025-09-01",
        publisher="丰川县应急管理局",
        authors=(),
        editor=None,
        sentences=(),
        absent=(
            "第12期",
            "简报",
            "报：",
            "送：",
        ),
        first="8月29日，丰川县在清溪河城区段开展2025年防汛应急综合演练，县防汛抗旱指挥部各成员单位共320余人参加。",
        last="此次演练共转移模拟受灾群众150人，出动冲锋舟12艘、抢险车辆26台。",
    ),
    "greenway-wechat": Expected(
        title="清溪河绿道全线贯通",
        date="2025-10-12",
        publisher="丰川发布",
        authors=("周雨桐",),
        editor="林小满",
        sentences=(),
        absent=(
            "在看",
            "阅读原文",
            "审核",
            "▼",
        ),
        first="清溪河绿道全长46.8公里，串联沿线8个乡镇、23个村。",
        last="预计每年可吸引游客超过200万人次，带动沿线农家乐和民宿发展。",
    ),
    "figure-news": Expected(
        title="清溪河湿地迎来越冬候鸟",
        date="2025-11-20",
        publisher="丰川晚报",
        authors=(
            "许晴",
            "孟凡",
        ),
        editor="胡月",
        sentences=("其中，国家一级保护鸟类东方白鹳首次在湿地被记录到，共有6只。",),
        absent=(
            "白鹭在清溪河湿地觅食",
            "责任编辑",
            "首页",
        ),
        first="入冬以来，清溪河湿地迎来大批越冬候鸟，监测到的鸟类已有86种。",
        last="湿地管理站工作人员介绍，今年湿地新增鸟类监测点4处，实现了全天候观测。",
    ),
    "hk-release": Expected(
        title="運輸署公布新巴士路線計劃",
        date="2025-05-01",
        publisher=None,
        authors=(),
        editor=None,
        sentences=(),
        absent=(
            "香港時間",
            "私隱政策",
            "主頁",
        ),
        first="運輸署今日（五月一日）公布二○二五至二六年度巴士路線計劃，新增巴士路線十二條。",
        last="運輸署會於六月前就各路線計劃諮詢相關區議會。",
    ),
    "html-table": Expected(
        title="丰川市2025年前三季度旅游业发展情况",
        date="2025-10-20",
        publisher="丰川市文化和旅游局",
        authors=(),
        editor=None,
        sentences=("旅游收入：数值 318.6亿元，同比增长 14.1%。",),
        absent=(
            "<t",
            "指标数值",
        ),
        first="前三季度，全市旅游业持续回暖，主要指标均实现较快增长。",
        last="四季度，全市将举办冰雪旅游节等活动23场。",
    ),
    "reprint": Expected(
        title="杭海城际铁路日均客流突破5万人次",
        date="2025-12-05",
        publisher="潮城日报",
        authors=(),
        editor="方晓敏",
        sentences=(),
        absent=(
            "原标题",
            "导读",
            "声明",
            "转载",
            "侵犯",
        ),
        first="开通运营后，杭海城际铁路已成为海宁市民往返杭州的主要通勤方式。",
        last="运营公司表示，明年将把高峰期发车间隔由8分钟缩短至6分钟。",
    ),
    "ecology-toc": Expected(
        title="丰川市2024年度生态环境质量报告",
        date="2025-05-20",
        publisher="丰川市生态环境局",
        authors=(),
        editor=None,
        sentences=(),
        headings=(
            "一、空气环境质量",
            "二、水环境质量",
            "三、声环境质量",
        ),
        absent=(
            "目　录",
            "目录",
            "\t",
        ),
        first="2024年，全市环境空气质量优良天数比率为90.4%，细颗粒物平均浓度为28微克/立方米。",
        last="城市区域声环境昼间平均等效声级为53.6分贝，质量等级为较好。",
    ),
    # The reader round's held-out set, run once (EVALUATION.md), then kept as regression data.
    "street-notice": Expected(
        title="关于开展2025年夏季城市道路桥梁安全隐患排查的通知",
        date="2025-05-26",
        publisher="临溪区住房和城乡建设局",
        authors=(),
        editor=None,
        sentences=("全区城市道路312公里、城市桥梁86座、下穿通道14处，以及沿线的排水设施和照明设施。",),
        absent=(
            "各镇（街道）、区直各部门",
            "附件",
            "排查表",
            "汇总表",
            "打印",
            "ICP",
            "当前的位置",
        ),
        first="为保障汛期城市道路桥梁运行安全，区住房和城乡建设局决定在全区开展夏季道路桥梁安全隐患排查，现将有关事项通知如下：",
        last="各单位要于7月15日前将排查总结报区住房和城乡建设局市政科，联系电话：0571-86001234。",
    ),
    "harbor-trad": Expected(
        title="基隆港西岸碼頭改建工程動工",
        date="2025-04-02",
        publisher="交通部航港局北部航務中心",
        authors=(),
        editor=None,
        sentences=(),
        absent=(
            "發布單位",
            "發布日期",
            "回上一頁",
            "列印",
        ),
        first="基隆港西岸碼頭改建工程今日動工，總經費新臺幣38.6億元，預計民國117年底完工。",
        last="北部航務中心指出，施工單位將設置噪音監測站6處，並於每月公布監測結果。",
    ),
    "disclosure-report": Expected(
        title="临溪区2024年度政府信息公开工作年度报告",
        date="2025-01-20",
        publisher="临溪区人民政府办公室",
        authors=(),
        editor=None,
        sentences=(
            "2024年，全区共主动公开政府信息12,486条，其中政策文件318件（含规范性文件46件），政策解读材料274篇，较上年增长9.6%。",
            "全年共收到政府信息公开申请521件，比上年增加37件；",
        ),
        absent=(
            "年报",
            "— 1 —",
            "— 2 —",
        ),
        first="根据《中华人民共和国政府信息公开条例》规定，现公布临溪区2024年度政府信息公开工作年度报告，报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
        last="2025年，区政府将进一步完善政府信息公开工作机制，加强对各部门政府信息公开工作的督促检查和业务培训。",
    ),
    "seawall-news": Expected(
        title="钱塘江海塘安澜工程完成年度目标",
        date="2025-12-28",
        publisher="潮城新闻网",
        authors=(
            "邵一帆",
            "郑佳",
        ),
        editor="方晓敏",
        sentences=("记者从市水利局获悉，今年全市完成海塘提标加固48.6公里，超额完成年度目标任务。",),
        absent=(
            "编者按",
            "图为",
            "摄",
            "来源：潮城日报",
            "相关阅读",
            "首期开工",
            "观潮节今日开幕",
            "版权所有",
            "客户端",
        ),
        first="钱塘江海塘是杭嘉湖平原的安全屏障。",
        last="工程同步建设沿江绿道62公里，串联起沿线12个观潮点。",
    ),
}


@pytest.fixture(scope="module")
def layouts() -> Corpus:
    return load_corpus(LAYOUTS)


@pytest.fixture(scope="module")
def layouts_index(layouts: Corpus) -> ReportIndex:
    return build_index(layouts)


def _article(corpus: Corpus, article_id: str) -> tuple[Article, list[str], set[str | None]]:
    number = next(n for n, article in enumerate(corpus.articles) if article.id == article_id)
    sentences = [s for s in corpus.sentences if s.article == number]
    return corpus.articles[number], [s.text for s in sentences], {s.heading for s in sentences}


def test_every_layout_file_is_read(layouts: Corpus) -> None:
    assert {article.id for article in layouts.articles} == set(EXPECTED)
    assert all(status.skipped is None for status in layouts.files)


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_the_header_is_what_the_page_shows(layouts: Corpus, article_id: str) -> None:
    article, _, _ = _article(layouts, article_id)
    expected = EXPECTED[article_id]
    assert (article.title, article.date, article.publisher, article.authors, article.editor) == (
        expected.title,
        expected.date,
        expected.publisher,
        expected.authors,
        expected.editor,
    )


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_the_sentences_are_the_article_without_page_furniture(layouts: Corpus, article_id: str) -> None:
    _, sentences, headings = _article(layouts, article_id)
    expected = EXPECTED[article_id]
    for sentence in expected.sentences:
        assert sentence in sentences
    text = "\n".join(sentences) + "\n".join(heading or "" for heading in headings)
    for word in expected.absent:
        assert word not in text, word
    assert set(expected.headings) <= headings
    assert expected.first in (None, sentences[0])
    assert expected.last in (None, sentences[-1])
    # A line the PDF or the page broke before its punctuation is no sentence of its own.
    assert not any(sentence[0] in "。，、；：）%" for sentence in sentences)
    # The date, info and issuer lines under the title are header, never a section heading.
    assert not any(heading and find_date(heading) for heading in headings)


@pytest.mark.parametrize(
    ("question", "article_id", "words"),
    [
        ("临川市城乡居民医保个人每年缴费多少？", "gov-notice", "380元"),
        ("广茂铁路全长多少公里？", "portal-news", "364.6公里"),
        ("桃園捷運綠線何時通車？", "taoyuan-big5", "民國115年"),
        ("云溪县茶叶产量是多少？", "statistics", "1.36万吨"),
        ("青石市办理行政处罚案件多少件？", "rule-of-law", "4,127件"),
        ("南湖区考核断面优良比例是多少？", "environment", "91.7%"),
        ("石桥镇招聘会提供多少个岗位？", "job-fair", "1,280个"),
        ("梅溪县农村卫生厕所普及率是多少？", "sanitation", "93.5%"),
        ("青川县第五批县级非物质文化遗产代表性项目有多少项？", "gov-table", "14项"),
        ("全区要排查多少座城市桥梁？", "street-notice", "86座"),
        ("基隆港西岸碼頭改建總經費多少？", "harbor-trad", "38.6億元"),
        ("临溪区全年收到多少件政府信息公开申请？", "disclosure-report", "521件"),
        ("海塘安澜工程总投资多少？", "seawall-news", "156亿元"),
        ("杭海城际铁路日均客流多少？", "reprint", "5.2万人次"),
        ("丰川市国控断面水质优良比例是多少？", "ecology-toc", "100%"),
        ("清溪河湿地监测到多少种鸟类？", "figure-news", "86种"),
        ("新巴士路線每日可服務多少乘客？", "hk-release", "四萬人次"),
        ("丰川市前三季度旅游收入多少？", "html-table", "318.6亿元"),
        ("丰川市第二产业增加值是多少？", "bulletin-pasted", "512.7亿元"),
        ("丰川县设立了多少个秋粮收购网点？", "old-br", "36个"),
        ("演练出动了多少艘冲锋舟？", "drill-bulletin", "12艘"),
        ("清溪河绿道全长多少公里？", "greenway-wechat", "46.8公里"),
        ("丰川市共设多少个招生片区？", "portal-attachments", "147个"),
        ("石门村合作社年产值多少？", "village", "860万元"),
        ("臺中捷運藍線總經費多少？", "metro-release", "1,469億元"),
        ("2025年丰川市税收收入预算是多少亿元？", "budget-table", "65.8"),
        ("西巴丹岛面积多大？", "wetland-post", "4万平方米"),
        ("杭海城际铁路设站多少座？", "logo-h1", "12座"),
        ("新建居住区绿地率不得低于多少？", "greening-rules", "30%"),
        ("丰川市2025年要完成多少个挥发性有机物治理项目？", "redhead-notice", "126个"),
        ("丰川市有多少处地质灾害隐患点？", "flood-notice", "1,326处"),
        ("科技活动周安排了多少场活动？", "science-week", "86场"),
        ("海宁西站站房面积多少？", "ferry-station", "4,933平方米"),
        ("岩手宫城内陆地震后震度1以上的余震有多少次？", "quake-news", "511次"),
        ("加国政府为一吨碳挑战投入了多少经费？", "wechat-carbon", "4亿5000万加元"),
        ("同治末年寶桑有多少戶漢人定居？", "taitung-minguo", "28戶"),
        ("丰川县有多少座小型水库？", "reservoir-check", "47座"),
        ("丰川市上半年社会消费品零售总额是多少？", "economy-punct", "428.6亿元"),
        ("交银金融大厦中庭高度是多少？", "tower-columns", "163.4米"),
    ],
)
def test_a_question_is_answered_from_the_layout_file(
    layouts_index: ReportIndex, question: str, article_id: str, words: str
) -> None:
    result = answer(layouts_index, question)
    assert result is not None
    best = result.items[0]
    assert best.article.id == article_id
    assert words in best.text


def test_a_question_the_files_do_not_answer_is_refused(layouts_index: ReportIndex) -> None:
    result = answer(layouts_index, "火星上有多少座城市？")
    assert result is None or not result.items


@pytest.mark.parametrize(
    ("line", "publisher", "date", "authors"),
    [
        ("青石市人民政府　2024年2月28日", "青石市人民政府", "2024-02-28", []),
        ("云溪县统计局", "云溪县统计局", None, []),
        ("2024/01/22　記者 張嘉文／桃園報導", None, "2024-01-22", ["張嘉文"]),
    ],
)
def test_an_issuer_or_dated_byline_under_the_title_is_header(
    line: str, publisher: str | None, date: str | None, authors: list[str]
) -> None:
    metadata = Metadata()
    assert read_issuer_line(line, metadata)
    assert (metadata.publisher, metadata.date, metadata.authors) == (publisher, date, authors)


@pytest.mark.parametrize("line", ["一、综合", "2024年工作安排", "全面推进乡村振兴", "2024-01-22 新的一年"])
def test_headings_and_prose_are_no_issuer_lines(line: str) -> None:
    assert not read_issuer_line(line, Metadata())


@pytest.mark.parametrize(
    "line",
    [
        "分享到：微信 微博 QQ空间",
        "上一篇：石桥镇召开安全生产工作会议",
        "扫一扫在手机打开当前页",
        "【打印本页】【关闭窗口】【返回顶部】",
        "版权所有：临川市人民政府　赣ICP备12003456号-1",
        "本網站著作權屬北台灣新聞網所有　Copyright (C) 2024",
    ],
)
def test_page_furniture_lines_are_no_text(line: str) -> None:
    assert classify_line(line) is LineKind.PAGE


def test_the_end_mark_of_a_story_leaves_its_last_sentence() -> None:
    assert strip_end_mark("帮助农村劳动力就近就业。（完）") == "帮助农村劳动力就近就业。"
    assert strip_end_mark("全文到此。(END)") == "全文到此。"
    assert strip_end_mark("工作完成情况") == "工作完成情况"


def test_markdown_markup_is_not_text() -> None:
    document = read_markdown(
        "# 标题\n\n正文**加粗**和[链接](http://a.cn)。\n\n小节\n----\n\n- 条目一。\n\n"
        "| 项 | 值 |\n|--|--|\n| 甲 | 1 |\n".encode()
    )
    assert document.lines[0] == "标题"
    assert "正文加粗和链接。" in document.lines
    assert "条目一。" in document.lines
    assert "甲：值 1。" in document.lines
    assert document.headings == {"小节"}


def test_a_table_of_labels_and_values_gives_header_lines_and_facts() -> None:
    rows = [
        ["索 引 号：", "000014349/2024-00087", "发文机关：", "青川县人民政府"],
        ["成文日期：", "2024年05月20日", "项目名称：", "青川竹编"],
    ]
    assert table_sentences(rows) == [
        "索引号：000014349/2024-00087",
        "发文机关：青川县人民政府",
        "成文日期：2024年05月20日",
        "项目名称：青川竹编。",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "各县（区）人民政府，市直有关单位：",
        "各镇（街道）、区直各部门，各有关单位：",
        "市人民政府：",
        "尊敬的各位来宾：",
    ],
)
def test_an_addressee_line_is_a_salutation(line: str) -> None:
    assert is_salutation(line)


@pytest.mark.parametrize("line", ["现将有关事项通知如下：", "具体安排如下：", "主要做法是：", "一、参保范围"])
def test_a_line_leading_into_a_list_is_no_salutation(line: str) -> None:
    assert not is_salutation(line)


def test_a_notice_signed_at_its_end_takes_issuer_and_date_from_the_signature(layouts: Corpus) -> None:
    article, _, headings = _article(layouts, "flood-notice")
    lines = dict(article.header_lines)
    assert (lines["publisher"], lines["date"]) == ("丰川市人民政府办公室", "2025年4月18日")
    assert "丰川市人民政府办公室" not in headings  # the signature never heads a section


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("二〇二五年三月六日", "2025-03-06"),
        ("二〇二四年十二月三十一日", "2024-12-31"),
        ("中華民國114年3月8日起每週六舉行", "2025-03-08"),
        ("民国113年10月1日", "2024-10-01"),
        ("共114-03-05件", None),  # a bare 民國 year is a date only in a date field
    ],
)
def test_dates_in_chinese_numerals_and_republic_years_are_read(text: str, date: str | None) -> None:
    assert find_date(text) == date


def test_a_date_field_reads_a_bare_republic_year() -> None:
    assert find_field_date("114-03-05") == "2025-03-05"
    assert find_field_date("2025-03-05") == "2025-03-05"


def test_labels_padded_for_the_eye_are_the_labels() -> None:
    assert labelled_fields("发布时间：\u30002025-05-18\u3000\u3000来\u3000\u3000源：丰川市科学技术局") == [
        ("date", "2025-05-18"),
        ("publisher", "丰川市科学技术局"),
    ]


def test_a_pdf_line_opening_with_punctuation_goes_on_the_line_before() -> None:
    lines = read_pdf((LAYOUTS / "economy-punct.pdf").read_bytes()).lines
    assert "分行业看，35个工业大类行业中有26个行业增加值保持增长，增长面为74.3%。" in lines
    assert not any(line[0] in "。，、；%" for line in lines)


def test_a_pdf_in_two_columns_reads_each_column_down_and_on_into_the_next() -> None:
    lines = read_pdf((LAYOUTS / "tower-columns.pdf").read_bytes()).lines
    # the third paragraph starts at the foot of the left column and ends at the head of the right one
    assert (
        "两座梯形塔楼之间以中庭连接，中庭从地面一直伸展到南塔楼顶部，高度达163.4米。"
        "交银金融大厦是交通银行总部，部分楼层在设计上配合该行需要。"
    ) in lines
    assert len(lines) == 7  # title, masthead, four paragraphs, the page's folio


def test_a_utf16_text_file_is_read() -> None:
    data = (LAYOUTS / "tower-utf16.txt").read_bytes()
    assert read_plain(data).lines[0] == "交银金融大厦简介"
    without_bom = data[2:]  # UTF-16 little-endian with no BOM, as some converters write it
    assert read_plain(without_bom).lines[0] == "交银金融大厦简介"


@pytest.mark.parametrize(
    "line",
    [
        "字号：【大 中 小】",
        "【字体：大 中 小】",
        "抄送：市委办公室，市人大常委会办公室，市政协办公室。",
        "丰川市人民政府办公室　　　　2025年4月18日印发",
    ],
)
def test_type_size_buttons_and_distribution_footers_are_no_text(line: str) -> None:
    assert classify_line(line) is LineKind.PAGE


@pytest.mark.parametrize(
    "line",
    [
        "改造后的候车大厅。记者 沈晓峰 摄",
        "地震造成的山体滑坡。新华社记者 吴强 摄",
        "图为加固后的海塘。（记者 邵一帆 摄）",
    ],
)
def test_photo_credits_mark_captions(line: str) -> None:
    assert classify_line(line) is LineKind.CAPTION


@pytest.mark.parametrize("line", ["点击上方蓝字关注我们", "长按识别二维码关注我们", "阅读原文"])
def test_account_promotions_are_no_text(line: str) -> None:
    assert classify_line(line) is LineKind.PROMO


def test_an_editors_note_keeps_its_text_without_its_label() -> None:
    assert strip_editor_note_label("【编者按】2008年6月14日，日本发生强烈地震。") == "2008年6月14日，日本发生强烈地震。"
    assert strip_editor_note_label("编者按：海宁西站开通十五年来。") == "海宁西站开通十五年来。"


def test_the_masthead_of_an_official_document_is_its_issuer_not_its_title(layouts: Corpus) -> None:
    article, _, _ = _article(layouts, "redhead-notice")
    assert dict(article.header_lines)["publisher"] in ("丰川市人民政府文件", "丰川市人民政府")
    metadata = Metadata()
    assert read_masthead("丰川市人民政府文件", metadata)
    assert metadata.publisher == "丰川市人民政府"
    assert not read_masthead("关于转发省政府文件的通知", Metadata())


def test_a_footnote_waits_for_the_paragraph_it_interrupts() -> None:
    lines = read_pdf((LAYOUTS / "redhead-notice.pdf").read_bytes()).lines
    goals = next(n for n, line in enumerate(lines) if line.startswith("2025年全市细颗粒物"))
    assert lines[goals].endswith("治理项目126个。")  # whole, though its page ends in a footnote
    assert lines[goals + 1].startswith("注：细颗粒物指")


def test_a_numbered_heading_after_a_full_line_starts_its_own_paragraph() -> None:
    lines = read_pdf((LAYOUTS / "redhead-notice.pdf").read_bytes()).lines
    assert "一、主要目标" in lines
    assert "现将《丰川市2025年大气污染防治工作方案》印发给你们，请认真贯彻执行。" in lines


def test_front_matter_gives_the_header_and_is_no_text() -> None:
    document = read_markdown((LAYOUTS / "wetland-post.md").read_bytes())
    assert document.lines[0] == "西巴丹岛公园范围扩大至环岛海域"
    assert (document.info.date, document.info.publisher, document.info.authors) == ("2025-04-22", "南洋时报", ("钱文",))
    assert not any("draft" in line or line.startswith("---") for line in document.lines)


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("（2025年2月10日丰川市人民政府第12次常务会议通过）", "2025-02-10"),
        ("(2024年6月1日发布)", "2024-06-01"),
    ],
)
def test_a_regulations_adoption_note_gives_its_date(line: str, date: str) -> None:
    metadata = Metadata()
    assert read_adoption_note(line, metadata)
    assert metadata.date == date


def test_a_logo_in_h1_is_not_the_headline(layouts: Corpus) -> None:
    article, _, _ = _article(layouts, "logo-h1")
    assert (article.title, article.publisher) == ("海宁高铁站站房主体完工", "潮城新闻网")


def test_a_table_set_at_column_stops_in_a_pdf_reads_as_rows_with_their_header() -> None:
    lines = read_pdf((LAYOUTS / "budget-table.pdf").read_bytes()).lines
    assert "一般公共预算收入：2024年执行数（亿元） 86.4，2025年预算数（亿元） 92.1。" in lines
    assert not any(line.startswith("项目") for line in lines)  # the header row heads the rows, no paragraph


def test_a_genre_label_over_the_headline_is_not_the_title(layouts: Corpus) -> None:
    article, _, _ = _article(layouts, "metro-release")
    assert article.title == "臺中捷運藍線綜合規劃獲行政院核定"


def test_text_copied_from_a_pdf_viewer_is_joined_back_into_paragraphs() -> None:
    lines = read_plain((LAYOUTS / "bulletin-pasted.txt").read_bytes()).lines
    assert (
        "　　2024年，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济运行稳中有进，高质量发展扎实推进。"
        in lines
    )
    assert "- 2 -" not in lines


def test_text_written_one_paragraph_a_line_is_left_as_it_is() -> None:
    data = (LAYOUTS / "renovation.txt").read_bytes()
    assert read_plain(data).lines == tuple(data.decode("gb18030").split("\n"))


def test_a_bulletins_masthead_and_issue_are_header_and_its_story_is_the_title(layouts: Corpus) -> None:
    article, _, _ = _article(layouts, "drill-bulletin")
    assert (article.title, article.publisher, article.date) == (
        "我县开展防汛应急演练",
        "丰川县应急管理局",
        "2025-09-01",
    )
    assert is_issue_line("第12期")
    assert is_issue_line("（总第156期）")
    assert not is_issue_line("第12期培训班开班")


def test_an_old_page_titled_with_its_office_takes_the_headline_above_the_info_line(layouts: Corpus) -> None:
    article, _, headings = _article(layouts, "old-br")
    assert article.title == "丰川县秋粮收购工作全面启动"
    assert headings == {None}  # the view counter 「288」 heads nothing


def test_a_date_run_into_a_by_line_names_no_one() -> None:
    assert split_names("周雨桐　2025-10-12 18:30") == ["周雨桐"]


def test_a_short_article_is_read_paragraph_by_paragraph_without_its_caption() -> None:
    # under trafilatura's default size its baseline glued this <article> into one block, caption and all
    lines = read_web_page((LAYOUTS / "figure-news.html").read_bytes()).lines
    assert "入冬以来，清溪河湿地迎来大批越冬候鸟，监测到的鸟类已有86种。" in lines
    assert not any("白鹭在清溪河湿地觅食" in line for line in lines)


def test_a_closing_date_line_with_its_weekday_in_brackets_dates_the_release(layouts: Corpus) -> None:
    article, _, headings = _article(layouts, "hk-release")
    assert (article.title, article.date) == ("運輸署公布新巴士路線計劃", "2025-05-01")
    assert "完" not in headings
    assert is_date_line("2025年5月1日（星期四）")


def test_a_raw_html_table_in_markdown_reads_as_rows() -> None:
    lines = read_markdown((LAYOUTS / "html-table.md").read_bytes()).lines
    assert "接待游客：数值 2,864万人次，同比增长 12.4%。" in lines
    assert not any("<" in line for line in lines)


@pytest.mark.parametrize(
    "line",
    [
        "声明：转载此文是出于传递更多信息之目的。若有来源标注错误，请与本网联系。",
        "【免责声明】本文仅代表作者本人观点。",
    ],
)
def test_a_reprint_disclaimer_is_no_text(line: str) -> None:
    assert classify_line(line) is LineKind.PAGE


def test_a_reprints_original_headline_is_header() -> None:
    assert is_metadata_line("原标题：城际铁路成为通勤新选择")


def test_a_publisher_date_and_by_line_on_one_unlabelled_line_are_all_read() -> None:
    metadata = Metadata()
    assert read_issuer_line("潮城新闻网　2025年12月28日　记者 邵一帆 通讯员 郑佳", metadata)
    assert (metadata.publisher, metadata.date, metadata.authors) == ("潮城新闻网", "2025-12-28", ["邵一帆", "郑佳"])


def test_a_year_read_as_the_first_of_january_is_no_date(layouts: Corpus) -> None:
    # trafilatura dates this page 2025-01-01 from its copyright year; its own closing line says 5 May
    assert read_web_page((LAYOUTS / "hk-release.html").read_bytes()).info.date is None
    article, _, _ = _article(layouts, "hk-release")
    assert article.date == "2025-05-01"
