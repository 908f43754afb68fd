"""What a trial as a regional survey's research assistant found: scripting, working together, reporting."""

from __future__ import annotations

import pytest

from mindmap import MapFile


@pytest.fixture
def survey(run):
    """A sector with two organisations, each with a channel (a department under one)."""
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    run("add", "org", "Derby Theatre", "--under", "Arts")
    run("add", "channel", "https://twitter.com/derbyquad", "--under", "Derby QUAD")
    run("add", "channel", "https://twitter.com/derbytheatre", "--under", "Derby Theatre")
    return run


@pytest.mark.parametrize(
    ("depth", "kinds"),
    [("0", ["root", "sector"]), ("1", ["root", "sector", "organisation", "organisation"])],
)
def test_export_from_a_node_counts_depth_below_that_node(survey, tmp_path, depth, kinds):
    out = tmp_path / "part.json"
    result = survey("export", str(out), "--from", "Arts", "--depth", depth)
    assert result.exit_code == 0, result.stderr
    part = MapFile(out).load()
    assert [node.kind for node in part.nodes()] == kinds


def test_export_from_a_node_at_depth_one_matches_tree(survey, tmp_path):
    out = tmp_path / "part.txt"
    assert survey("export", str(out), "--from", "Arts", "--depth", "1").exit_code == 0
    tree = survey("tree", "Arts", "--depth", "1").stdout
    assert "Twitter" not in out.read_text() and "Twitter" not in tree
    assert "Derby Theatre" in out.read_text() and "Derby Theatre" in tree


def test_batch_names_every_failing_line_in_one_run_and_saves_nothing(survey, map_path, tmp_path):
    before = map_path.read_bytes()
    commands = tmp_path / "lines.txt"
    commands.write_text(
        "add org 'Derby Museum' --under Arts\n"
        "add channel http://bit.ly/3xYzAbC --under 'Derby Museum'\n"
        "add channel https://twitter.com/derbymuseums --under 'Derby Museum'\n"
        "add channel 'https://www.facebook.com/search.php?q=derby' --under 'Derby Museum'\n"
    )
    result = survey("batch", str(commands))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("line 2: 'http://bit.ly/3xYzAbC': the link is a short link")
    assert lines[1].startswith("line 4: 'https://www.facebook.com/search.php?q=derby'")
    assert lines[-1] == "Error: 2 of 4 lines failed, the first on line 2; nothing was saved"
    assert map_path.read_bytes() == before
    assert "Derby Museum" not in {node.label for node in MapFile(map_path).load().nodes()}


def test_batch_with_one_failing_line_says_it_in_the_error_line(survey, map_path, tmp_path):
    before = map_path.read_bytes()
    commands = tmp_path / "lines.txt"
    commands.write_text("add org 'Derby Museum' --under Arts\nadd channel http://bit.ly/x1 --under 'Derby Museum'\n")
    result = survey("batch", str(commands))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: line 2: 'http://bit.ly/x1': the link is a short link that hides where it goes; open it and copy "
        "the address it leads to, or add --force to keep it anyway; nothing was saved"
    ]
    assert map_path.read_bytes() == before


def test_batch_lists_at_most_twenty_failing_lines(survey, map_path, tmp_path):
    commands = tmp_path / "lines.txt"
    commands.write_text("".join(f"rename 'No such {n}' X{n}\n" for n in range(25)))
    result = survey("batch", str(commands))
    assert result.exit_code == 1
    listed = [line for line in result.stderr.splitlines() if line.startswith("line ")]
    assert len(listed) == 20
    assert (
        result.stderr.splitlines()[-1]
        == "Error: 25 of 25 lines failed (5 not listed), the first on line 1; nothing was saved"
    )
    assert len(MapFile(map_path).load()) == 6


