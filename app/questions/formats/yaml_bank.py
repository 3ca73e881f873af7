"""The YAML files of question_bank/ (described in question_bank/README.md): read and write.

Files are read through yaml.compose so that every value keeps its line, and
scalars keep the text as written (`version: 2021` stays '2021', `answer: true`
stays 'true'), so nothing depends on YAML's guesses at types.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from app.questions.formats.answers import join_fill, normalize_answer
from app.questions.formats.model import (
    FILL,
    TYPE_LABELS,
    ParsedQuestion,
    ParseError,
    ParseResult,
    parse_type,
)
from app.questions.formats.validation import problems

FILE_KEYS = ("category", "law", "version", "tags", "questions")
QUESTION_KEYS = ("type", "name", "stem", "options", "answer", "scoring_points", "difficulty",
                 "law", "version", "article", "explanation", "tags", "category")
_NULL_TAG = "tag:yaml.org,2002:null"
# libyaml's loader when PyYAML has it: about ten times faster, the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# validate() names template columns; these are the YAML keys that hold them.
_KEY_OF_COLUMN = {"题型": "type", "题干": "stem", "答案": "answer", "难度": "difficulty",
                  "法律依据": "law", "评分要点": "scoring_points"}


class _Bad(Exception):
    """A value of the wrong shape; the argument says why, in Chinese."""


class _Field(NamedTuple):
    line: int
    node: Node


@dataclass
class _Defaults:
    category: str | None = None
    law: str | None = None
    version: str | None = None
    tags: tuple[str, ...] = ()


# ---- reading values out of nodes -------------------------------------------------------------

def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _text(node: Node) -> str | None:
    if not isinstance(node, ScalarNode):
        raise _Bad("应为文本")
    if node.tag == _NULL_TAG and node.style is None:
        return None
    return node.value.strip() or None


def _texts(node: Node) -> list[str]:
    """A list of texts; a single text is taken as a list of one."""
    items = node.value if isinstance(node, SequenceNode) else [node]
    return [text for text in map(_text, items) if text]


def _year(node: Node) -> str | None:
    text = _text(node)
    if text is not None and not (len(text) == 4 and text.isdigit()):
        raise _Bad(f'版本应为四位年份，如 "2021"（现为 {text}）')
    return text


def _law(node: Node) -> str | None:
    text = _text(node)
    return text.removeprefix("《").removesuffix("》") if text else None


def _difficulty(node: Node) -> int | None:
    text = _text(node)
    if text is not None and not text.isdigit():
        raise _Bad(f"难度应为1到5的整数（现为 {text}）")
    return int(text) if text is not None else None


def _options(node: Node) -> dict[str, str]:
    if not isinstance(node, MappingNode):
        raise _Bad("应为字母到选项内容的映射，如 {A: ..., B: ...}")
    options = {}
    for key, value in node.value:
        letter = normalize_answer("single", _text(key) or "")
        if letter in options:
            raise _Bad(f"选项{letter}重复")
        options[letter] = _text(value) or ""
    return dict(sorted(options.items()))


def _answer(node: Node) -> str:
    """The answer text; a list is a 填空 answer, one item per blank."""
    if isinstance(node, SequenceNode):
        return join_fill([_alternatives(item) for item in node.value])
    return _text(node) or ""


def _alternatives(node: Node) -> list[str]:
    items = node.value if isinstance(node, SequenceNode) else [node]
    return [_text(item) or "" for item in items]


_CONVERT = {
    "type": _text, "name": _text, "stem": _text, "options": _options, "answer": _answer,
    "scoring_points": _texts, "difficulty": _difficulty, "law": _law, "version": _year,
    "article": _text, "explanation": _text, "tags": _texts, "category": _text,
}


# ---- reading files -----------------------------------------------------------------------------

class _Reader:
    """Reads one file's node tree into a ParseResult, collecting every error."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.result = ParseResult()

    def error(self, line: int, column: str, message: str) -> None:
        prefix = f"{self.source}: " if self.source else ""
        self.result.errors.append(ParseError(line, column, prefix + message))

    def fields(self, node: Node, allowed: tuple[str, ...]) -> dict[str, _Field]:
        """The keys of a mapping with their lines; unknown and repeated keys are reported."""
        found: dict[str, _Field] = {}
        for key_node, value in node.value:
            key, line = str(key_node.value), _line(key_node)
            if key not in allowed:
                self.error(line, key, f"未知的键 {key}（可用: {', '.join(allowed)}）")
            elif key in found:
                self.error(line, key, f"重复的键 {key}")
            else:
                found[key] = _Field(line, value)
        return found

    def values(self, fields: dict[str, _Field]) -> dict[str, object]:
        """Each field converted; a field of the wrong shape is reported and left out."""
        values = {}
        for key, (line, node) in fields.items():
            try:
                values[key] = _CONVERT[key](node)
            except _Bad as exc:
                self.error(line, key, str(exc.args[0]))
        return values

    def read(self, root: Node | None) -> None:
        if root is None:
            return
        if not isinstance(root, MappingNode):
            self.error(_line(root), "", f"文件顶层应为映射，键为 {', '.join(FILE_KEYS)}")
            return
        fields = self.fields(root, FILE_KEYS)
        defaults = self.defaults(fields)
        if "questions" not in fields:
            self.error(_line(root), "questions", "缺少 questions")
        elif not isinstance(fields["questions"].node, SequenceNode):
            self.error(fields["questions"].line, "questions", "questions 应为题目列表")
        else:
            for node in fields["questions"].node.value:
                self.question(node, defaults)

    def defaults(self, fields: dict[str, _Field]) -> _Defaults:
        values = self.values({k: f for k, f in fields.items() if k != "questions"})
        return _Defaults(values.get("category"), values.get("law"), values.get("version"),
                         tuple(values.get("tags", ())))

    def question(self, node: Node, defaults: _Defaults) -> None:
        if not isinstance(node, MappingNode):
            self.error(_line(node), "questions", "每道题应为一个映射（type、stem、answer …）")
            return
        errors_before = len(self.result.errors)
        fields = self.fields(node, QUESTION_KEYS)
        question = _build(self.values(fields), defaults, _line(node), self.source)
        if question.category is None:
            self.error(_line(node), "category", "缺少专业类别（在文件或题目中给出 category）")
        for column, message in problems(question):
            key = "options" if column.startswith("选项") else _KEY_OF_COLUMN.get(column, column)
            self.error(fields[key].line if key in fields else _line(node), key, message)
        if len(self.result.errors) == errors_before:
            self.result.questions.append(question)


