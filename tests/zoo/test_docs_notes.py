"""Entry pages: the hand-written notes survive `keras-gans zoo docs`."""

from keras_gans.zoo import docs


def test_notes_after_the_marker_are_kept_and_nothing_else(tmp_path):
    page = tmp_path / "README.md"
    assert docs._kept_notes(str(page)) == ""          # no page yet
    page.write_text("# generated\n\nold table\n")
    assert docs._kept_notes(str(page)) == ""          # no marker: nothing
    notes = docs.NOTES_MARKER + "\n\n## What the picture shows\n\nshirts\n"
    page.write_text("# generated\n\nold table\n\n" + notes)
    assert docs._kept_notes(str(page)) == "\n" + notes
