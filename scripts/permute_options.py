"""Permute 单选/多选 options in question-bank YAML files so key letters carry no cue (issue 16).

Edits the file's text in place (comments, flow/block option style and quoting kept), moving
each question's options to new letters and carrying the answer and any letter references in
the explanation ("B项", "B、C、D") along. 单选 keys are spread evenly over A–D per file;
a 多选's wrong options are put in varying places, rarely the last. Questions whose options
refer to one another ("以上都对", "A和B") are left alone. After writing, the file is parsed
again and every question is checked to hold the same content in the new order.

Usage: python scripts/permute_options.py [--seed N] FILE.yaml [...]
"""
import random
import re
import sys

import yaml

QUESTION_START = re.compile(r"^\s*- type:")
FLOW_OPTIONS = re.compile(r"^(\s*(?:- )?options: )\{(.*)\}\s*$")
BLOCK_OPTIONS = re.compile(r"^\s*(?:- )?options:\s*$")
BLOCK_OPTION = re.compile(r"^(\s+)([A-F]): (.*)$")
FLOW_KEY = re.compile(r"(?:^|, )([A-F]): ")
ANSWER = re.compile(r"^(\s*answer: )([A-F]+)\s*$")
EXPLANATION = re.compile(r"^\s*explanation:")
LETTER = re.compile(r"(?<![A-Za-z0-9])([A-F])(?![A-Za-z0-9])")
CROSS_REFERENCE = re.compile(r"以上(都|均|皆|各项|选项)|都对|都不对|均不|均对|(?<![A-Za-z])[A-F](?![A-Za-z])")


def question_blocks(lines):
    starts = [i for i, line in enumerate(lines) if QUESTION_START.match(line)]
    ends = starts[1:] + [len(lines)]
    return list(zip(starts, ends, strict=True))


def flow_segments(body):
    """'A: x, B: y' -> {'A': 'x', 'B': 'y'} as written (quotes kept)."""
    marks = list(FLOW_KEY.finditer(body))
    return {m.group(1): body[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(body))]
            for i, m in enumerate(marks)}


def refers_to_other_options(options):
    return any(CROSS_REFERENCE.search(str(text)) for text in options.values())


def rewrite_block(lines, start, end, mapping):
    """mapping: old letter -> new letter."""
    out = list(lines[start:end])
    for i, line in enumerate(out):
        flow = FLOW_OPTIONS.match(line)
        if flow:
            segs = flow_segments(flow.group(2))
            moved = {mapping[k]: v for k, v in segs.items()}
            body = ", ".join(f"{k}: {moved[k]}" for k in sorted(moved))
            out[i] = f"{flow.group(1)}{{{body}}}\n"
            continue
        if BLOCK_OPTIONS.match(line):
            j = i + 1
            while j < len(out) and BLOCK_OPTION.match(out[j]):
                j += 1
            parsed = [BLOCK_OPTION.match(x) for x in out[i + 1:j]]
            moved = sorted((mapping[m.group(2)], m.group(1), m.group(3)) for m in parsed)
            out[i + 1:j] = [f"{indent}{k}: {text}\n" for k, indent, text in moved]
            continue
        answer = ANSWER.match(line)
        if answer:
            new = "".join(sorted(mapping[k] for k in answer.group(2)))
            out[i] = f"{answer.group(1)}{new}\n"
            continue
        if EXPLANATION.match(line):
            out[i] = LETTER.sub(lambda m: mapping[m.group(1)], line)
    return out


def longest_pick(options):
    """The letter a test-taker picking the longest option takes (ties: the earlier letter)."""
    return max(options, key=lambda k: (len(str(options[k])), -ord(k)))


def single_mapping(q, target, rng):
    """Key to `target`; among orders of the rest, prefer one where a distractor as long as
    the key stands before it, so 'take the longest' does not find the key on ties."""
    letters = sorted(q["options"])
    others = [k for k in letters if k != q["answer"]]
    free = [k for k in letters if k != target]
    for _ in range(50):
        rng.shuffle(others)
        mapping = dict(zip(others, free, strict=True))
        mapping[q["answer"]] = target
        moved = {mapping[k]: v for k, v in q["options"].items()}
        if longest_pick(moved) != target:
            break
    return mapping