def test_import_form_names_every_row_with_a_faulty_link_in_one_run(survey, map_path, tmp_path):
    before = map_path.read_bytes()
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "path,kind,url,note,by\n"
        "Arts/Derby Museum,organisation,https://www.derbymuseums.org,,\n"
        "Arts/Derby Museum/Twitter,channel,http://bit.ly/3xYzAbC,,\n"
        "Arts/Derby Museum/Facebook,channel,https://facebook.com/derbymuseums,,\n"
        "Arts/Derby Museum/Old tweet,channel,https://twitter.com/derbymuseums/status/123,,\n"
        "Arts/Derby Museum/Share,channel,https://www.facebook.com/sharer/sharer.php?u=x,,\n"
    )
    for extra in ((), ("--dry-run",)):
        result = survey("import", str(sheet), *extra)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: CSV line 3: 'http://bit.ly/3xYzAbC': the link is a short link")
        assert result.stderr.rstrip().endswith(
            "; 2 more rows with a faulty link: lines 5, 6; or add --force to keep faulty links "
            "(`mindmap check` lists them)"
        )
        assert len(result.stderr.splitlines()) == 1
    assert map_path.read_bytes() == before


def test_import_form_names_faulty_rows_before_the_row_that_stops_it(survey, map_path, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "path,kind,url,note,by\n"
        "Arts/Derby Museum/Twitter,channel,http://bit.ly/3xYzAbC,,\n"
        "Arts/Derby Museum,organisation,,,\n"
        "Arts/derby museum,organisation,,,\n"
    )
    result = survey("import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.rstrip().endswith(
        "; then CSV line 4: the path 'Arts/derby museum' is already on line 3 (as 'Arts/Derby Museum'); "
        "give each node one row"
    )
    assert result.stderr.startswith("Error: CSV line 2: 'http://bit.ly/3xYzAbC'")
    assert "Derby Museum" not in {node.label for node in MapFile(map_path).load().nodes()}


def test_check_names_a_duplicate_channel_of_the_same_path_by_id_and_says_how_to_combine(survey, map_path):
    # Two people added the same account under one organisation; the merge kept both, with one path.
    with MapFile(map_path).edit() as mindmap:
        quad = mindmap.resolve("Derby QUAD")
        first = mindmap.add("channel", "Instagram @derbyquad", quad, url="https://instagram.com/derbyquad")
        second = mindmap.add("channel", "Instagram @derbyquad ", quad, url="https://www.instagram.com/derbyquad/")
    result = survey("check")
    line = next(line for line in result.stdout.splitlines() if "[duplicate-channel]" in line)
    assert f"(id {first}, under the same organisation); if they are one: `mindmap combine {first} {second}`" in line
    assert survey("combine", first, second).exit_code == 0
    assert [node.id for node in MapFile(map_path).load().nodes() if node.platform == "instagram"] == [first]


def test_undo_past_a_git_merge_says_the_older_edits_cannot_be_undone(run, map_path):
    from mindmap.formats import json_map
    from mindmap.store import write_atomically

    assert run("add", "sector", "Arts", "--by", "Bob").exit_code == 0
    merged = MapFile(map_path).load()  # a git merge brings Alice's sector in
    merged.add("sector", "Sport")
    write_atomically(map_path, json_map.dumps(merged.to_document()))
    assert run("add", "sector", "Media").exit_code == 0
    assert run("undo").exit_code == 0
    after_merge = map_path.read_bytes()
    result = run("undo")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: nothing to undo in "
    ) and "changed outside mindmap (for example by git pull, a merge or a text editor) after 'add sector Arts" in (
        result.stderr
    )
    assert "cannot be undone (those made since are undone already)" in result.stderr
    assert map_path.read_bytes() == after_merge
    assert [node.label for node in MapFile(map_path).load().nodes()] == ["Test map", "Arts", "Sport"]


