"""The contributions form: a "/" in an organisation's name, and rows that name an organisation the map holds."""

from __future__ import annotations

from pathlib import Path

FORM = "path,kind,url,note,by\n"


def write_form(tmp_path: Path, rows: str) -> str:
    form = tmp_path / "form.csv"
    form.write_text(FORM + rows)
    return str(form)


def test_an_unescaped_slash_in_an_organisation_is_refused_naming_the_row_and_the_escape(run, map_path, tmp_path):
    run("add", "sector", "Arts and culture")
    before = map_path.read_bytes()
    form = write_form(
        tmp_path,
        "Arts and culture/Site Gallery,organisation,,,ann\n"
        "Arts and culture/Sheffield Doc/Fest,organisation,https://sheffdocfest.com,,ann\n",
    )
    expected = (
        "Error: CSV line 3: 'Arts and culture/Sheffield Doc/Fest' would make 'Sheffield Doc' a new sector inside "
        "the sector 'Arts and culture'; if a '/' is part of a name, write it as '\\/' "
        "('Arts and culture/Sheffield Doc\\/Fest'), or give the new sector a row of its own (kind sector)\n"
    )

    for dry_run in (["--dry-run"], []):
        result = run("import", form, *dry_run)

        assert result.exit_code == 1
        assert result.stderr == expected
        assert map_path.read_bytes() == before


def test_a_channel_row_below_a_slashed_name_is_refused_too(run, tmp_path):
    run("add", "sector", "Arts and culture")
    form = write_form(tmp_path, "Arts and culture/Sheffield Doc/Fest/Twitter,,https://twitter.com/sheffdocfest,,\n")

    result = run("import", form)

    assert result.exit_code == 1
    assert "CSV line 2: 'Arts and culture/Sheffield Doc/Fest/Twitter' would make 'Sheffield Doc' a new sector" in (
        result.stderr
    )


def test_the_escaped_slash_is_part_of_the_name(run, load, tmp_path):
    arts = run("add", "sector", "Arts and culture").stdout.strip()
    form = write_form(tmp_path, "Arts and culture/Sheffield Doc\\/Fest,organisation,https://sheffdocfest.com,,ann\n")

    result = run("import", form)

    assert result.exit_code == 0, result.stderr
    mindmap = load()
    (org,) = mindmap.children(arts)
    assert (mindmap.label(org), mindmap.kind(org)) == ("Sheffield Doc/Fest", "organisation")


def test_sub_sectors_the_map_has_or_a_row_names_are_used(run, load, tmp_path):
    arts = run("add", "sector", "Arts and culture").stdout.strip()
    film = run("add", "sector", "Film", "--under", arts).stdout.strip()
    form = write_form(
        tmp_path,
        "Arts and culture/Film/Showroom,organisation,,,ann\n"
        # Named in a row of its own, after the row that runs through it: a sub-sector on purpose.
        "Arts and culture/Music/Tramlines,organisation,,,bob\n"
        "Arts and culture/Music,sector,,,bob\n",
    )

    result = run("import", form)

    assert result.exit_code == 0, result.stderr
    mindmap = load()
    assert [mindmap.label(kid) for kid in mindmap.children(film)] == ["Showroom"]
    music = mindmap.resolve("Arts and culture/Music")
    assert mindmap.kind(music) == "sector"
    assert [mindmap.label(kid) for kid in mindmap.children(music)] == ["Tramlines"]


def test_a_new_sector_at_the_top_is_still_made_and_named(run, load, tmp_path):
    form = write_form(tmp_path, "Media/BBC Sheffield,organisation,,,ann\n")

    result = run("import", form)

    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().endswith("; new sector: 'Media'")


def test_under_a_sector_the_refusal_names_that_sector(run, map_path, tmp_path):
    run("add", "sector", "Arts and culture")
    before = map_path.read_bytes()
    form = write_form(tmp_path, "Sheffield Doc/Fest,organisation,,,ann\n")

    result = run("import", form, "--under", "Arts and culture")

    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: CSV line 2: 'Sheffield Doc/Fest' would make 'Sheffield Doc' a new sector inside the sector "
        "'Arts and culture'; if a '/' is part of a name, write it as '\\/' ('Sheffield Doc\\/Fest')"
    )
    assert map_path.read_bytes() == before


def test_a_row_giving_an_organisation_a_channel_link_says_the_link_was_left_out_and_how_to_add_it(run, load, tmp_path):
    # A reader writes the organisation's path and its Facebook page: the row names the organisation itself.
    run("add", "sector", "Education")
    college = run("add", "org", "Sheffield College", "--under", "Education", "--url", "https://sheffcol.ac.uk").stdout
    form = write_form(tmp_path, "Education/Sheffield College,,https://www.facebook.com/TheSheffieldCollege,,bo\n")

    result = run("import", form)

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "Warning: 'Education/Sheffield College' is already in the map; kept it as it is, without the file's link "
        "(for a channel of it, give the channel a path of its own: 'Education/Sheffield College/Facebook')"
    )
    assert load().children(college.strip()) == []
    # As the warning says:
    form = write_form(
        tmp_path, "Education/Sheffield College/Facebook,,https://www.facebook.com/TheSheffieldCollege,,\n"
    )
    assert run("import", form).exit_code == 0
    mindmap = load()
    (channel,) = mindmap.children(college.strip())
    assert mindmap.node(channel).url == "https://facebook.com/TheSheffieldCollege"