def _build(values: dict, defaults: _Defaults, line: int, source: str) -> ParsedQuestion:
    qtype = values.get("type") or ""
    qtype = parse_type(qtype) or qtype
    own_law = "law" in values
    return ParsedQuestion(
        type=qtype, stem=values.get("stem") or "", options=values.get("options", {}),
        answer=normalize_answer(qtype, values.get("answer") or ""),
        category=values.get("category") or defaults.category,
        difficulty=values.get("difficulty"),
        basis_law=values["law"] if own_law else defaults.law,
        # A question citing its own law does not take the file's version of another law.
        basis_version=values.get("version") or (None if own_law else defaults.version),
        basis_article=values.get("article"), explanation=values.get("explanation"),
        tags=list(dict.fromkeys([*defaults.tags, *values.get("tags", [])])),
        scoring_points=values.get("scoring_points", []), name=values.get("name"),
        source_line=line, source=source,
    )


def parse_yaml_text(text: str, *, source: str = "") -> ParseResult:
    """Parse one question_bank YAML file; `source` (its name) prefixes every error message."""
    reader = _Reader(source)
    text = text.lstrip("\ufeff")
    try:
        anchor = _first_anchor_line(text)
        root = None if anchor else yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        reader.error(mark.line + 1 if mark else 1, "", f"YAML 语法错误: {problem}")
    else:
        if anchor:
            reader.error(anchor, "", "不支持 YAML 锚点和别名（& 与 *），请把内容直接写出")
        else:
            reader.read(root)
    return reader.result


def _first_anchor_line(text: str) -> int | None:
    """The line of the first anchor or alias, else None.

    An alias repeats a whole subtree without repeating its text: a small file could make the
    import's work grow as tags x repetitions. The bank never needs them, so they are refused.
    """
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return event.start_mark.line + 1
    return None


def parse_yaml_path(path: str | os.PathLike, name: str | None = None) -> ParseResult:
    """Parse a YAML file, or every *.yaml/*.yml file under a folder (sorted) as one result.

    `name`: what error messages call a single file (an upload's original name)."""
    root = Path(path)
    if root.is_file():
        return _parse_file(root, name or root.name)
    if not root.is_dir():
        raise FileNotFoundError(f"找不到文件或目录: {root}")
    result = ParseResult()
    for name in _yaml_names(root):
        result.merge(_parse_file(root / name, name))
    return result


def _yaml_names(root: Path) -> list[str]:
    """Relative names of the YAML files under root, hidden folders and files left out."""
    names = []
    for file in root.rglob("*"):
        relative = file.relative_to(root)
        hidden = any(part.startswith(".") for part in relative.parts)
        if file.suffix in (".yaml", ".yml") and file.is_file() and not hidden:
            names.append(relative.as_posix())
    return sorted(names)


def _parse_file(path: Path, name: str) -> ParseResult:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParseResult(errors=[ParseError(1, "", f"{name}: 文件不是 UTF-8 编码")])
    return parse_yaml_text(text, source=name)


# ---- writing -----------------------------------------------------------------------------------

class _Flow(list):
    """A list written inline: [a, b]."""


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key and writes multi-line text as a `|` block."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: yaml.SafeDumper, items: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Flow, _represent_flow)


def dump_yaml(questions: list[ParsedQuestion]) -> str:
    """A question_bank YAML file holding the questions; parse_yaml_text reads back equal ones."""
    defaults = _shared_defaults(questions)
    document = {**defaults, "questions": [_question_dict(q, defaults) for q in questions]}
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=4096)


def _shared_defaults(questions: list[ParsedQuestion]) -> dict[str, str]:
    """category, law and version written once for the file when every question shares them."""
    defaults = {}
    if category := _shared(q.category for q in questions):
        defaults["category"] = category
    if law := _shared(q.basis_law for q in questions):
        defaults["law"] = law
        if version := _shared(q.basis_version for q in questions):
            defaults["version"] = version
    return defaults


def _shared(values) -> str | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def _question_dict(q: ParsedQuestion, defaults: dict[str, str]) -> dict[str, object]:
    own = {
        "type": TYPE_LABELS.get(q.type, q.type), "name": q.name, "stem": q.stem,
        "options": dict(q.options) or None, "answer": _answer_value(q),
        "scoring_points": q.scoring_points or None, "difficulty": q.difficulty,
        "law": None if "law" in defaults else q.basis_law,
        "version": None if "version" in defaults else q.basis_version,
        "article": q.basis_article, "explanation": q.explanation,
        "tags": _Flow(q.tags) or None,
        "category": None if "category" in defaults else q.category,
    }
    return {key: value for key, value in own.items() if value is not None}


def _answer_value(q: ParsedQuestion) -> object:
    if q.type != FILL:
        return q.answer
    return _Flow(_Flow(alternatives.split("/")) for alternatives in q.answer.split("|"))
