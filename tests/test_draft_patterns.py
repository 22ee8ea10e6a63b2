"""The relation finders, each on short real sentences: what it drafts, and what it must not.

Every finder of the registry has rows here (``CASES``): a text, and either the shape of the
check it must draft with the verdict jinsha gives, or ``None`` for a text where drafting
anything would be a false alarm. The ``None`` rows are sentences from People's Daily that
earlier drafts misread (each one cited in the issue or found in the corpus run).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import jinsha_cli as jinsha
from jinsha_cli.draft import patterns as patterns_package
from jinsha_cli.draft.extract import draft_factbook, extract
from jinsha_cli.draft.patterns import PATTERNS

# (pattern id, text, a regular expression the drafted check matches or None, verdict)
CASES = [
    # breakdowns: 其中 names parts (each at most the total); 第一/二/三产业, 合计 and 加上…总量为 are all of it
    ("breakdowns", "新冠肺炎患者在院治疗10372人，其中重症患者3082人，危重症患者838人。", r"<= ", "pass"),
    ("breakdowns", "意大利累计有229人确认感染新冠病毒，其中6人死亡，2人治愈出院。", r"<= ", "pass"),
    (
        "breakdowns",
        "全县共有合作社412家，其中，国家级示范社3家、省级示范社15家、市级示范社37家。",
        r"<= .* and ",
        "pass",
    ),
    ("breakdowns", "全县共有合作社41家，其中，国家级示范社3家、省级示范社15家、市级示范社42家。", r"<= ", "fail"),
    (
        "breakdowns",
        "全年地区生产总值186.4亿元，增长5.8%。其中，第一产业增加值32.6亿元，第二产业增加值61.3亿元，第三产业增加值92.5亿元。",
        r"== sum\(",
        "pass",
    ),
    (
        "breakdowns",
        "全国一般公共预算收入190382.23亿元，为预算的98.9%。加上调入资金及使用结转结余22160.95亿元，收入总量为212543.18亿元。",
        r"== sum\(",
        "pass",
    ),
    ("breakdowns", "包菜9元，大蒜7元，花菜6.5元，合计22.5元。", r"== sum\(", "pass"),
    ("breakdowns", "包菜9元，大蒜7元，花菜6.5元……合计65元。", r"sum\(.*\) <= ", "pass"),  # …… : only some parts
    (
        "breakdowns",
        "辍学学生人数由2019年5月底的29万减少至6.5万，其中建档立卡贫困家庭学生人数由15万减少至2.7万。",
        None,
        "",
    ),
    (
        "breakdowns",
        "2013年以来中央财政划拨奖补资金157亿元，其中2018年45亿元，补助最高的每月达到2000元。",
        r"<= ",
        "pass",
    ),
    ("breakdowns", "已资助130个项目，涉及英、法、西、阿等26个语种，其中97个项目已出版结项。", r"<= ", "pass"),
    ("breakdowns", "全国统调电厂煤炭库存可用25天，处于合理水平；其中湖北可用44天，处于高位。", None, ""),
    ("breakdowns", "累计管理住院患者4997人次，其中重症844人次、危重症477人次，护理患者5032人次。", r"<= ", "pass"),
    ("breakdowns", "每门课开放3—5个选课名额，总共129个。", None, ""),
    (
        "breakdowns",
        "新增就业39.1万人，其中，城镇新增就业12.2万人，农村新增就业26.9万人；城乡新增残疾人实名培训40.5万人。",
        r"<= ",
        "pass",
    ),
    # national revenue: central revenue plus local own-level (本级) revenue
    (
        "breakdowns",
        "中央国有资本经营预算收入1691.65亿元，下降5.8%。地方国有资本经营预算本级收入1946.61亿元，下降10%。"
        "汇总中央和地方预算，全国国有资本经营预算收入3638.26亿元，下降8.1%。",
        r"== \S+ \+ \S+$",
        "pass",
    ),
    (
        "breakdowns",  # made up: 1691.65 + 1946.61 is 3638.26
        "中央国有资本经营预算收入1691.65亿元，下降5.8%。地方国有资本经营预算本级收入1946.61亿元，下降10%。"
        "汇总中央和地方预算，全国国有资本经营预算收入3738.26亿元，下降8.1%。",
        r"== \S+ \+ \S+$",
        "fail",
    ),
    (
        "breakdowns",  # 地方…收入 without 本级 holds the centre's transfers: never summed
        "中央一般公共预算收入89305.41亿元。地方一般公共预算收入175491.92亿元。全国一般公共预算收入190382.23亿元。",
        r"^\S+ <= \S+ and ",
        "pass",
    ),
    # sums: figures of one paragraph that add up exactly at their printed precision
    (
        "sums",
        "十三届全国人大三次会议应出席代表2956人。22日上午的会议，出席2897人，缺席59人，出席人数符合法定人数。",
        r"== sum\(",
        "pass",
    ),
    (
        "sums",
        "加上调入资金及使用结转结余22160.95亿元，收入总量为212543.18亿元。全国一般公共预算支出238874.02亿元，"
        "完成预算的101.5%，增长8.1%。加上补充中央预算稳定调节基金1269.16亿元，支出总量为240143.18亿元。"
        "收支总量相抵，赤字27600亿元，与预算持平。",
        r"^\S+ == \S+ - \S+$",  # the deficit: what is left of the spending over the revenue
        "pass",
    ),
    (
        "sums",
        "分部门看，住户部门贷款增加7.43万亿元，其中，短期贷款增加1.98万亿元，中长期贷款增加5.45万亿元；"
        "非银行业金融机构贷款减少933亿元。",
        r"== sum\(",  # amounts of change of one direction add up too
        "pass",
    ),
    (
        "sums",
        "全国共有环境资源专门审判机构1353个，其中环境资源审判庭513个、合议庭749个、人民法庭91个。",
        r"== sum\(\S+, \S+, \S+\)",
        "pass",
    ),
    # across paragraphs of one section, when the three are named alike (…赤字)
    (
        "sums",
        "一、2019年执行情况\n收支总量相抵，赤字27600亿元，与预算持平。\n"
        "中央一般公共预算收入89305.41亿元。收支总量相抵，中央财政赤字18300亿元，与预算持平。\n"
        "地方一般公共预算收入175491.92亿元。收支总量相抵，地方财政赤字9300亿元，与预算持平。\n",
        r"== sum\(",
        "pass",
    ),
    # two parks' firms, in two paragraphs: 119户 = 101户 + 18户 pins too few digits
    (
        "sums",
        "宜宾高新技术产业园区位于四川省宜宾市，现有“四上企业”101户、规模以上工业企业69户、高新技术企业18户，"
        "2019年工业总产值达500亿元。\n"
        "南充高新技术产业园区位于四川省南充市。2019年，园区新入驻企业119户，营业总收入522.38亿元。\n",
        None,
        "",
    ),
    # 4 = 3 + 1 pins no digit; 20 = 103 − 83 is a coincidence of three lists
    ("sums", "国内每3台冰箱、每4台洗衣机、每5台空调就有1台是安徽造。", None, ""),
    (
        "sums",
        "“养身子”，结合整改落实，推动83个党组织完成换届、新设103个党小组，推动制定97项制度；"
        "“迈步子”，选树66个先进党支部、确定20个后进党支部。",
        None,
        "",
    ),
    # changes: 由 a 到 b, with a change stated beside it
    # a change of an amount per head: the rate is the change over the amount before it (the
    # second is made up: 2108 / (42359 - 2108) is 5.2%)
    ("changes", "2018年，油料人均占有量为24.7公斤，比1996年增加6.5公斤，增长35.7%。", r" / \(\S+ - \S+\) == ", "pass"),
    (
        "changes",
        "城镇居民人均可支配收入42359元，比上年增加2108元，增长6.2%。",
        r" / \(\S+ - \S+\) == ",
        "fail",
    ),  # made up: 5.2%
    ("changes", "辍学学生人数由29万减少至6.5万，减少22.5万。", r"< .* and .* == ", "pass"),
    ("changes", "增值税税率从16%降至13%。", r"^\S+ < \S+$", "pass"),
    ("changes", "将赤字率从2.8%提高至3.6%，提高0.8个百分点。", r"\* 100 == ", "pass"),
    ("changes", "国有文艺院团财政补贴由101亿元增加到154亿元，年均增长近9%。", r"^\S+ > \S+$", "pass"),  # 年均: no ratio
    ("changes", "每个小组由3人到5人组成。", None, ""),  # a range, not a move
    # changes: a level against the level it is compared with (比1996年的 b), and each change stated
    (
        "changes",
        "2018年达到5621公斤，比1996年的4483公斤增加了1138公斤，增长25%以上。",
        r"^\S+ - \S+ == \S+ and \S+ / \S+ - 1 == \S+$",
        "pass",
    ),
    (
        "changes",  # two comparisons of one level; the qualifier 左右 widens it
        "中国人均粮食占有量达到470公斤左右，比1996年的414公斤增长了14%，比1949年新中国成立时的209公斤增长了126%。",
        r"^\S+ / \S+ - 1 == \S+$",
        "pass",
    ),
    ("changes", "2018年产量近6.6亿吨，比1996年的5亿吨增产30%以上，比1978年的3亿吨增产116%。", r" / ", "pass"),
    ("changes", "2018年，谷物产量6.1亿吨，占粮食总产量的90%以上，比1996年的4.5亿吨增加1.6亿吨。", r" - ", "pass"),
    ("changes", "中国农村贫困人口数量1660万人，较2012年末的9899万人减少了8239万人。", r" - ", "pass"),
    ("changes", "2018年，农业科技进步贡献率达到58.3%，比1996年的15.5%提高了42.8个百分点。", r"\* 100 == ", "pass"),
    ("changes", "2018年全国实施环境行政处罚案件18.6万件，比2014年的8.3万件增加了124%。", r" / ", "pass"),
    ("changes", "国有及国有控股工业企业实现利润2392亿元，比1997年的806亿元增长1.97倍。", None, ""),  # 倍: read two ways
    ("changes", "2018年全国孕产妇死亡率为18.3/10万，比1990年的88.8/10万下降了79.4个百分点。", None, ""),  # no rates
    ("changes", "2019年古巴接待外国游客约430万人次，较2018年的470多万人次有所减少。", None, ""),
    # changes: a level with its difference and its rate: the rate is the difference over the level before
    (
        "changes",
        "2020年1—4月，全国一般公共预算支出73595.89亿元，同比减少2071.32亿元，下降2.7%。",
        r" / \(\S+ \+ \S+\) == ",
        "pass",
    ),
    ("changes", "全国一般公共预算支出73595.89亿元，同比减少2071.32亿元，年均下降2.7%。", None, ""),  # an average
    # growth: the same phrase a year before, printed elsewhere (the budget's 2020 lines)
    (
        "growth",
        "一、2019年执行情况\n公共安全支出1839.45亿元，完成预算的102.3%。\n二、2020年预算\n公共安全支出1832.72亿元，增长0.7%。\n",
        r" / .* - 1 == ",
        "fail",  # bud-127: 1832.72 is below 1839.45
    ),
    (
        "growth",
        "一、2019年执行情况\n国防支出11896.56亿元。\n二、2020年预算\n国防支出12680.05亿元，增长6.6%。\n",
        r" / .* - 1 == ",
        "pass",
    ),
    (
        "growth",
        "一、2019年执行情况\n中央预算内投资资金5776亿元。\n二、2020年预算\n中央预算内投资安排6000亿元，比上年增加224亿元。\n",
        r" - .* == ",
        "pass",
    ),
    ("growth", "2019年国防支出11896.56亿元。2020年国防支出12680.05亿元，同比增长6.6%。", r" / .* - 1 == ", "pass"),
    ("growth", "2019年1—4月税收收入5万亿元。2020年税收收入4万亿元，下降20%。", None, ""),  # another period
    (
        "growth",  # the shorter phrase of the same quantity, under the same section scope
        "（三）2019年地方一般公共预算\n地方一般公共预算收入175491.92亿元，其中，本级收入101076.82亿元，增长3.2%。\n"
        "（二）2020年地方一般公共预算\n地方一般公共预算本级收入97500亿元，下降3.5%。\n",
        r"^1 - .* / .* == ",
        "pass",
    ),
    (
        "growth",  # two 本级支出 the year before: the one under the same section title
        "（二）2019年政府性基金预算收支情况\n中央政府性基金预算支出4178.86亿元，其中，本级支出3113.41亿元。\n"
        "（三）2019年国有资本经营预算收支情况\n中央国有资本经营预算支出1108.8亿元，其中，本级支出986.55亿元。\n"
        "（五）2020年政府性基金预算收入预计和支出安排\n中央政府性基金预算本级支出2781.32亿元，下降10.7%。\n",
        r"^1 - .* / .* == ",
        "pass",
    ),
    (
        "growth",  # two 本级支出 the year before and no section to tell them apart: nothing
        "2019年中央政府性基金预算本级支出3113.41亿元。中央国有资本经营预算本级支出986.55亿元。\n"
        "2020年本级支出2781.32亿元，下降10.7%。\n",
        None,
        "",
    ),
    (
        "growth",  # one quantity in another word order, and 万亿 against 亿
        "2019年新增地方政府专项债券21500亿元，较2018年增加8000亿元。\n"
        "2020年安排地方政府新增专项债券3.75万亿元，比去年增加1.6万亿元。\n",
        r"^\S+ - \S+ == \S+$",
        "pass",
    ),
    (
        "growth",  # a name of two characters under the same section title
        "一、2019年预算执行情况\n（一）全国一般公共预算\n全国一般公共预算支出238874.02亿元。赤字27600亿元，与预算持平。\n"
        "二、2020年预算草案\n（三）全国一般公共预算\n全国一般公共预算支出247850亿元。赤字37600亿元，比2019年增加10000亿元。\n",
        r"^\S*deficit - \S*deficit == ",
        "pass",
    ),
    (
        "growth",  # ... and not under another one
        "一、2019年预算执行情况\n（一）一般公共预算\n赤字27600亿元，与预算持平。\n"
        "二、2020年预算草案\n（三）政府性基金预算\n赤字37600亿元，比2019年增加10000亿元。\n",
        None,
        "",
    ),
    (
        "growth",  # a change repeated each year is the change of its level against the year before
        "2019年，中央财政补助地方专项扶贫资金1261亿元。\n2020年，中央财政补助地方专项扶贫资金安排1461亿元，连续五年每年增加200亿元。\n",
        r" - .* == ",
        "pass",
    ),
    (
        "growth",  # the change is about the level before the parentheses, not the one inside
        "一、2019年执行情况\n中央预备费500亿元。全国一般公共预算支出238874.02亿元。\n"
        "二、2020年预算\n全国一般公共预算支出247850亿元（含中央预备费500亿元），增长3.8%。\n",
        r"^\S*expenditure / \S* - 1 == ",
        "pass",
    ),
    (
        "growth",  # 加上2018年结转收入 gives one figure its year, not the paragraph after it
        "（二）2019年政府性基金预算收支情况\n中央政府性基金预算收入4039.62亿元。加上2018年结转收入360.4亿元。\n"
        "中央政府性基金预算支出4178.86亿元。\n（五）2020年政府性基金预算\n中央政府性基金预算支出3900亿元，下降6.7%。\n",
        r"^1 - .* / .* == ",
        "pass",
    ),
    # points: a rate and its points against the same rate a year before
    ("points", "2018年城镇化率为45.1%。2019年城镇化率达到46.3%，比上年提高1.2个百分点。", r"\* 100 == ", "pass"),
    ("points", "2018年城镇化率为45.1%。2019年城镇化率达到46.3%，比上年提高1.5个百分点。", r"\* 100 == ", "fail"),
    # restatements: one quantity stated twice, each statement its own fact, tied by a rule
    ("restatements", "发行抗疫特别国债1万亿元。\n抗疫特别国债1万亿元，全部转给地方。", r"^\S+ == \S+$", "pass"),
    (
        "restatements",
        "去年我国航班正常率80.13%\n　　专项行动开展以来，全年航班正常率达80.13%，为2010年以来最高水平。",
        r"^\S+ == \S+$",
        "pass",
    ),  # a headline and its paragraph
    (
        "restatements",
        "奖补资金惠及127万名乡村教师\n　　惠及中西部725个县8万多所乡村学校127万名教师，补助最高的每月达到2000元。",
        r"^\S+ == \S+$",
        "pass",
    ),  # the same count of the same people (教师 / 乡村教师)
    (
        "restatements",
        "广义货币（M2）余额198.65万亿元，同比增长8.7%。\nM2同比增长8.7%，增速比上月末高0.5个百分点。",
        r"growth == \S+growth$",
        "pass",
    ),  # an alias the text defines
    (
        "restatements",
        "起诉金融诈骗、破坏金融管理秩序犯罪40178人，同比上升25.3%。起诉破坏军事设施、破坏军婚等涉军犯罪510人，同比上升25.3%。",
        None,
        "",
    ),  # one growth rate for two kinds of crime
    (
        "restatements",
        "退休工人史德洪在向慈善机构捐款100万元后，又向党组织自愿捐款100万元。中国工程院院士崔崑和夫人朱慧楠自愿捐款100万元。",
        None,
        "",
    ),  # two donors, one round sum
    ("restatements", "中央财政发行抗疫特别国债1万亿元。\n中央财政发行抗疫特别国债10000亿元。", r" == ", "pass"),
    ("restatements", "去年我国城镇新增就业1361万人，完成全年目标的123.7%，连续第六年超过1300万人。", r" == ", "pass"),
    ("restatements", "去年我国城镇新增就业1261万人，连续第六年超过1300万人。", r" == ", "fail"),
    ("restatements", "新增就业1361万人，其中超过100万人为高校毕业生。", None, ""),  # a bound with a name of its own
    (
        "restatements",
        "党员人数100人以上的，设立党委。\n党员人数不足100人、确因工作需要的，经上级党组织批准，也可以设立党委。",
        None,
        "",
    ),  # one number, two bounds that exclude each other
    # shares: 占…的 x% against its part and its whole, when both are printed
    (
        "shares",
        "重点督察了128个县级调查单元，核查图斑170.2万个，发现问题图斑1.2万个，占核查图斑总数的0.7%。",
        r"^\S+ / \S+ == \S+$",
        "pass",
    ),
    (
        "shares",
        "上海市消保委系统共计受理消费投诉549件，同比下降51.7%，其中服务类投诉323件，占投诉总量的58.8%；"
        "商品类投诉226件，占投诉总量的41.2%。",
        r"shangpinleitousu / \S+ == ",
        "pass",
    ),
    (
        "shares",
        "上海市消保委系统共计受理消费投诉549件，其中服务类投诉323件，占投诉总量的68.8%。",
        r"^\S+ / \S+ == \S+$",
        "fail",
    ),  # 323 / 549 is 58.8%
    (
        "shares",
        "我国有乡村教师290多万人，40岁以下的青年教师近170万人，占58.3%。",
        r"^\S+ / \S+ == \S+$",
        "pass",
    ),  # 占 with no name: the whole is the count the sentence opens with
    (
        "shares",
        "剩余贫困人口均属于因病、因残和因灾致贫，其中因病致贫5057户，占81.85%；因残致贫1042户，占16.87%；因灾致贫79户，占1.28%。",
        None,
        "",
    ),  # parts of a whole that is not printed: no part is another's whole
    ("shares", "查扣涉案废矿渣、铅精矿4600余吨，分别占全国总量的36.6%和71.1%。", None, ""),
    ("shares", "东部地区实际使用外资7000亿元，增长6.6%，占全国比重达到86.2%。", None, ""),  # the whole is not printed
    # households: N户M人
    ("households", "惠及低保对象6215户10342人。", r"between\(", "pass"),
    ("households", "惠及低保对象6215户5342人。", r"between\(", "fail"),
    # limits: a level kept within a limit stated right after it
    (
        "limits",
        "2019年末，中央财政国债余额168038.04亿元，控制在全国人大批准的债务余额限额175208.35亿元以内。",
        r" <= ",
        "pass",
    ),
    (
        "limits",
        "地方政府债务余额213072.26亿元，包括一般债务余额118694.14亿元、专项债务余额94378.12亿元，"
        "控制在全国人大批准的债务余额限额240774.3亿元以内。",
        r"^difangzhengfuzhaiwuyue <= ",
        "pass",
    ),  # the total of the breakdown is what is kept within the limit
    ("limits", "中央财政国债余额180038.04亿元，控制在债务余额限额175208.35亿元以内。", r" <= ", "fail"),  # made up
    ("limits", "就业大局要稳，任务之一就是将城镇调查失业率控制在5.5%以内。", None, ""),  # a target alone
    ("limits", "一般债务余额118694亿元、专项债务余额94378亿元，控制在限额240774亿元以内。", None, ""),  # which one?
    # list counts: only a list of the counted thing
    ("list_counts", "集中在马路乡、太平乡、石场乡等3个乡镇。", r"count\(.*\) <= ", "pass"),
    ("list_counts", "蛋白质、脂肪、碳水化合物三大营养素供能充足。", r"count\(.*\) == ", "pass"),
    ("list_counts", "吴浈的行为严重违反组织纪律、廉洁纪律、工作纪律、生活纪律以及中央八项规定精神。", None, ""),
    ("list_counts", "比赛设精英组、公开组、冬季骑跑两项组等组别。", None, ""),
    (
        "list_counts",
        "主要从经济、政治、文化、社会、生态文明、国防和军队6个方面。",
        None,
        "",
    ),  # 国防和军队: one name or two?
    ("list_counts", "中国、美国、韩国六大运营商在北京签署协议。", None, ""),  # operators of three countries
    ("list_counts", "北京、天津、上海三大直辖市。", r"count\(.*\) == ", "pass"),
    ("list_counts", "确定河北、辽宁、江苏、福建、湖北、湖南、广东、重庆等8省市启动改革。", r"count\(.*\) <= ", "pass"),
    ("list_counts", "北京、天津、山东、海南4省市第二批改革试点顺利启动。", r"count\(.*\) == ", "pass"),
    ("list_counts", "北京、天津、山东、海南3省市第二批改革试点顺利启动。", r"count\(.*\) == ", "fail"),
    ("list_counts", "上海、浙江、江苏两省一市的医院。", None, ""),  # two counts share the list
    ("list_counts", "北京、天津、上海、重庆三大直辖市。", r"count\(.*\) == ", "fail"),
    # respectively: 分别 pairs the names listed before it with the values after it (more in test_draft_lists.py)
    ("respectively", "城区亮化率、自来水普及率、垃圾处理率分别达到97%、98%和99%。", r"^respectively\(", "pass"),
    ("respectively", "城区亮化率、自来水普及率、垃圾处理率分别达到97%和99%。", r"^respectively\(", "fail"),
    ("respectively", "最高人民法院受理案件38498件，审结34481件，同比分别上升10.7%和8.2%。", None, ""),
    # respectively_changes: amounts, changes and rates under 分别, one of each per name
    (
        "respectively_changes",
        "2018年，油料、猪牛羊肉、水产品的人均占有量分别为24.7公斤、46.8公斤和46.4公斤，"
        "比1996年分别增加6.5公斤、16.6公斤和19.5公斤，分别增长35.7%、55%和72.5%。",
        r"^\S+ / \(\S+ - \S+\) == \S+$",
        "pass",
    ),
    (
        "respectively_changes",  # made up: 16.6 / (46.8 - 16.6) is 55%, not 65%
        "2018年，油料、猪牛羊肉、水产品的人均占有量分别为24.7公斤、46.8公斤和46.4公斤，"
        "比1996年分别增加6.5公斤、16.6公斤和19.5公斤，分别增长35.7%、65%和72.5%。",
        r"^\S*niuyangrou\S*_change / ",
        "fail",
    ),
    (
        "respectively_changes",  # the changes and the rates go different ways
        "油料、猪牛羊肉、水产品的人均占有量分别为24.7公斤、46.8公斤和46.4公斤，"
        "比1996年分别增加6.5公斤、16.6公斤和19.5公斤，分别下降35.7%、55%和72.5%。",
        None,
        "",
    ),
    (
        "respectively_changes",  # no amounts: the changes are of what?
        "比1996年油料、猪牛羊肉、水产品分别增加6.5公斤、16.6公斤和19.5公斤，分别增长35.7%、55%和72.5%。",
        None,
        "",
    ),
    # GRIM: a count and the rate of its own measure
    ("grim", "残疾人职业技能培训结业183人，结业率91.5%。", r"whole\(", "pass"),
    ("grim", "培训结业183人，就业率95.7%。", None, ""),
    # found in the corpus (2019-10-31): 7669 / 7677 is 99.896%, printed truncated as 99.89%
    ("grim", "共转办群众反映诉求7677件，已办结7669件，办结率99.89％。", r"whole\(", "fail"),
    # codes
    (
        "codes",
        "构建1个县指挥部、14个专项指挥部、26个分指挥部、242个攻坚队的“1+14+26+242”体系。",
        r"term\(",
        "pass",
    ),
    ("codes", "组建“1+2+N”的网格自治队伍（1名网格长、2名网格员以及多个网格自治力量）。", None, ""),
    # section order: nested numbering read as nesting
    (
        "section_order",
        "一、总体\n（一）收入\n收入100亿元。\n（二）支出\n支出90亿元。\n二、展望\n（一）目标\n增长5%。\n",
        r"increasing\(",
        "pass",
    ),
    ("section_order", "1 第一节\n共5人。\n3 第三节\n共6人。\n2 第二节\n共7人。\n", r"increasing\(", "fail"),
    ("section_order", "九 回顾\n共5人。\n十 展望\n共6人。\n二 其他\n共7人。\n", None, ""),  # no numbering from 1
]


def _drafted_by(pattern: str, text: str) -> list[tuple[str, str]]:
    draft = extract(text)
    book = jinsha.load_text(draft_factbook(text), "draft.yaml")
    assert book.problems == [], [str(p) for p in book.problems]
    statuses = {r.rule: r.status for r in jinsha.check(book).results if r.kind == "rule"}
    return [(rule.check, statuses[rule.id]) for rule in draft.rules.values() if rule.pattern == pattern]


@pytest.mark.parametrize(("pattern", "text", "shape", "verdict"), CASES)
def test_each_finder_drafts_what_the_text_states_and_nothing_else(
    pattern: str, text: str, shape: str | None, verdict: str
) -> None:
    drafted = _drafted_by(pattern, text)
    if shape is None:
        assert drafted == []
        return
    assert drafted, f"{pattern} drafted nothing"
    matching = [(check, status) for check, status in drafted if re.search(shape, check)]
    assert matching, drafted
    assert {status for _, status in matching} == {verdict}, matching


def test_every_registered_finder_has_an_id_a_description_and_tests_of_its_own() -> None:
    tested = {case[0] for case in CASES}
    modules = {p.stem for p in Path(patterns_package.__file__).parent.glob("*.py")} - {"__init__", "base"}
    assert set(PATTERNS) == modules, "every finder module is registered, and every registered finder has a module"
    for pattern_id, pattern in PATTERNS.items():
        assert pattern.id == pattern_id and re.fullmatch("[a-z_]+", pattern_id)
        assert pattern.description and "\n" not in pattern.description and len(pattern.description) <= 120
        assert callable(pattern.find)
        assert ast.get_docstring(ast.parse(Path(patterns_package.__file__).with_name(f"{pattern_id}.py").read_text()))
        cases = [case for case in CASES if case[0] == pattern_id]
        assert pattern_id in tested, f"{pattern_id} has no cases"
        assert any(case[2] is not None and case[3] == "pass" for case in cases), f"{pattern_id}: no rule that holds"
        assert any(case[2] is None or case[3] == "fail" for case in cases), f"{pattern_id}: no false alarm guarded"


def test_inferred_rules_are_warnings_that_say_why_and_stated_ones_are_errors() -> None:
    text = "一、2019年执行情况\n公共安全支出1839.45亿元。\n二、2020年预算\n公共安全支出1832.72亿元，增长0.7%。\n"
    (rule,) = [r for r in extract(text).rules.values() if r.pattern == "growth"]
    assert rule.severity == "warning"
    assert "line 2" in rule.note and rule.note.startswith("inferred by growth")
    (stated,) = extract("全县共有合作社412家，其中，国家级示范社3家。").rules.values()
    assert stated.severity == "error" and stated.note.startswith("stated (breakdowns)")


@pytest.mark.parametrize(
    ("text", "count_id", "items"),
    [
        ("确定河北、辽宁、江苏、福建、湖北、湖南、广东、重庆8省市启动改革。", "shengshi", 8),
        ("集中在马路乡、太平乡、石场乡等3个乡镇。", "xiangzhen", 3),
    ],
)
def test_a_count_after_a_list_is_named_for_what_it_counts_not_for_the_last_name(
    text: str, count_id: str, items: int
) -> None:
    draft = extract(text)
    assert count_id in draft.facts, sorted(draft.facts)
    listed = draft.facts[f"{count_id}_list"].items
    assert listed is not None and len(listed) == items and listed[0] in ("河北", "马路乡")


def test_people_counted_in_名_and_in_人_are_one_unit_for_a_breakdown() -> None:
    text = "28个省份已吸引约33.5万名高校毕业生到乡村任教，其中2018年约4.5万人。"
    [(check, status)] = _drafted_by("breakdowns", text)
    assert re.fullmatch(r"figure_4_5_wan <= \S+", check) and status == "pass"


def test_local_revenue_that_holds_the_centres_transfers_is_never_summed_with_the_central() -> None:
    text = "中央一般公共预算收入89305.41亿元。地方一般公共预算收入175491.92亿元。全国一般公共预算收入190382.23亿元。"
    drafted = _drafted_by("breakdowns", text)
    assert drafted and not [check for check, _ in drafted if " == " in check], drafted


def test_the_values_that_respectively_pairs_with_names_are_named_for_them() -> None:
    text = (
        "2018年，油料、猪牛羊肉、水产品的人均占有量分别为24.7公斤、46.8公斤和46.4公斤，"
        "比1996年分别增加6.5公斤、16.6公斤和19.5公斤，分别增长35.7%、55%和72.5%。"
    )
    draft = extract(text)
    labels = {fact.value: (fact.id, fact.zh) for fact in draft.facts.values() if fact.value}
    assert labels["46.8"] == ("niuyangrourenjunzhanyouliang", "猪牛羊肉人均占有量")
    assert labels["16.6"] == ("niuyangrourenjunzhanyouliang_change", "猪牛羊肉人均占有量")
    assert labels["55%"] == ("niuyangrourenjunzhanyouliang_growth", "猪牛羊肉人均占有量")
    [names] = [fact for fact in draft.facts.values() if fact.items]
    assert names.zh == "人均占有量所指（名单）" and names.items == ("油料", "猪牛羊肉", "水产品")
    checks = " ".join(rule.check for rule in draft.rules.values())
    assert "figure_" not in checks and "rate_" not in checks
    assert all(fact_id in draft.facts for fact_id in re.findall(r"[a-z][\w.]*[a-z0-9]", checks) if "_" in fact_id)
    book = jinsha.load_text(draft_factbook(text), "draft.yaml")
    assert book.problems == [] and jinsha.check(book).exit_code == 0