def test_check_warns_of_a_sector_twice_and_one_combine_settles_all_it_holds(run, map_path, tmp_path):
    # Alice and Bob imported one sheet on two branches: after the merge every sector is there twice.
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "path,kind,url,note,by\n"
        "Local government/Derby City Council,organisation,,,\n"
        "Local government/Derby City Council/Twitter,channel,https://twitter.com/derbycc,,\n"
    )
    assert run("import", str(sheet)).exit_code == 0
    with MapFile(map_path).edit() as mindmap:
        copy = MapFile(map_path).load()
        mindmap.graft(copy.subtree(copy.resolve("Local government")), mindmap.root, include_root=False)
    first, second = [node.id for node in MapFile(map_path).load().nodes() if node.kind == "sector"]
    lines = run("check").stdout.splitlines()
    sector = [line for line in lines if line.endswith("[duplicate-sector]")]
    assert sector == [
        f"warning: Local government: another sector under the same parent has the same name: 'Local government' "
        f"(id {first}); if they are one: `mindmap combine {first} {second}` (with everything they hold) "
        "[duplicate-sector]"
    ]
    assert lines.index(sector[0]) < min(i for i, line in enumerate(lines) if "[duplicate-organisation]" in line)
    assert run("combine", first, second).exit_code == 0
    assert run("check").exit_code == 0
    assert [node.kind for node in MapFile(map_path).load().nodes()] == ["root", "sector", "organisation", "channel"]


def test_sub_sectors_of_one_name_in_two_sectors_are_no_duplicate(run):
    for sector in ("Arts", "Heritage"):
        run("add", "sector", sector)
        run("add", "sector", "Museums", "--under", sector)
    assert "duplicate-sector" not in run("check").stdout


def test_import_form_says_how_an_earlier_row_spelled_a_path_named_twice(run, map_path):
    before = map_path.read_bytes()
    sheet = map_path.parent / "sheet.csv"
    sheet.write_text("path,kind,url,note,by\nArts/Derby QUAD,organisation,,,\nArts/Derby Quad,organisation,,,\n")
    result = run("import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: CSV line 3: the path 'Arts/Derby Quad' is already on line 2 (as 'Arts/Derby QUAD'); give each node "
        "one row\n"
    )
    assert map_path.read_bytes() == before


def test_batch_reads_a_hash_inside_a_word_as_the_shell_does(survey, map_path, tmp_path):
    # A '#' starts a comment only at the start of a word outside quotes; shlex cut every link with a fragment.
    commands = tmp_path / "lines.txt"
    commands.write_text(
        "add org Museum#1 --under Arts --note Meeting#3   # a comment, as in a shell script\n"
        "add channel https://twitter.com/#!/derbymuseum1 --under Museum#1\n"
        "add org '#DerbyHour' --under Arts #no space needed after the hash\n"
        "set 'Derby QUAD' --note \"Programme: see #films\" --url https://www.derbyquad.co.uk/#cinema\n"
        "# a whole line of comment\n"
    )
    result = survey("batch", str(commands))
    assert result.exit_code == 0, result.stderr
    mindmap = MapFile(map_path).load()
    museum = mindmap.node(mindmap.resolve("Museum#1"))
    assert museum.note == "Meeting#3"
    assert [mindmap.node(kid).url for kid in mindmap.children(museum.id)] == ["https://twitter.com/derbymuseum1"]
    assert mindmap.resolve("#DerbyHour")
    quad = mindmap.node(mindmap.resolve("Derby QUAD"))
    assert (quad.note, quad.url) == ("Programme: see #films", "https://www.derbyquad.co.uk#cinema")


def test_batch_joins_lines_continued_with_a_backslash_as_the_shell_does(survey, map_path, tmp_path):
    commands = tmp_path / "lines.txt"
    commands.write_text(
        'mindmap add org "Derby Museum" \\\n'
        "    --under Arts \\\n"
        "    --url https://www.derbymuseums.org\n"
        "add channel @derbymuseums --platform twitter --under 'Derby Museum'\n"
        "rename 'No such' \\\n  Other\n"
    )
    result = survey("batch", str(commands))
    assert result.stderr.splitlines() == ["Error: line 5: no node 'No such'; nothing was saved"]
    commands.write_text(commands.read_text().rsplit("rename", 1)[0])
    assert survey("batch", str(commands)).exit_code == 0
    mindmap = MapFile(map_path).load()
    museum = mindmap.node(mindmap.resolve("Arts/Derby Museum"))
    assert museum.url == "https://www.derbymuseums.org"
    assert [mindmap.node(kid).handle for kid in mindmap.children(museum.id)] == ["@derbymuseums"]


