"""Law files of law_library/ (see law_library/README.md): front matter, then 第X条 paragraphs.

    ---
    law: 中华人民共和国反不正当竞争法
    version: "2019"
    label: 2019年修正
    promulgated: 2019-04-23
    effective: 2019-04-23
    repealed:
    source: LawRefBook/Laws 经济法/反不正当竞争法(2019-04-23).md
    ---
    ## 第一章 总则
    第一条 为了……

A line starting with 第X条 opens an article; the following non-empty lines are its
paragraphs (款, with enumerated items). Headings (#) and anything before the first
article are skipped.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from app.laws import numbers

ARTICLE_START = re.compile(r"^第([零一二三四五六七八九十百千]+)条[\s\u3000]*(.*)$")
SUFFIXES = (".md", ".txt")


class LawFileError(ValueError):
    """A bad law file: (line, field, reason in Chinese)."""

    def __init__(self, line: int, column: str, reason: str) -> None:
        super().__init__(f"第{line}行: {column}: {reason}")
        self.line, self.column, self.reason = line, column, reason


@dataclass
class ParsedArticle:
    number: int
    paragraphs: list[str]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class ParsedLaw:
    law: str
    year: str
    label: str
    promulgated: date
    effective: date
    repealed: date | None = None
    partial: bool = False
    source: str = ""
    articles: list[ParsedArticle] = field(default_factory=list)
    filename: str = ""


def files_in(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES
                      and not any(part.startswith(".") for part in p.parts)
                      and p.name.lower() != "readme.md")
    return [path]


def parse(text: str, filename: str = "") -> ParsedLaw:
    lines = text.lstrip("\ufeff").splitlines()
    meta, body_start = _front_matter(lines)
    parsed = ParsedLaw(filename=filename, **meta)
    parsed.articles = _articles(lines, body_start)
    if not parsed.articles:
        raise LawFileError(body_start + 1, "条文", "没有找到任何以「第X条」开头的条文")
    return parsed


def _front_matter(lines: list[str]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        raise LawFileError(1, "文件头", "文件应以 --- 开头的文件头（law、version、promulgated、effective）")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise LawFileError(1, "文件头", "文件头没有以 --- 结束") from None
    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as exc:
        raise LawFileError(2, "文件头", f"文件头不是有效的 YAML: {exc}") from None
    if not isinstance(data, dict):
        raise LawFileError(2, "文件头", "文件头应为「键: 值」的形式")
    return _meta(data), end + 1


def _meta(data: dict) -> dict:
    unknown = set(data) - {"law", "version", "label", "promulgated", "effective", "repealed",
                           "partial", "source"}
    if unknown:
        raise LawFileError(1, "文件头", "未知的键: " + "、".join(sorted(unknown)))
    law = str(data.get("law") or "").strip().removeprefix("《").removesuffix("》")
    year = str(data.get("version") or "").strip()
    if not law:
        raise LawFileError(1, "law", "缺少法律名称")
    if not (len(year) == 4 and year.isdigit()):
        raise LawFileError(1, "version", f'版本应为四位年份，如 "2019"（现为 {year or "空"}）')
    promulgated, effective = _date(data, "promulgated"), _date(data, "effective")
    repealed = _date(data, "repealed", required=False)
    if promulgated is None or effective is None:
        raise LawFileError(1, "effective", "缺少公布日期或施行日期")
    if repealed is not None and repealed <= effective:
        raise LawFileError(1, "repealed", "废止日期应晚于施行日期")
    return {"law": law, "year": year, "label": str(data.get("label") or f"{year}年版"),
            "promulgated": promulgated, "effective": effective, "repealed": repealed,
            "partial": str(data.get("partial", "")).lower() in ("true", "yes", "是"),
            "source": str(data.get("source") or "")}


def _date(data: dict, key: str, required: bool = True) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise LawFileError(1, key, f"日期应写作 YYYY-MM-DD（现为 {value}）") from None


def _articles(lines: list[str], start: int) -> list[ParsedArticle]:
    articles: list[ParsedArticle] = []
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if not line or line.startswith("#") or line.startswith("<!--"):
            continue
        m = ARTICLE_START.match(line)
        if m:
            number = numbers.to_int(m.group(1))
            if articles and number <= articles[-1].number:
                raise LawFileError(i + 1, "条文",
                                   f"条号应递增：{numbers.label(number)}出现在"
                                   f"{numbers.label(articles[-1].number)}之后")
            articles.append(ParsedArticle(number, [m.group(2).strip()] if m.group(2) else [],
                                          i + 1))
        elif articles:
            articles[-1].paragraphs.append(line)
    for a in articles:
        if not a.paragraphs:
            raise LawFileError(a.line, "条文", f"{numbers.label(a.number)}没有内容")
    return articles
