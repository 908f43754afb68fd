"""A form or sheet row that makes an organisation the map has under another sector says so at import."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_a_row_with_an_old_sector_name_warns_of_the_organisation_it_repeats(run: Any, load: Any, tmp_path: Path):
    # The Leicester trial: 'Media' became 'Media and community radio'; a reader's row still said
    # 'Media/Leicester Mercury/Instagram', and the import made a second Leicester Mercury in a new sector 'Media'
    # with no word of it but "new sector: 'Media'" (only a later `check` named the duplicate).
    run("add", "sector", "Media and community radio")
    run("add", "org", "Leicester Mercury", "--under", "Media and community radio")
    form = tmp_path / "readers.csv"
    form.write_text(
        "path,kind,url,note,by\n"
        "Media/Leicester Mercury/Instagram,channel,https://instagram.com/leicestermercury,,Jo\n"
        "Media/Demon FM,organisation,,,Jo\n"
    )
    dry = run("import", str(form), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    warning = (
        "Warning: 1 new organisation named as one the map has elsewhere: 'Media/Leicester Mercury' (the map's: "
        "'Media and community radio/Leicester Mercury'); if they are one, give the rows the map's paths, or make "
        "them one after the import (`mindmap check` gives the `mindmap combine` for each)"
    )
    assert warning in dry.stderr.splitlines()
    assert "Demon FM" not in dry.stderr.split("Would import")[0]  # a new name is just new
    form.write_text(
        "path,kind,url,note,by\n"
        "Media and community radio/leicester  mercury/Instagram,channel,https://instagram.com/leicestermercury,,Jo\n"
    )
    reused = run("import", str(form))
    assert reused.exit_code == 0 and "elsewhere" not in reused.stderr  # found by its path: nothing new
    assert len(load()) == 4


def test_the_warning_lists_three_and_counts_the_rest(run: Any, tmp_path: Path):
    run("add", "sector", "Arts and culture")
    for name in ("Curve", "Phoenix", "Attenborough Arts Centre", "Leicester Museums & Galleries"):
        run("add", "org", name, "--under", "Arts and culture")
    form = tmp_path / "readers.csv"
    form.write_text(
        "path,kind\nArts/Curve,organisation\nArts/phoenix,organisation\nArts/Attenborough Arts Centre,organisation\n"
        "Arts/Leicester Museums and Galleries,organisation\n"
    )
    result = run("import", str(form))
    assert result.exit_code == 0, result.stderr
    assert "Warning: 4 new organisations named as ones the map has elsewhere: 'Arts/Curve'" in result.stderr
    assert "'Arts/Attenborough Arts Centre' (the map's: 'Arts and culture/Attenborough Arts Centre'); and 1 more;" in (
        result.stderr
    )


def test_a_new_spelling_in_the_same_sector_is_not_said_to_be_elsewhere(run: Any, tmp_path: Path):
    # 'Derby County F.C.' beside the map's 'Derby County FC' is a duplicate in the same sector, not elsewhere.
    run("add", "sector", "Sport")
    run("add", "org", "Derby County FC", "--under", "Sport")
    form = tmp_path / "readers.csv"
    form.write_text("path,kind\nSport/Derby County F.C.,organisation\n")
    result = run("import", str(form))
    assert result.exit_code == 0, result.stderr
    assert (
        "Warning: 1 new organisation named as one the map has: 'Sport/Derby County F.C.' (the map's: "
        "'Sport/Derby County FC'); if they are one, give the rows the map's paths"
    ) in result.stderr
    assert "elsewhere" not in result.stderr
