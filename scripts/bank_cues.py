"""Report, per question-bank YAML file, the cues a test-taker who knows no law could exploit
(issue 16): 单选 key letters and how often the key is the longest option, 多选 wrong-option
positions, 判断 balance and absolute words, and the score of the naive strategy
(longest option / all options but the last / 错误 iff the stem has an absolute word).

Usage: python scripts/bank_cues.py question_bank/food/shipin_anquan_fa.yaml [...]
"""
import re
import sys
from collections import Counter

import yaml

ABSOLUTE = re.compile(r"一律|任何|无需|均|都")
ARTICLE_IN_STEM = re.compile(r"第[一二三四五六七八九十百零\d]+条")


def key_is_longest(q: dict) -> bool:
    lengths = {k: len(str(v)) for k, v in q["options"].items()}
    top = max(lengths.values())
    return lengths[q["answer"]] == top and list(lengths.values()).count(top) == 1


def single_report(qs: list[dict]) -> int:
    keys = Counter(q["answer"] for q in qs)
    longest = sum(key_is_longest(q) for q in qs)
    print(" 单选 keys:", {k: f"{keys[k]} ({keys[k] / len(qs):.0%})" for k in "ABCD"},
          f"key strictly longest: {longest}/{len(qs)} = {longest / len(qs):.0%}")
    return longest


def multiple_report(qs: list[dict]) -> int:
    positions, two_wrong, naive = Counter(), 0, 0
    for q in qs:
        letters = sorted(q["options"])
        wrong = [k for k in letters if k not in q["answer"]]
        positions.update(wrong)
        two_wrong += len(wrong) >= 2
        naive += q["answer"] == "".join(letters[:-1])
    print(" 多选 correct counts:", dict(sorted(Counter(len(q["answer"]) for q in qs).items())),
          "wrong positions:", dict(sorted(positions.items())),
          f">=2 wrong: {two_wrong}/{len(qs)}, all-but-last is the key: {naive}")
    return naive


def truefalse_report(qs: list[dict]) -> int:
    true = sum(q["answer"] == "正确" for q in qs)
    marked = [q for q in qs if ABSOLUTE.search(q["stem"])]
    marked_true = sum(q["answer"] == "正确" for q in marked)
    print(f" 判断 正确 {true}/{len(qs)} = {true / len(qs):.0%}; absolute words in "
          f"正确 {marked_true}, in 错误 {len(marked) - marked_true}")
    return sum((q["answer"] == "错误") == bool(ABSOLUTE.search(q["stem"])) for q in qs)


def report(path: str) -> None:
    qs = yaml.safe_load(open(path, encoding="utf-8"))["questions"]
    by_type = {t: [q for q in qs if q["type"] == t] for t in ("单选", "多选", "判断", "填空", "简答")}
    print(f"== {path}\n types:", {t: len(v) for t, v in by_type.items()},
          " difficulty:", dict(sorted(Counter(q.get("difficulty") for q in qs).items())))
    naive = (single_report(by_type["单选"]) + multiple_report(by_type["多选"])
             + truefalse_report(by_type["判断"]))
    objective = len(by_type["单选"]) + len(by_type["多选"]) + len(by_type["判断"])
    print(f" naive strategy: {naive}/{objective} = {naive / objective:.0%}")
    print(" stems writing an article number:", [q["stem"] for q in qs if ARTICLE_IN_STEM.search(q["stem"])])


if __name__ == "__main__":
    for name in sys.argv[1:]:
        report(name)
