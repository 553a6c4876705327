"""What a lead sees when comparing two versions of a text: changed words marked, long
unchanged stretches folded, markup shown as text. No database: textdiff is pure Python."""

from playbooks.library.textdiff import diff_lines


def changed(line) -> list[str]:
    return [segment.text for segment in line.segments if segment.changed]


def test_a_reworded_line_marks_only_the_words_that_changed():
    removed, added, same = diff_lines("Say little.\nListen.", "Say less.\nListen.")
    assert (removed.kind, added.kind, same.kind) == ("removed", "added", "same")
    assert changed(removed) == ["little."]
    assert changed(added) == ["less."]


def test_a_line_rewritten_beyond_recognition_is_shown_replaced_whole():
    removed, added = diff_lines("Stay calm and listen.", "Call the emergency number now!")
    assert (removed.kind, added.kind) == ("removed", "added")
    assert [s.text for s in removed.segments] == ["Stay calm and listen."]
    assert [s.text for s in added.segments] == ["Call the emergency number now!"]


def test_long_unchanged_stretches_are_folded_around_each_change():
    old = "\n".join(f"line {n}" for n in range(40))
    new = old.replace("line 20", "line twenty")
    kinds = [line.kind for line in diff_lines(old, new)]
    assert kinds.count("skipped") == 2
    assert kinds.count("same") == 4  # two lines of context each side of the change
    assert len(kinds) < 12


def test_added_and_removed_lines_are_listed_as_such():
    lines = diff_lines("one\ntwo", "one\ntwo\nthree\nfour")
    assert [(line.kind, line.segments[0].text) for line in lines[-2:]] == [
        ("added", "three"),
        ("added", "four"),
    ]
    assert [line.kind for line in diff_lines("a\nb", "a")] == ["same", "removed"]


def test_identical_texts_show_nothing_added_or_removed():
    assert {line.kind for line in diff_lines("a\nb", "a\nb")} <= {"same", "skipped"}


def test_markup_stays_plain_text_for_the_template_to_escape():
    _, added = diff_lines("<b>hi</b>", "<script>x</script>")
    assert "".join(s.text for s in added.segments) == "<script>x</script>"
