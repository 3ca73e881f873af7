"""No line of a Chinese PDF starts with a full-width comma or another closing mark."""
from reportlab.platypus import Paragraph

from app.core.pdf import NO_LINE_START, styles

TEXT = ("抽取范围：江西省市场监督管理局及其下级单位人才库中食品安全类已入库、未暂停的人员，"
        "须在执法岗位，并持有检查期间有效的行政执法证；每组至少2名持证执法人员！是否回避？"
        "回避规则：被检查单位及其下级单位的人员一律不参加抽取，已在本次检查任务其他检查组的人员"
        "不重复抽取；《行政处罚法》第三十六条，《行政许可法》，“依法行政”，占比50％。") * 2


def _line_texts(markup: str, width: float) -> list[str]:
    para = Paragraph(markup, styles()["base"])
    para.wrap(width, 10_000)
    if para.blPara.kind == 0:       # one run of text: (space, [text]) per line
        return ["".join(words) for _space, words in para.blPara.lines]
    return ["".join(w.text for w in line.words) for line in para.blPara.lines]


def test_no_line_starts_with_a_closing_mark():
    markup = TEXT
    bad = []
    for width in range(60, 400, 3):
        lines = _line_texts(markup, width)
        assert len(lines) > 1 and all(lines)
        bad += [(width, line[:6]) for line in lines[1:] if line[0] in NO_LINE_START]
    assert not bad, bad[:10]
