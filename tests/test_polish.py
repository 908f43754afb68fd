"""What a newcomer's trial found: each loss said once, new sectors named, journal wording, clearer errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.store import MapFile

SELF_LINK_MM = b"""<map version="1.0.1"><node ID="ID_1" TEXT="Derby"><node ID="ID_2" TEXT="Media">
<arrowlink DESTINATION="ID_2"/><arrowlink DESTINATION="ID_9"/>
<richcontent TYPE="NOTE"><html><body><p>See <img src="a.png"/></p></body></html></richcontent>
</node></node></map>"""


def init_from(tmp_path: Path, source: Path) -> tuple[int, str, MapFile]:
    """Run `mindmap init --from SOURCE` into a new map; return the exit code, stderr and the map file."""
    target = tmp_path / "imported.json"
    result = CliRunner().invoke(app, ["--map", str(target), "init", "--from", str(source)])
    return result.exit_code, result.stderr, MapFile(target)


def test_init_from_mm_says_each_loss_once(tmp_path):
    source = tmp_path / "self.mm"
    source.write_bytes(SELF_LINK_MM)
    code, stderr, saved = init_from(tmp_path, source)
    assert code == 0, stderr
    assert "dropped 1 cross-link from a node to itself" in stderr
    assert "dropped 1 cross-link to a node that is not in the file" in stderr
    assert "dropped 1 image in notes and details" in stderr
    assert "not imported" not in stderr  # the warnings above already said it, with the reason
    mindmap = saved.load()
    assert [mindmap.node(node_id).label for node_id, _ in mindmap.walk()] == ["Derby", "Media"]
    assert mindmap.links() == []


@pytest.mark.parametrize(
    ("name", "lost"),
    [("fp-functions-1.9.0.mm", ["7 cross-links"]), ("fp-userguide-1.12.1-large.mm", ["10 cross-links", "33 images"])],
)
def test_corpus_losses_are_said_once(tmp_path, name, lost):
    source = CORPUS / "mm" / name
    if not source.exists():
        pytest.skip("the shared corpus is not here")
    code, stderr, saved = init_from(tmp_path, source)
    assert code == 0, stderr
    for what in lost:
        assert stderr.count(what) == 1, stderr
    assert "not imported" not in stderr
    assert len(saved.load()) > 60


def test_form_import_names_the_sector_a_typo_made(run, load, tmp_path):
    media = run("add", "sector", "Media").stdout.strip()
    form = tmp_path / "form.csv"
    form.write_text(
        "path,kind,url,note,by\nMedai/Leicester Live,organisation,,,ann\nMedia/BBC Leicester,organisation,,,bob\n"
    )
    result = run("import", str(form))
    assert result.exit_code == 0, result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("Imported 3 nodes") and summary.endswith("; new sector: 'Medai'")
    mindmap = load()
    assert sorted(mindmap.label(kid) for kid in mindmap.children(mindmap.root)) == ["Medai", "Media"]
    assert [mindmap.label(kid) for kid in mindmap.children(media)] == ["BBC Leicester"]


def test_form_import_cuts_a_long_list_of_new_sectors(run, load, tmp_path):
    form = tmp_path / "form.csv"
    rows = "".join(f"Sector {n}/Org {n},organisation,,,ann\n" for n in range(1, 18))
    form.write_text("path,kind,url,note,by\n" + rows)
    result = run("import", str(form))
    assert result.exit_code == 0, result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.endswith("; new sectors: 'Sector 1', 'Sector 2', 'Sector 3', 'Sector 4', 'Sector 5' and 12 more")
    mindmap = load()
    assert {mindmap.kind(kid) for kid in mindmap.children(mindmap.root)} == {"sector"}
    assert len(mindmap.children(mindmap.root)) == 17


def test_form_import_into_known_sectors_names_none(run, tmp_path):
    run("add", "sector", "Media")
    form = tmp_path / "form.csv"
    form.write_text("path,kind,url,note,by\nMedia/BBC Leicester,organisation,,,bob\n")
    result = run("import", str(form))
    assert result.exit_code == 0, result.stderr
    assert "new sector" not in result.stderr


def test_link_and_unlink_entries_name_both_ends_and_are_found_by_either(run, load, map_path):
    from mindmap.journal import history

    media = run("add", "sector", "Media").stdout.strip()
    bbc = run("add", "organisation", "BBC", "--under", media).stdout.strip()
    itv = run("add", "organisation", "ITV", "--under", media).stdout.strip()
    assert run("link", bbc, itv).exit_code == 0
    assert run("unlink", bbc, itv).exit_code == 0
    assert load().links() == []
    for end in (bbc, itv):
        entries = history(MapFile(map_path), node=end)
        summaries = [line for entry in entries[:2] for line in entry["summary"]]
        assert summaries == [
            "removed the link from 'Media/BBC' to 'Media/ITV'",
            "added a link from 'Media/BBC' to 'Media/ITV'",
        ]
        result = run("log", "--node", end)
        assert result.exit_code == 0, result.stderr
        assert "removed the link from 'Media/BBC' to 'Media/ITV'" in result.stdout
    assert "link(s)" not in run("log").stdout


def test_many_links_are_counted_in_the_plural(run, load):
    from mindmap.journal import make_patch, summarise

    media = run("add", "sector", "Media").stdout.strip()
    orgs = [run("add", "organisation", f"Org {n}", "--under", media).stdout.strip() for n in range(4)]
    before = load()
    after = before.to_document(fresh=True)
    after["crosslinks"] = [{"source": orgs[0], "target": other} for other in orgs[1:]]
    patch = make_patch(before.to_document(fresh=True), after)
    assert summarise(patch, before) == ["added 3 links"]


def test_check_names_the_node_to_set_a_link_on_and_shows_paths_as_typed(run, load):
    from mindmap.checks import check

    arts = run("add", "sector", "Arts/Culture").stdout.strip()
    quad = run("add", "organisation", "Quad", "--under", arts).stdout.strip()
    run("add", "organisation", "QUAD ", "--under", quad)
    feed = run("add", "channel", "Feed", "--under", quad).stdout.strip()
    result = run("check")
    assert f"add one with `mindmap set {feed} --url URL`" in result.stdout + result.stderr
    messages = {finding.rule: finding.message for finding in check(load())}
    assert messages["channel-without-url"] == f"the channel has no link: add one with `mindmap set {feed} --url URL`"
    assert messages["duplicate-organisation"].startswith(
        r"another organisation has the same name: 'Arts\/Culture/Quad'"
    )


def test_import_messages_show_paths_as_typed(run, map_path, tmp_path):
    arts = run("add", "sector", "Arts/Culture").stdout.strip()
    quad = run("add", "organisation", "Quad", "--under", arts).stdout.strip()
    feed = run("add", "channel", "Feed", "--under", quad).stdout.strip()
    form = tmp_path / "form.csv"
    form.write_text("path,kind,url,note,by\nArts\\/Culture/Quad,organisation,,a note,ann\n")
    result = run("import", str(form))
    assert result.exit_code == 0, result.stderr
    assert (
        "Warning: 'Arts\\/Culture/Quad' is already in the map; kept it as it is, without the file's note\n"
        in result.stderr
    )
    source = tmp_path / "x.mm"
    source.write_bytes(b'<map version="1.0.1"><node TEXT="X"><node TEXT="Y"/></node></map>')
    before = map_path.read_bytes()
    result = run("import", str(source), "--under", feed)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot import under 'Arts\\/Culture/Quad/Feed': "
        "nothing can go under a channel; import under another node\n"
    )
    assert map_path.read_bytes() == before


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EROFS, "the folder is read-only"), (errno.EACCES, "no permission to write in its folder")],
)
def test_init_in_a_read_only_folder_says_so_in_one_line(tmp_path, monkeypatch, code, reason):
    import filelock

    def refuse(self, *args, **kwargs):
        raise OSError(code, os.strerror(code))

    # Tests run as root here, where a folder's mode does not stop a write: the file system's refusal is made up.
    monkeypatch.setattr(filelock.BaseFileLock, "acquire", refuse)
    target = tmp_path / "x.json"
    result = CliRunner().invoke(app, ["--map", str(target), "init", "Test"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot create {target}: {reason}\n"
    assert not target.exists()


def test_move_or_set_kind_under_the_root_says_which_parent_the_kind_needs(run, load, map_path):
    media = run("add", "sector", "Media").stdout.strip()
    bbc = run("add", "organisation", "BBC", "--under", media).stdout.strip()
    ideas = run("add", "topic", "Ideas").stdout.strip()
    before = map_path.read_bytes()
    result = run("move", "BBC", "Test map")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: an organisation goes under a sector, not the map's root: "
        "mindmap move BBC SECTOR (e.g. mindmap move BBC Media)\n"
    )
    result = run("set", ideas, "--kind", "channel")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'Ideas' is right under the map's root, where a channel cannot go: "
        f"move it under an organisation first (mindmap move {ideas} ORGANISATION), then set its kind\n"
    )
    result = run("add", "org", "ITV", "--under", "Test map")
    assert result.exit_code == 1
    assert "add --under SECTOR (e.g. --under Media)" in result.stderr
    assert map_path.read_bytes() == before
    assert run("move", ideas, media).exit_code == 0
    assert run("set", ideas, "--kind", "org").exit_code == 0
    mindmap = load()
    assert mindmap.kind(ideas) == "organisation" and mindmap.parent(ideas) == media
    assert mindmap.parent(bbc) == media


TEN_PLATFORMS = [
    "https://twitter.com/lct",
    "https://facebook.com/lct",
    "https://instagram.com/lct",
    "https://youtube.com/@lct",
    "https://www.linkedin.com/company/lct",
    "https://www.tiktok.com/@lct",
    "https://www.flickr.com/photos/lct",
    "https://lct.org.uk",
    "https://www.pinterest.com/lct",
    "https://lct.bsky.social",
]


@pytest.fixture
def wide_map(run, map_path):
    """Return the test map with one organisation on ten platforms: a stats table about 160 columns wide."""
    sector = run("add", "sector", "Community and third sector").stdout.strip()
    org = run("add", "org", "Leicester Community Trust", "--under", sector).stdout.strip()
    for url in TEN_PLATFORMS:
        assert run("add", "channel", url, "--under", org).exit_code == 0
    return map_path


def test_stats_fits_a_narrow_terminal(run, wide_map, monkeypatch):
    from mindmap.stats import compute

    assert len(compute(MapFile(wide_map).load()).platforms) == 10
    monkeypatch.setenv("COLUMNS", "80")
    out = run("stats").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Community and third sector: 1 organisation; 10 channels (Twitter 1, Facebook 1," in out
    assert "Total: 1 organisation; 10 channels" in out
    assert "\n    " in out  # the long lines wrap, indented
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("stats").stdout
    assert "Sector                      Organisations  Twitter" in wide
    assert max(len(line) for line in wide.splitlines()) > 150


def test_stats_fits_a_narrow_terminal_in_colour(run, wide_map, monkeypatch):
    import mindmap.cli.analyse as analyse

    monkeypatch.setattr(analyse, "use_colour", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    out = run("stats").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Community and third sector: 1 organisation; 10 channels" in out
    assert "┃ Platform" in out  # the ranking still is a table


def test_stats_json_and_csv_do_not_depend_on_the_terminal(run, wide_map, monkeypatch):
    wide = {option: run("stats", option).stdout for option in ("--json", "--csv")}
    monkeypatch.setenv("COLUMNS", "80")
    for option, out in wide.items():
        assert run("stats", option).stdout == out
    assert len(wide["--csv"].splitlines()[0].split(",")) == 2 + 10 + 2 + 3


@pytest.fixture
def leicester(tmp_path):
    """Return a runner against a new map titled 'Social media in Leicester', and the map's path."""
    path = tmp_path / "leicester.json"

    def invoke(*args: str):
        return CliRunner().invoke(app, ["--map", str(path), *args])

    assert invoke("init", "Social media in Leicester").exit_code == 0
    return invoke, path


