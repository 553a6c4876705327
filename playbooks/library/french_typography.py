"""French punctuation spacing: a non-breaking space before « : ; ! ? » and inside « ».

French typography puts a space before the high punctuation marks and inside guillemets; a
plain space lets a line break strand the mark at the start of the next line. The shipped
French text and the French catalogue are written with plain spaces and tidied by
`manage.py tidy_french` (which `make messages` runs), so the rule holds in one place.
"""

import re
from pathlib import Path

NBSP = "\u00a0"
# A plain space (or none) between a word and : ; ! ?, where the mark ends a phrase: not a
# URL's "https://", a time such as "14:30" or a Markdown table's ":---".
_BEFORE_MARK = re.compile(r"(?<=[\w»)\]}.…'\u2019%*_])[ \u202f]?([:;!?])(?=$|[\s»\"”)\]*_,.…])")
_ENTITY = re.compile(r"&#?\w+$")
_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]?")
_BEFORE_CLOSE = re.compile(r"[ \u00a0\u202f]?»")


def tidy(text: str) -> str:
    """The French text with non-breaking spaces where French typography wants them."""
    text = _BEFORE_MARK.sub(
        lambda m: m.group() if _ENTITY.search(text, 0, m.start()) else NBSP + m.group(1), text
    )
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    return _BEFORE_CLOSE.sub(NBSP + "»", text)


def untidy_spots(text: str) -> list[str]:
    """Each place where the text breaks the rule, with a little context, for messages."""
    return [
        text[max(0, m.start() - 20) : m.end() + 5].strip()
        for m in re.finditer(r"(?<=\S) [:;!?](?=$|[\s»\"”)\]])|« | »", text)
    ]


# Lines of a TOML file that hold French text (the rest of such a file is English).
_FRENCH_KEYS = re.compile(r'^(\s*\w+_fr\s*=\s*")(.*)("\s*)$')


def tidy_toml_french_fields(text: str) -> str:
    return "\n".join(
        f"{m.group(1)}{tidy(m.group(2))}{m.group(3)}" if (m := _FRENCH_KEYS.match(line)) else line
        for line in text.split("\n")
    )


def tidy_po(text: str) -> str:
    """Tidy every msgstr of a French .po catalogue, leaving msgids and comments alone."""
    out, in_msgid, in_msgstr, header = [], False, False, False
    for line in text.split("\n"):
        if line.startswith("msgid"):
            # An empty msgid with nothing after it is the header, whose fields stay as they are.
            in_msgid, in_msgstr, header = True, False, line == 'msgid ""'
        elif line.startswith("msgstr"):
            in_msgid, in_msgstr = False, not header
        elif line.startswith('"'):
            header = header and not in_msgid
        else:
            in_msgid = in_msgstr = False
        if in_msgstr and line != 'msgstr ""' and '"' in line:
            head, _, rest = line.partition('"')
            body, _, tail = rest.rpartition('"')
            line = f'{head}"{tidy(body)}"{tail}'
        out.append(line)
    return "\n".join(out)


def french_files(content_dir: Path) -> list[Path]:
    """The shipped files written wholly in French."""
    files = sorted((content_dir / "playbooks" / "fr").glob("*.md"))
    for track in sorted((content_dir / "onboarding").glob("*/track.toml")):
        if re.search(r'^language\s*=\s*"fr"', track.read_text(encoding="utf-8"), re.M):
            files += [track, *sorted(track.parent.glob("*.md"))]
    files += sorted(content_dir.glob("onboarding/*/*.fr.md"))
    return sorted(set(files))


def tidy_content(content_dir: Path, catalogue: Path | None = None) -> list[Path]:
    """Rewrite the French content (and catalogue) in place; return the files changed."""
    changed = []
    targets = [(p, tidy) for p in french_files(content_dir)]
    targets += [(p, tidy_toml_french_fields) for p in sorted(content_dir.glob("*.toml"))]
    if catalogue is not None and catalogue.is_file():
        targets.append((catalogue, tidy_po))
    for path, fix in targets:
        before = path.read_text(encoding="utf-8")
        after = fix(before)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path)
    return changed