def test_a_row_that_says_what_the_map_holds_already_warns_of_nothing(run, tmp_path):
    run("add", "sector", "Education")
    run("add", "org", "Sheffield College", "--under", "Education", "--url", "https://sheffcol.ac.uk", "--note", "FE")
    form = write_form(tmp_path, "Education/Sheffield College,organisation,https://sheffcol.ac.uk/,FE,bo\n")

    result = run("import", form)

    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr


def test_a_new_map_from_the_form_refuses_the_slash_too(run, tmp_path):
    # `init --from` builds the map from the form without merging into one: the same rule, the same message.
    form = write_form(tmp_path, "Arts and culture/Sheffield Doc/Fest,organisation,,,ann\n")
    new_map = tmp_path / "new.json"

    result = run("--map", str(new_map), "init", "--from", form)

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: CSV line 2: 'Arts and culture/Sheffield Doc/Fest' would make 'Sheffield Doc' a new sector inside "
        "the sector 'Arts and culture'; if a '/' is part of a name, write it as '\\/' "
        "('Arts and culture/Sheffield Doc\\/Fest'), or give the new sector a row of its own (kind sector)\n"
    )
    assert not new_map.exists()
    assert (
        run(
            "--map",
            str(new_map),
            "init",
            "--from",
            write_form(tmp_path, "Arts/Film,sector,,,\nArts/Film/Showroom,organisation,,,\n"),
        ).exit_code
        == 0
    )


def test_a_new_sector_inside_a_sector_of_the_map_is_named_by_its_path(run, load, tmp_path):
    # Found by the trial: a sheet's 'Arts/Musci' made a new sub-sector as silently as a typo at the top would.
    run("add", "sector", "Arts and culture")
    form = write_form(
        tmp_path,
        "Arts and culture/Musci,sector,,,ann\n"
        "Arts and culture/Musci/Folk,sector,,,ann\n"
        "Arts and culture/Musci/Folk/Cellar Sessions,organisation,,,ann\n"
        "Media/BBC Sheffield,organisation,,,ann\n",
    )

    result = run("import", form)

    assert result.exit_code == 0, result.stderr
    # Only the first new sector of each path: 'Folk' is inside a sector that is new itself.
    assert result.stderr.strip().endswith("; new sectors: 'Arts and culture/Musci', 'Media'")
    assert load().kind(load().resolve("Arts and culture/Musci/Folk")) == "sector"


def test_a_path_with_a_labels_slash_unescaped_gets_the_escaped_path_as_its_did_you_mean(run):
    # The Leicester trial: `add channel https://linktr.ee/uhleicester` made the label 'Website linktr.ee/uhleicester';
    # the path typed from it, without the '\/', got "did you mean 'The Y Leicester'".
    run("add", "sector", "Health")
    run("add", "org", "UHL", "--under", "Health")
    run("add", "channel", "https://linktr.ee/uhleicester", "--under", "UHL")
    shown = run("show", "UHL/Website linktr.ee/uhleicester")
    assert shown.exit_code == 1
    assert shown.stderr == (
        "Error: no node 'UHL/Website linktr.ee/uhleicester'; did you mean "
        "'Health/UHL/Website linktr.ee\\/uhleicester'? (write a '/' inside a label as '\\/')\n"
    )
    assert run("show", "Health/UHL/Website linktr.ee\\/uhleicester").exit_code == 0
    assert "inside a label" not in run("show", "Health/UHL/Website linktr.ee/nobody").stderr  # no such label


def test_the_slash_did_you_mean_climbs_only_as_far_as_the_path_reaches(monkeypatch):
    # The did-you-mean climbed from every label holding a '/' to the root: on a chain 10,000 levels deep of
    # such labels, a mistyped path took half a minute. It needs only as many levels as the typed path has.
    from mindmap.errors import NodeNotFoundError
    from mindmap.model import MindMap

    chain = MindMap("Deep")
    parent = chain.root
    for level in range(1, 1001):
        parent = chain.add("topic", f"site{level}.org/page", parent)
    climbed = []
    parent_of = MindMap.parent
    monkeypatch.setattr(MindMap, "parent", lambda self, node_id: climbed.append(node_id) or parent_of(self, node_id))
    for typed, meant in [("site1.org/page/nowhere", None), ("site999.org/page/site1000.org/page", parent)]:
        climbed.clear()
        try:
            chain.resolve(typed)
        except NodeNotFoundError as error:
            assert meant is None or "did you mean 'site1.org\\/page/" in str(error)
        assert len(climbed) < 20_000  # a few per node; from each to the root it was 500,000