def test_under_of_an_org_never_suggests_the_root(leicester):
    invoke, path = leicester
    before = path.read_bytes()
    result = invoke("add", "org", "Leicester Live", "--under", "Media")
    assert result.exit_code == 1
    assert result.stderr == "Error: no node 'Media' (or start it: mindmap add sector Media)\n"
    assert path.read_bytes() == before


def test_a_close_sector_is_suggested_rather_than_the_root(leicester):
    invoke, path = leicester
    assert invoke("add", "sector", "Media and press").exit_code == 0
    assert invoke("add", "topic", "Ideas").exit_code == 0
    for args in (("add", "org", "Leicester Live", "--under", "Media"), ("show", "Media"), ("move", "Ideas", "media")):
        result = invoke(*args)
        assert result.exit_code == 1
        assert "did you mean 'Media and press'?" in result.stderr
        assert "Social media in Leicester" not in result.stderr
    mindmap = MapFile(path).load()
    assert [mindmap.label(kid) for kid in mindmap.children(mindmap.root)] == ["Media and press", "Ideas"]


def test_the_root_is_still_suggested_when_nothing_else_is_close(leicester):
    invoke, _ = leicester
    result = invoke("show", "Leicester")
    assert result.exit_code == 1
    assert result.stderr == "Error: no node 'Leicester'; did you mean 'Social media in Leicester'?\n"


def test_journal_shows_a_path_with_a_slash_as_typed(run, map_path):
    from mindmap.journal import history

    arts = run("add", "sector", "Arts/Culture").stdout.strip()
    quad = run("add", "org", "Quad", "--under", arts).stdout.strip()
    museum = run("add", "org", "Museum", "--under", arts).stdout.strip()
    assert run("link", quad, museum).exit_code == 0
    summaries = [line for entry in history(MapFile(map_path)) for line in entry["summary"]]
    assert summaries[:2] == [
        "added a link from 'Arts\\/Culture/Quad' to 'Arts\\/Culture/Museum'",
        "added organisation 'Arts\\/Culture/Museum'",
    ]
