"""Line diffs with the changed words marked, for comparing two versions of a text.

Pure Python over difflib, without Django or the database, so it is tested on its own
(tests/library/test_textdiff.py); history.py feeds it the text of each field.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal


@dataclass
class Segment:
    text: str
    changed: bool = False


@dataclass
class DiffLine:
    kind: Literal["same", "added", "removed", "skipped"]
    segments: list[Segment] = field(default_factory=list)


WORD = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Changed words marked; a line rewritten beyond recognition is simply replaced."""
    a, b = WORD.findall(old), WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < 0.5:
        return [Segment(old)], [Segment(new)]
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            left.append(Segment("".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            right.append(Segment("".join(b[j1:j2]), tag != "equal"))
    return left, right


def diff_lines(old: str, new: str, context: int = 2) -> list[DiffLine]:
    """A line diff with changed words marked; long unchanged stretches are folded.

    The text is kept as plain strings: templates escape it, so a diff of markup shows the
    markup and never runs it.
    """
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            head = same[:context] if index > 0 else []
            tail = same[-context:] if index < len(opcodes) - 1 else []
            if len(same) > len(head) + len(tail):
                lines += [DiffLine("same", [Segment(t)]) for t in head]
                lines.append(DiffLine("skipped"))
                lines += [DiffLine("same", [Segment(t)]) for t in tail]
            else:
                lines += [DiffLine("same", [Segment(t)]) for t in same]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for old_line, new_line in zip(a[i1:i2], b[j1:j2], strict=True):
                left, right = word_diff(old_line, new_line)
                lines.append(DiffLine("removed", left))
                lines.append(DiffLine("added", right))
        else:
            lines += [DiffLine("removed", [Segment(t)]) for t in a[i1:i2]]
            lines += [DiffLine("added", [Segment(t)]) for t in b[j1:j2]]
    return lines