def multiple_mapping(q, rng, wrong_last_ok):
    letters = sorted(q["options"])
    for _ in range(200):
        new = letters[:]
        rng.shuffle(new)
        mapping = dict(zip(letters, new, strict=True))
        wrong_new = {mapping[k] for k in letters if k not in q["answer"]}
        only_last_wrong = wrong_new == {letters[-1]}
        if only_last_wrong and not wrong_last_ok:
            continue
        if mapping != {k: k for k in letters}:
            return mapping
    return {k: k for k in letters}


def ties_for_longest(q):
    lengths = [len(str(v)) for v in q["options"].values()]
    top = max(lengths)
    return len(str(q["options"][q["answer"]])) == top and lengths.count(top) > 1


def choose_mappings(questions, rng):
    singles = [i for i, q in enumerate(questions)
               if q.get("type") == "单选" and len(q.get("options", {})) == 4
               and not refers_to_other_options(q["options"])]
    targets = list("ABCD") * (len(singles) // 4 + 1)
    targets = targets[:len(singles)]
    rng.shuffle(targets)
    # a key tying for the longest option cannot hide at A (ties go to the earlier letter)
    for n, i in enumerate(singles):
        if targets[n] == "A" and ties_for_longest(questions[i]):
            swap = next((m for m, j in enumerate(singles)
                         if targets[m] != "A" and not ties_for_longest(questions[j])), None)
            if swap is not None:
                targets[n], targets[swap] = targets[swap], targets[n]
    mappings = {i: single_mapping(questions[i], t, rng) for i, t in zip(singles, targets, strict=True)}
    multiples = [i for i, q in enumerate(questions)
                 if q.get("type") == "多选" and not refers_to_other_options(q["options"])]
    for n, i in enumerate(multiples):
        # about one in ten may keep its single wrong option last: never-last would be a cue too
        mappings[i] = multiple_mapping(questions[i], rng, wrong_last_ok=(n % 10 == 9))
    return mappings


def check(old_qs, new_qs, mappings):
    assert len(old_qs) == len(new_qs)
    for i, (old, new) in enumerate(zip(old_qs, new_qs, strict=True)):
        m = mappings.get(i)
        if m is None:
            assert old == new, (i, old.get("stem"))
            continue
        rest_old = {k: v for k, v in old.items() if k not in ("options", "answer", "explanation")}
        rest_new = {k: v for k, v in new.items() if k not in ("options", "answer", "explanation")}
        assert rest_old == rest_new, (i, old["stem"])
        assert {m[k]: v for k, v in old["options"].items()} == new["options"], (i, old["stem"])
        assert "".join(sorted(m[k] for k in str(old["answer"]))) == str(new["answer"]), i
        expected = LETTER.sub(lambda x, m=m: m[x.group(1)], str(old.get("explanation", "")))
        assert expected == str(new.get("explanation", "")), (i, old["stem"])


def permute_file(path, seed):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines(keepends=True)
    old_qs = yaml.safe_load(text)["questions"]
    blocks = question_blocks(lines)
    assert len(blocks) == len(old_qs), (path, len(blocks), len(old_qs))
    rng = random.Random(f"{seed}:{path}")
    mappings = choose_mappings(old_qs, rng)
    out = []
    cursor = 0
    for i, (start, end) in enumerate(blocks):
        out.extend(lines[cursor:start])
        out.extend(rewrite_block(lines, start, end, mappings[i]) if i in mappings
                   else lines[start:end])
        cursor = end
    out.extend(lines[cursor:])
    new_text = "".join(out)
    check(old_qs, yaml.safe_load(new_text)["questions"], mappings)
    with open(path, "w", encoding="utf-8") as f:
        f.write(new_text)
    print(f"{path}: {len(mappings)} questions permuted, content checked")


def main(argv):
    seed = 16
    if argv[:1] == ["--seed"]:
        seed, argv = int(argv[1]), argv[2:]
    for path in argv:
        permute_file(path, seed)


if __name__ == "__main__":
    main(sys.argv[1:])
