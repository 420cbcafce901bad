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


def test_table_cells_say_at_which_sample_count_metrics_were_measured():
    ten_k = {"num_samples": 10000, "protocol": {
        "num_generated": 10000, "reference": {"num_real": 10000}}}
    assert docs._sample_count(ten_k) == " (10k generated vs 10k real)"
    assert docs._sample_count({"num_samples": 1500}) == " (1500 generated)"
    assert docs._sample_count(None) == ""
    pairs = {"protocol": {"kind": "image-to-image translation",
                          "num_pairs": 10000, "fid": {"num_pairs": 1000}}}
    assert docs._sample_count(pairs) == (" (10k test pairs; FID of 1k "
                                         "translations)")