@pytest.mark.parametrize(
    ("url", "platform", "stored"),
    [
        ("@RiplPariCoun", "twitter", ("https://twitter.com/RiplPariCoun", "twitter", "@RiplPariCoun")),
        ("@derbyquad", "instagram", ("https://instagram.com/derbyquad", "instagram", "@derbyquad")),
        (
            "@BelpBoroCoun@mastodon.social",
            "",
            ("https://mastodon.social/@BelpBoroCoun", "mastodon", "@BelpBoroCoun@mastodon.social"),
        ),
    ],
)
def test_a_script_adds_a_channel_by_its_handle_as_add_does(map_path, url, platform, stored):
    with MapFile(map_path).edit() as mindmap:
        sector = mindmap.add("sector", "Local government", mindmap.root)
        council = mindmap.add("organisation", "Ripley Parish Council", sector)
        channel = mindmap.add("channel", "Channel", council, url=url, platform=platform)
    node = MapFile(map_path).load().node(channel)
    assert (node.url, node.platform, node.handle) == stored


def test_a_script_adding_a_bare_handle_without_platform_is_told_to_give_one(map_path):
    from mindmap.errors import RuleError

    before = map_path.read_bytes()
    with pytest.raises(RuleError, match="could be on any platform"), MapFile(map_path).edit() as mindmap:
        sector = mindmap.add("sector", "Local government", mindmap.root)
        mindmap.add("channel", "Channel", mindmap.add("organisation", "Council", sector), url="@x")
    assert map_path.read_bytes() == before


def test_batch_counts_its_commands_with_thousands_separated_as_elsewhere(survey, map_path, tmp_path):
    commands = tmp_path / "lines.txt"
    commands.write_text("".join(f"add org 'Org {n}' --under Arts\n" for n in range(1001)))
    result = survey("batch", str(commands))
    assert result.exit_code == 0
    assert result.stderr.endswith(f"Ran 1,001 commands from {commands}\n")
    assert len(result.stdout.split()) == 1001
    assert len(MapFile(map_path).load()) == 6 + 1001


def test_batch_lists_failing_lines_after_its_progress_bar_is_gone(survey, map_path, tmp_path, monkeypatch):
    import contextlib

    from mindmap.cli import _progress, batch

    bar = {"showing": False}

    @contextlib.contextmanager
    def shown_bar(description, total=None):
        bar["showing"] = True
        yield lambda steps=1: None
        bar["showing"] = False

    listed_while = []
    report = batch._failure_report

    def watched_report(failures, total):
        listed_while.append(bar["showing"])
        return report(failures, total)

    monkeypatch.setattr(_progress, "progress", shown_bar)
    monkeypatch.setattr(batch, "_failure_report", watched_report)
    before = map_path.read_bytes()
    commands = tmp_path / "lines.txt"
    commands.write_text("add channel http://bit.ly/x1 --under Arts\nadd channel http://bit.ly/x2 --under Arts\n")
    result = survey("batch", str(commands))
    assert result.exit_code == 1 and result.stderr.startswith("line 1:")
    assert listed_while == [False]  # a bar redrawn over the list would garble a terminal
    assert map_path.read_bytes() == before


@pytest.mark.parametrize(
    "sheet",
    ["Organisation,Twitter\nDerby QUAD,@derbyquad\n", "path,kind,url\nDerby QUAD,org,\n"],
    ids=["sheet", "form"],
)
def test_organisations_imported_under_the_root_get_the_way_out(survey, map_path, tmp_path, sheet):
    before = map_path.read_bytes()
    source = tmp_path / "sheet.csv"
    source.write_text(sheet)
    result = survey("import", str(source))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot import 'Derby QUAD' under ")
    assert "import it --under a sector, or give each row its sector (a Sector column, or in the path)" in result.stderr
    assert map_path.read_bytes() == before
    assert survey("import", str(source), "--under", "Arts").exit_code == 0
    mindmap = MapFile(map_path).load()
    assert mindmap.kind(mindmap.resolve("Arts/Derby QUAD")) == "organisation"
