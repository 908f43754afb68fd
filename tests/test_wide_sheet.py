"""The sheet researchers keep: one row per organisation, one column per platform (`mindmap import sheet.csv`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmap.formats import csv_table
from mindmap.formats._wide_sheet import header_platform, wide_columns
from mindmap.importing import import_into
from mindmap.model import MindMap, escape_path_part
from mindmap.store import MapFile

SHEET = (
    "Organisation,Sector,Twitter,Facebook,Instagram,Website,Notes\n"
    "Derby QUAD,Arts,@derbyquad,https://www.facebook.com/derbyquad,,https://derbyquad.co.uk,Cinema and gallery\n"
    "Derby City Council,Councils,https://twitter.com/derbycc; https://x.com/derbycitynews,"
    "facebook.com/derbycitycouncil,derbycitycouncil,,\n"
)


def channels_of(mindmap: MindMap, path: str) -> list[tuple[str, str, str, str]]:
    """Return (label, url, platform, handle) of the channels under the node at PATH, in order."""
    found = []
    for kid in mindmap.children(mindmap.resolve(path)):
        node = mindmap.node(kid)
        assert node.kind == "channel"
        found.append((node.label, node.url, node.platform, node.handle))
    return found


def imported(run, tmp_path, text: str | bytes, *args: str, name: str = "sheet.csv"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return run("import", str(path), *args)


def test_each_row_is_an_organisation_under_its_sector_with_a_channel_per_link(run, load, tmp_path):
    result = imported(run, tmp_path, SHEET)
    assert result.exit_code == 0, result.stderr
    assert "Imported 11 nodes (1 note, 7 urls" in result.stderr
    assert "new sectors: 'Arts', 'Councils'" in result.stderr
    mindmap = load()
    quad = mindmap.resolve("Arts/Derby QUAD")
    assert mindmap.kind(mindmap.resolve("Arts")) == "sector"
    assert mindmap.parent(mindmap.resolve("Arts")) == mindmap.root
    assert mindmap.kind(quad) == "organisation"
    assert mindmap.node(quad).note == "Cinema and gallery"
    assert mindmap.node(quad).added_by == "tester"
    assert channels_of(mindmap, "Arts/Derby QUAD") == [
        ("Twitter @derbyquad", "https://twitter.com/derbyquad", "twitter", "@derbyquad"),
        ("Facebook derbyquad", "https://facebook.com/derbyquad", "facebook", "derbyquad"),
        ("Website derbyquad.co.uk", "https://derbyquad.co.uk", "website", ""),
    ]
    assert channels_of(mindmap, "Councils/Derby City Council") == [
        ("Twitter @derbycc", "https://twitter.com/derbycc", "twitter", "@derbycc"),
        ("Twitter @derbycitynews", "https://twitter.com/derbycitynews", "twitter", "@derbycitynews"),
        ("Facebook derbycitycouncil", "https://facebook.com/derbycitycouncil", "facebook", "derbycitycouncil"),
        ("Instagram @derbycitycouncil", "https://instagram.com/derbycitycouncil", "instagram", "@derbycitycouncil"),
    ]


def test_channels_are_labelled_and_stored_as_mindmap_add_makes_them(run, load, map_path, tmp_path):
    cells = ["@derbyquad", "derbyquad", "https://www.youtube.com/@derbycc", "info@derby.gov.uk", "derbyquad.co.uk"]
    platforms = ["twitter", "instagram", "youtube", "email", "website"]
    header = "Org,Category," + ",".join(platforms)
    result = imported(run, tmp_path, f"{header}\nQUAD,Arts,{','.join(cells)}\n")
    assert result.exit_code == 0, result.stderr
    from_sheet = channels_of(load(), "Arts/QUAD")
    by_hand = tmp_path / "by-hand.json"
    assert run("--map", str(by_hand), "init", "By hand").exit_code == 0
    run("--map", str(by_hand), "add", "sector", "Arts")
    run("--map", str(by_hand), "add", "org", "QUAD", "--under", "Arts")
    # In a platform's column a bare name is the handle; `add` takes one for a label, so it is typed with its '@'.
    typed = [*cells[:1], "@derbyquad", *cells[2:]]
    for cell, platform in zip(typed, platforms, strict=True):
        added = run("--map", str(by_hand), "add", "channel", cell, "--platform", platform, "--under", "QUAD")
        assert added.exit_code == 0, added.stderr
    assert from_sheet == channels_of(MapFile(by_hand).load(), "Arts/QUAD")
    assert [platform for _, _, platform, _ in from_sheet] == platforms


def test_several_links_in_one_cell_become_several_channels_and_one_channel_comes_once(run, load, tmp_path):
    sheet = (
        "Organisation,Sector,Twitter,Website\n"
        'Council,Councils,"@one; @two, @three\n@four  @five",a.org b.org\n'
        "Library,Councils,https://twitter.com/lib https://x.com/LIB,\n"
    )
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    mindmap = load()
    assert [label for label, *_ in channels_of(mindmap, "Councils/Council")] == [
        "Twitter @one",
        "Twitter @two",
        "Twitter @three",
        "Twitter @four",
        "Twitter @five",
        "Website a.org",
        "Website b.org",
    ]
    assert [url for _, url, *_ in channels_of(mindmap, "Councils/Library")] == ["https://twitter.com/lib"]
    assert "CSV line 4: 'https://x.com/LIB' is the same channel as 'https://twitter.com/lib': imported once" in (
        result.stderr
    )


def test_cells_that_say_there_is_no_channel_are_empty_and_said(run, load, tmp_path):
    sheet = "Organisation,Sector,Twitter,Facebook,Website\nQUAD,Arts,-,n/a,\nDéda,Arts,N/A,@deda?, -\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 1  # '@deda?' is no mark: a faulty handle, as ever
    assert "CSV line 3: '@deda?' is not a valid Facebook handle" in result.stderr
    result = imported(run, tmp_path, sheet.replace("@deda?", "?"))
    assert result.exit_code == 0, result.stderr
    assert "CSV: read 5 cells saying '-', 'n/a', 'N/A', '?' as empty: no channel" in result.stderr
    assert load().children(load().resolve("Arts/QUAD")) == []


def test_reimporting_the_sheet_with_new_rows_adds_only_what_is_new(run, load, map_path, tmp_path):
    assert imported(run, tmp_path, SHEET).exit_code == 0
    before = map_path.read_bytes()
    again = imported(run, tmp_path, SHEET)
    assert again.exit_code == 0, again.stderr
    assert "Imported 0 nodes" in again.stderr
    assert map_path.read_bytes() == before
    grown = SHEET.replace("@derbyquad,", "@derbyquad; @quadcinema,") + "Déda,Arts,@dedaderby,,,,Dance\n"
    dry = imported(run, tmp_path, grown, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "Would import 3 nodes (1 note, 2 urls" in dry.stderr
    assert map_path.read_bytes() == before
    result = imported(run, tmp_path, grown)
    assert result.exit_code == 0, result.stderr
    assert "Imported 3 nodes" in result.stderr
    mindmap = load()
    assert [label for label, *_ in channels_of(mindmap, "Arts/Derby QUAD")] == [
        "Twitter @derbyquad",
        "Facebook derbyquad",
        "Website derbyquad.co.uk",
        "Twitter @quadcinema",
    ]
    assert mindmap.parent(mindmap.resolve("Déda")) == mindmap.resolve("Arts")
    assert len(mindmap.children(mindmap.root)) == 2


def test_faulty_links_name_every_bad_row_and_leave_the_map_unchanged(run, map_path, tmp_path):
    run("add", "sector", "Arts")
    before = map_path.read_bytes()
    sheet = (
        "Organisation,Sector,Twitter,Facebook\n"
        "Good,Arts,@good,\n"
        "Searched,Arts,,https://www.facebook.com/search.php?q=quad\n"
        "Short,Arts,https://bit.ly/abc https://twitter.com/search?q=a,\n"
        "Fine,Arts,@fine,\n"
        "Bad handle,Arts,@not-a-handle,\n"
    )
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: CSV line 3: 'https://www.facebook.com/search.php?q=quad': the Facebook link")
    assert lines[0].endswith(
        "2 more rows with a faulty link: lines 4, 6; or add --force to keep faulty links (`mindmap check` lists them)"
    )
    assert map_path.read_bytes() == before


def test_a_semicolon_sheet_from_a_european_spreadsheet_in_windows_1252(run, load, tmp_path):
    sheet = "sep=;\r\nName;Type;X;Facebook page\r\nCafé Bar;Food;@cafebar;cafebar\r\n"
    result = imported(run, tmp_path, sheet.encode("cp1252"))
    assert result.exit_code == 0, result.stderr
    assert "not UTF-8; read the file as Windows-1252" in result.stderr
    assert channels_of(load(), "Food/Café Bar") == [
        ("Twitter @cafebar", "https://twitter.com/cafebar", "twitter", "@cafebar"),
        ("Facebook cafebar", "https://facebook.com/cafebar", "facebook", "cafebar"),
    ]


def test_unknown_columns_become_attributes_of_the_organisation_and_are_said(run, load, tmp_path):
    sheet = "Organisation,Sector,Twitter,City,Followers\nQUAD,Arts,@derbyquad,Derby,\nDéda,Arts,,Derby,1200\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert (
        "Warning: CSV: 2 columns not named after a platform ('City', 'Followers'): kept as attributes of each "
        "organisation" in result.stderr
    )
    mindmap = load()
    assert mindmap.node(mindmap.resolve("Arts/QUAD")).attributes == {"City": "Derby"}
    assert mindmap.node(mindmap.resolve("Arts/Déda")).attributes == {"City": "Derby", "Followers": "1200"}


def test_a_row_without_a_sector_goes_under_other_and_is_named(run, load, tmp_path):
    sheet = "Organisation,Sector,Twitter\nQUAD,Arts,@derbyquad\nLoner,,@loner\nStray,  ,\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert "CSV lines 3, 4: no sector; put under the sector 'Other'" in result.stderr
    mindmap = load()
    assert mindmap.kind(mindmap.resolve("Other")) == "sector"
    assert [mindmap.label(kid) for kid in mindmap.children(mindmap.resolve("Other"))] == ["Loner", "Stray"]


def test_without_a_sector_column_the_organisations_go_under_the_sector_named(run, load, map_path, tmp_path):
    run("add", "sector", "Arts")
    before = map_path.read_bytes()
    sheet = "Name,Twitter\nQUAD,@derbyquad\n"
    refused = imported(run, tmp_path, sheet)
    assert refused.exit_code == 1
    assert "an organisation cannot go under a root" in refused.stderr
    assert map_path.read_bytes() == before
    result = imported(run, tmp_path, sheet, "--under", "Arts")
    assert result.exit_code == 0, result.stderr
    assert channels_of(load(), "Arts/QUAD")[0][0] == "Twitter @derbyquad"


def test_a_link_of_another_platform_is_what_it_is_and_is_said(run, load, tmp_path):
    sheet = "Organisation,Sector,Website\nSmall,Community,https://www.facebook.com/smallorg\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert (
        "CSV line 2: 'https://www.facebook.com/smallorg' in the column 'Website' is a Facebook link: imported as such"
        in result.stderr
    )
    assert channels_of(load(), "Community/Small") == [
        ("Facebook smallorg", "https://facebook.com/smallorg", "facebook", "smallorg")
    ]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("Organisation,Twitter\n,@x\n", "CSV line 2: the organisation's name is empty (column 'Organisation')"),
        ("Org,Sector,X\nQUAD,Arts,@a\nquad ,arts,@b\n", "CSV line 3: 'arts/quad' is already on line 2"),
        ("Organisation,Notes\nQUAD,x\n", "nor a wide sheet's (an Organisation column and columns named after"),
        ("Who,What\nQUAD,x\n", "nor a wide sheet's (an Organisation column and columns named after platforms"),
    ],
)
def test_a_sheet_that_cannot_be_read_says_why_and_changes_nothing(run, map_path, tmp_path, sheet, message):
    before = map_path.read_bytes()
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert map_path.read_bytes() == before


def test_init_from_a_sheet_and_a_sheet_on_standard_input(run, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET)
    new = tmp_path / "new.json"
    result = run("--map", str(new), "init", "Derby", "--from", str(path))
    assert result.exit_code == 0, result.stderr
    mindmap = MapFile(new).load()
    assert mindmap.label(mindmap.root) == "Derby"
    assert mindmap.kind(mindmap.resolve("Councils/Derby City Council")) == "organisation"
    piped = run("import", "-", input=SHEET)  # the header tells a sheet of organisations
    assert piped.exit_code == 0, piped.stderr
    assert "Imported 11 nodes" in piped.stderr


@pytest.mark.parametrize(
    ("header", "platform"),
    [
        ("Twitter", "twitter"),
        ("X", "twitter"),
        ("Twitter/X", "twitter"),
        ("X (Twitter) handle", "twitter"),
        ("Facebook page", "facebook"),
        ("E-mail", "email"),
        ("Email address", "email"),
        ("Web site", "website"),
        ("instagram_account", "instagram"),
        ("Followers", ""),
        ("Twitter followers", ""),
        ("Twitter/Facebook", ""),
        ("Name", ""),
    ],
)
def test_a_column_is_a_platform_when_its_header_names_one(header, platform):
    assert header_platform(header) == platform


def test_the_organisation_column_is_the_first_of_its_names_and_other_names_are_attributes():
    columns = wide_columns(["Name", "Organisation", "Category", "Notes", "Comments", "Twitter"])
    assert columns is not None
    assert (columns.organisation, columns.sector, columns.note) == ("organisation", "category", "notes")
    assert [header for _, header in columns.others] == ["Name", "Comments"]
    assert wide_columns(["Twitter", "Facebook"]) is None


_NAMES = st.text(alphabet="abcDE /&é-", min_size=1, max_size=12).filter(lambda s: s.strip() and "\\" not in s)
_HANDLES = st.lists(st.from_regex(r"[a-z]{2}[0-9_]{1,6}", fullmatch=True), max_size=3, unique=True)


@given(
    st.lists(
        st.tuples(_NAMES, st.sampled_from(["Arts", "Councils", ""]), _HANDLES, _HANDLES),
        min_size=1,
        max_size=6,
        unique_by=lambda row: (" ".join(row[0].split()).casefold(), row[1]),
    )
)
def test_a_sheet_imports_as_the_contributions_form_it_stands_for(rows):
    sheet = ["Organisation,Sector,Twitter,Instagram"]
    form = ["path,kind,url"]
    for name, sector, twitter, instagram in rows:
        # Handles with '@' may be separated by spaces; bare ones by ',' or ';' (spaces may be inside a name).
        cells = [name, sector, " ".join("@" + h for h in twitter), ", ".join(instagram)]
        sheet.append(",".join(f'"{cell}"' for cell in cells))
        path = f"{escape_path_part(sector or 'Other')}/{escape_path_part(name.strip())}"
        form.append(f'"{path}",organisation,')
        form += [f'"{path}/Twitter @{h}",channel,https://twitter.com/{h}' for h in twitter]
        form += [f'"{path}/Instagram @{h}",channel,https://instagram.com/{h}' for h in instagram]

    def imported_map(text: str) -> list[tuple[str, str, str, str, str]]:
        target = MindMap("Survey")
        mindmap, _ = import_into(target, csv_table.read(text.encode()))
        return [(mindmap.path(n.id), n.kind, n.url, n.platform, n.handle) for n in mindmap.nodes()]

    assert imported_map("\n".join(sheet)) == imported_map("\n".join(form))


def test_a_channel_the_map_has_under_another_label_is_not_added_again(run, load, tmp_path):
    # Found by the trial: channels added by hand often have labels of their own ('Twitter'); the sheet's link is
    # the same channel, and a second node for it made `mindmap check` warn of a duplicate.
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    run("add", "channel", "Twitter", "--url", "https://x.com/DerbyQuad", "--under", "Derby QUAD")
    result = imported(run, tmp_path, "Organisation,Sector,Twitter\nderby quad,arts,@derbyquad; @quadcinema\n")
    assert result.exit_code == 0, result.stderr
    assert "Imported 1 node " in result.stderr
    assert (
        "'Arts/Derby QUAD/Twitter' has the link of the file's 'Twitter @derbyquad' already: kept it as it is"
        in result.stderr
    )
    assert "Derby QUAD/Twitter'" in result.stderr and result.stderr.count("Warning:") == 1
    assert [label for label, *_ in channels_of(load(), "Arts/Derby QUAD")] == ["Twitter", "Twitter @quadcinema"]


def test_a_website_cell_with_the_organisations_own_link_adds_no_channel(run, load, tmp_path):
    # The Leicester trial: re-importing the survey sheet gave 'Leicester City Council' (url www.leicester.gov.uk)
    # a channel 'Website leicester.gov.uk' with the same address, and `check` said nothing of it.
    run("add", "sector", "Local government")
    run("add", "org", "Leicester City Council", "--under", "Local government", "--url", "https://www.leicester.gov.uk")
    sheet = (
        "Organisation,Sector,Twitter,Website\n"
        "Leicester City Council,Local government,@leicestercc,https://www.leicester.gov.uk/?utm_source=x\n"
        "Highcross,Local government,,https://www.highcrossleicester.com/\n"
    )
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert (
        "'Local government/Leicester City Council' has the link of the file's 'Website leicester.gov.uk' as its own "
        "already: not added as a channel" in result.stderr
    )
    mindmap = load()
    assert [label for label, *_ in channels_of(mindmap, "Local government/Leicester City Council")] == [
        "Twitter @leicestercc"
    ]
    # An organisation without a link of its own still gets the sheet's website as a channel (docs/outline-formats.md).
    assert [label for label, *_ in channels_of(mindmap, "Local government/Highcross")] == [
        "Website highcrossleicester.com"
    ]


def test_a_social_account_that_is_the_organisations_own_link_is_still_added_as_its_channel(run, load, tmp_path):
    # Only a website duplicates an organisation's own link: a Facebook page given as an organisation's link,
    # then in the sheet's Facebook column, must become a channel, or stats and check say it runs none.
    run("add", "sector", "Arts")
    run("add", "org", "Curve", "--under", "Arts", "--url", "https://www.facebook.com/curvetheatre")
    result = imported(run, tmp_path, "Organisation,Sector,Facebook\nCurve,Arts,https://facebook.com/curvetheatre\n")
    assert result.exit_code == 0, result.stderr
    assert "as its own already" not in result.stderr
    assert [platform for _, _, platform, _ in channels_of(load(), "Arts/Curve")] == ["facebook"]
    assert run("check").exit_code == 0


def test_a_totals_row_of_counts_is_left_out_and_said(run, load, map_path, tmp_path):
    sheet = SHEET + "Total,,3,2,1,1,\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert "CSV line 4: a totals row (only numbers under the platforms): not an organisation" in result.stderr
    mindmap = load()
    assert [mindmap.node(kid).label for kid in mindmap.children(mindmap.root)] == ["Arts", "Councils"]
    # A row named 'Total' with a link in it is an organisation, not counts.
    result = imported(run, tmp_path, "Organisation,Sector,Twitter\nTotal,Shops,@totalshop\n")
    assert result.exit_code == 0, result.stderr
    assert channels_of(load(), "Shops/Total") == [
        ("Twitter @totalshop", "https://twitter.com/totalshop", "twitter", "@totalshop")
    ]


@pytest.mark.parametrize("second", ["Facebook", "Facebook 2", "Facebook (2)"])
def test_two_columns_for_one_platform_are_both_read(run, load, tmp_path, second):
    sheet = (
        f"Organisation,Sector,Facebook,{second},Twitter\n"
        "Derby QUAD,Arts,facebook.com/derbyquad,facebook.com/quadcinema,@derbyquad\n"
    )
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert "kept as attributes" not in result.stderr
    assert [url for _, url, _, _ in channels_of(load(), "Arts/Derby QUAD")] == [
        "https://facebook.com/derbyquad",
        "https://facebook.com/quadcinema",
        "https://twitter.com/derbyquad",
    ]


def test_two_columns_of_one_name_that_is_not_a_platform_are_refused(run, map_path, tmp_path):
    before = map_path.read_bytes()
    result = imported(run, tmp_path, "Organisation,Notes,Twitter,Notes\nDerby QUAD,a,@derbyquad,b\n")
    assert result.exit_code == 1
    assert "Error: CSV line 1: the column 'notes' appears twice" in result.stderr
    assert map_path.read_bytes() == before


@pytest.mark.parametrize("cell", ["No", "x", "N/A.", "na", "not found"])
def test_more_ways_of_saying_no_channel_make_no_channel(run, load, tmp_path, cell):
    result = imported(run, tmp_path, f"Organisation,Sector,Facebook,Twitter\nDerby QUAD,Arts,{cell},@derbyquad\n")
    assert result.exit_code == 0, result.stderr
    assert f"read 1 cell saying {cell!r} as empty: no channel" in result.stderr
    assert [platform for _, _, platform, _ in channels_of(load(), "Arts/Derby QUAD")] == ["twitter"]


def test_a_comma_in_a_links_query_does_not_split_the_link(run, load, tmp_path):
    sheet = (
        "Organisation,Sector,Facebook\n"
        'Derby QUAD,Arts,"https://www.facebook.com/derbyquad?ref=a,b,https://facebook.com/quadcinema"\n'
        'Deda,Arts,"dedaderby,deda.cafe"\n'
    )
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    mindmap = load()
    assert [url for _, url, _, _ in channels_of(mindmap, "Arts/Derby QUAD")] == [
        "https://facebook.com/derbyquad",
        "https://facebook.com/quadcinema",
    ]
    assert [url for _, url, _, _ in channels_of(mindmap, "Arts/Deda")] == [
        "https://facebook.com/dedaderby",
        "https://facebook.com/deda.cafe",
    ]


def test_a_sector_written_with_a_slash_is_a_sub_sector_unless_escaped(run, load, map_path, tmp_path):
    assert run("add", "sector", "arts").exit_code == 0
    sheet = (
        "Organisation,Sector,Twitter\n"
        "Derby QUAD,Arts / Music,@derbyquad\n"
        "Deda,Arts/Dance,@dedaderby\n"
        "Derby Cathedral,Faith\\/Belief,@derbycathedral\n"
        "Derby Museums,/,@derbymuseums\n"
    )
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert "CSV line 5: no sector; put under the sector 'Other'" in result.stderr
    mindmap = load()
    arts = mindmap.resolve("arts")
    assert [mindmap.node(kid).label for kid in mindmap.children(arts)] == ["Music", "Dance"]
    for path in ("arts/Music", "arts/Dance"):
        assert mindmap.kind(mindmap.resolve(path)) == "sector"
    assert mindmap.kind(mindmap.resolve("arts/Music/Derby QUAD")) == "organisation"
    assert mindmap.node(mindmap.parent(mindmap.resolve("Derby Cathedral"))).label == "Faith/Belief"
    assert mindmap.kind(mindmap.resolve("Other/Derby Museums")) == "organisation"


def test_a_youtube_channel_id_in_the_youtube_column_is_the_channel_page(run, load, tmp_path):
    sheet = "Organisation,Sector,YouTube channel\nDerby QUAD,Arts,UCaBcDeFgHiJkLmNoPqRsTuV; @derbyquad\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert [url for _, url, _, _ in channels_of(load(), "Arts/Derby QUAD")] == [
        "https://youtube.com/channel/UCaBcDeFgHiJkLmNoPqRsTuV",
        "https://youtube.com/@derbyquad",
    ]


def test_spaces_separate_links_and_handles_but_not_the_words_of_a_name(run, load, map_path, tmp_path):
    # Found in review of the trial's leftovers: 'Derby QUAD' in a Twitter column became the handles @Derby and
    # @QUAD (two real accounts of other people), and a mistyped '@new org' two handles too.
    sheet = "Organisation,Sector,Twitter,Instagram\nQuad,Arts,@derbyquad   https://twitter.com/quadcinema,\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert [url for _, url, *_ in channels_of(load(), "Arts/Quad")] == [
        "https://twitter.com/derbyquad",
        "https://twitter.com/quadcinema",
    ]
    before = map_path.read_bytes()
    for cell in ("Derby Museum", "@new org"):
        result = imported(run, tmp_path, f"Organisation,Sector,Twitter\nMuseum,Arts,{cell}\n")
        assert result.exit_code == 1
        assert f"CSV line 2: '{cell}' is not a link or handle" in result.stderr
        assert map_path.read_bytes() == before


def test_a_platform_named_before_a_handle_in_a_cell_is_the_handles_platform(run, load, tmp_path):
    # People write 'Twitter: @x' in a column of links: the label says where the handle is.
    sheet = "Organisation,Sector,Twitter\nQuad,Arts,Twitter: @derbyquad; Instagram:@quadcinema\n"
    result = imported(run, tmp_path, sheet)
    assert result.exit_code == 0, result.stderr
    assert [(platform, url) for _, url, platform, _ in channels_of(load(), "Arts/Quad")] == [
        ("twitter", "https://twitter.com/derbyquad"),
        ("instagram", "https://instagram.com/quadcinema"),
    ]


def test_a_link_that_differs_only_in_the_case_of_a_handle_is_not_said_to_be_left_out(run, load, tmp_path):
    # Found by the trial: re-importing a sheet that spells a handle in other capitals than the map warned that the
    # file's link was left out, though it is the same account (handles are not case-sensitive).
    run("add", "sector", "Arts")
    run("add", "org", "Derby QUAD", "--under", "Arts")
    run("add", "channel", "https://twitter.com/DerbyQuad", "--under", "Derby QUAD")
    result = imported(run, tmp_path, "Organisation,Sector,Twitter\nDerby QUAD,Arts,@derbyquad\n")
    assert result.exit_code == 0, result.stderr
    assert "Warning:" not in result.stderr, result.stderr
    assert [url for _, url, *_ in channels_of(load(), "Arts/Derby QUAD")] == ["https://twitter.com/DerbyQuad"]
    # Another account is still said to be left out.
    result = imported(run, tmp_path, "Organisation,Sector,Twitter\nDerby QUAD,Arts,https://twitter.com/DerbyQuad2\n")
    assert result.exit_code == 0, result.stderr
    assert [url for _, url, *_ in channels_of(load(), "Arts/Derby QUAD")] == [
        "https://twitter.com/DerbyQuad",
        "https://twitter.com/DerbyQuad2",
    ]


def test_words_that_join_links_in_a_cell_are_left_out(run, load, tmp_path):
    # Found in review: '@a and @b' was one text and stopped the import (before today it made the handle '@and').
    result = imported(run, tmp_path, "Organisation,Sector,Twitter\nQuad,Arts,@derbyquad and @quadcinema & @quadfilm\n")
    assert result.exit_code == 0, result.stderr
    assert [url for _, url, *_ in channels_of(load(), "Arts/Quad")] == [
        "https://twitter.com/derbyquad",
        "https://twitter.com/quadcinema",
        "https://twitter.com/quadfilm",
    ]
    # A joining word that is not between links is no such word: 'Derby and District' is a name, refused as one.
    result = imported(run, tmp_path, "Organisation,Sector,Twitter\nDistrict,Arts,Derby and District\n")
    assert result.exit_code == 1
    assert "'Derby and District' is not a link or handle" in result.stderr
