"""The bulk import (one document, read once) gives the map that adding the nodes one by one gave.

`reference_import` is the former `import_into`, written with the public model API only: a copy of the
target and `MindMap.add` per node. The fast import must make the same map, node for node and id for id.
"""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest
from samples import awkward_map

from mindmap.channels import platform_name
from mindmap.errors import MindmapError, RuleError
from mindmap.formats import Imported, WriteOptions, get_format
from mindmap.importing import ImportReport, _channel_fields, _stand_in, _wanted_kinds, import_into
from mindmap.model import MindMap

FORMATS = ("mm", "opml", "md", "csv", "json")


def reference_import(
    target: MindMap, imported: Imported, under: str | None = None, *, by: str = "", kinds: str = "keep"
) -> tuple[MindMap, list[str], int]:
    """Return the map, warnings and cross-link count that adding the imported nodes one by one gives."""
    source = imported.mindmap
    wanted = _wanted_kinds(imported, kinds)
    staged = target.copy()
    parent = staged.root if under is None else under
    warnings = list(imported.warnings)
    counted = ImportReport(top="")  # counts the links normalised and the faulty ones, as an import does
    mapping: dict[str, str] = {}
    for node_id, _ in source.walk():
        node = source.node(node_id)
        if node_id == source.root:
            if imported.merge_by_path:
                mapping[node_id] = parent
                continue
            kind = _stand_in(staged, parent, [wanted.get(k, source.kind(k)) for k in source.children(node_id)])
        else:
            kind = wanted.get(node_id, node.kind)
        source_parent = source.parent(node_id)
        new_parent = parent if source_parent is None else mapping[source_parent]
        if imported.merge_by_path and node_id != source.root:
            same = [kid for kid in staged.children(new_parent) if staged.label(kid) == node.label]
            if same:
                mapping[node_id] = same[0]
                held = staged.node(same[0])
                pairs = (("note", node.note, held.note), ("link", node.url, held.url))
                # What the map holds already is no loss; a node this import made holds nothing yet.
                left = [name for name, ours, theirs in pairs if ours and (ours != theirs or same[0] not in target)]
                if left:
                    path = staged.display_path(same[0])
                    warning = (
                        f"{path!r} is already in the map; kept it as it is, without the file's {' and '.join(left)}"
                    )
                    if kind == "channel" and node.url and held.kind == "organisation":
                        platform = _channel_fields(kind, node.url, node.platform, "")[0]
                        label = platform_name(platform) if platform else "Website"
                        warning += f" (for a channel of it, give the channel a path of its own: {path + '/' + label!r})"
                    warnings.append(warning)
                continue
        counted.copies += node_id in target
        url = counted.stored_url(node.url, kind, node.platform) if node.url else ""
        platform, handle = _channel_fields(kind, url, node.platform, node.handle)
        try:
            mapping[node_id] = staged.add(
                kind,
                node.label,
                new_parent,
                note=node.note,
                url=url,
                url_as_is=True,
                attributes=node.attributes,
                platform=platform,
                handle=handle,
                by=node.added_by or by,
                node_id=node_id if node_id not in staged else None,
                added_at=node.added_at or None,
                modified_at=node.modified_at or None,
                folded=node.folded,
                color=node.color,
            )
        except RuleError as error:
            where = source.display_path(node_id)
            raise RuleError(f"cannot import {where!r} under {staged.display_path(new_parent)!r}: {error}") from None
    # An internal link follows its node to its new id (as graft does).
    for new_id in set(mapping.values()) - set(target.ids()):
        url = staged.node(new_id).url
        if url.startswith("#") and mapping.get(url[1:], url[1:]) != url[1:]:
            staged.update(new_id, url="#" + mapping[url[1:]], url_as_is=True)
            staged.set_provenance(new_id, modified_at=staged.node(new_id).added_at)
    links = 0
    for link in source.links():
        start, end = mapping[link.source], mapping[link.target]
        if start != end:
            staged.link(start, end, link.label)
            links += 1
    counted.note_links()
    counted.note_copies()
    return staged, warnings + counted.warnings, links


def survey(size: int, seed: int) -> MindMap:
    """Return a map of about SIZE nodes with every kind, notes, urls, attributes, cross-links and odd text."""
    rng = random.Random(seed)
    mindmap = MindMap(f"Survey {seed}", by="tester")
    sectors = [mindmap.add("sector", f"Sector {i}") for i in range(4)]
    orgs: list[str] = []
    texts = ["Café", "Cafe\u0301", "  padded  ", "a/b", "=SUM(A1)", "<b>&amp;</b>", "多言語", "🎬 film", "line\nbreak"]
    while len(mindmap) < size:
        org = mindmap.add(
            "organisation",
            f"{rng.choice(texts)} {len(mindmap)}",
            rng.choice(sectors),
            note=rng.choice(["", "A note\non two lines", "Ünïcode"]),
            attributes={"city": rng.choice(["Derby", "Belper"])} if rng.random() < 0.5 else None,
            folded=rng.random() < 0.1,
        )
        orgs.append(org)
        for platform in rng.sample(["twitter", "facebook", "instagram"], rng.randint(1, 3)):
            mindmap.add("channel", f"{platform} {len(mindmap)}", org, url=f"https://{platform}.com/x{len(mindmap)}")
        if rng.random() < 0.2:
            mindmap.add("topic", rng.choice(texts), org, url="#" + rng.choice(orgs))
    for a, b in zip(orgs[::7], orgs[1::7], strict=False):
        mindmap.link(a, b, rng.choice(["", "works with"]))
    return mindmap


def same_maps(fast: MindMap, slow: MindMap) -> None:
    assert fast.to_document() == slow.to_document()


@pytest.fixture
def reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINDMAP_ID_SEED", "bulk")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize("kinds", ["keep", "auto"])
def test_bulk_import_of_a_big_map_is_the_map_adding_node_by_node_gives(ext, kinds, reproducible):
    fmt = get_format(ext)
    assert fmt.read and fmt.write
    data = fmt.write(survey(3_000, seed=len(ext)), WriteOptions()).data
    target = survey(200, seed=99)
    under = target.resolve("Sector 1")
    for _ in range(2):  # the second import's ids clash with the first one's, so its nodes get new ones
        imported = fmt.read(data)
        before = target.to_document()
        fast, report = import_into(target, imported, under, by="importer", kinds=kinds)
        slow, warnings, links = reference_import(target, fmt.read(data), under, by="importer", kinds=kinds)
        assert target.to_document() == before
        same_maps(fast, slow)
        assert report.warnings == warnings
        assert report.cross_links == links
        assert report.nodes == len(fast) - len(target)
        target = fast


def test_bulk_import_of_the_awkward_map_under_the_root(reproducible):
    for ext in FORMATS:
        fmt = get_format(ext)
        assert fmt.read and fmt.write
        data = fmt.write(awkward_map(), WriteOptions()).data
        fast, _ = import_into(awkward_map(), fmt.read(data), by="x")
        slow, _, _ = reference_import(awkward_map(), fmt.read(data), by="x")
        same_maps(fast, slow)


FORM = "path,kind,url,note,by\n{rows}"


def test_bulk_merge_of_a_contributions_form_matches_adding_node_by_node(reproducible):
    csv = get_format("csv")
    assert csv.read
    rng = random.Random(3)
    rows = []
    for number in range(400):
        sector = f"Sector {rng.randint(0, 5)}"
        org = f"Org {rng.randint(0, 60)}"
        rows.append(f"{sector}/{org}/Twitter {number},channel,https://twitter.com/o{number},,Bel")
    rows.append("Sector 1/Org 1,organisation,,a note on a node already there,Bel")
    data = FORM.format(rows="\n".join(rows)).encode()
    target = survey(300, seed=5)
    for _ in range(2):
        fast, report = import_into(target, csv.read(data), by="importer")
        slow, warnings, links = reference_import(target, csv.read(data), by="importer")
        same_maps(fast, slow)
        assert report.warnings == warnings
        target = fast


def errors_of(call: Any) -> str:
    try:
        call()
    except MindmapError as error:
        return str(error)
    raise AssertionError("no error")


def test_bulk_import_fails_naming_the_node_as_adding_did(reproducible):
    opml = get_format("opml")
    assert opml.read
    target = MindMap("Target", by="tester")
    channel = target.add("channel", "Feed", target.add("organisation", "Org", target.add("sector", "S")))
    data = b'<opml version="2.0"><head><title>T</title></head><body><outline text="a"/></body></opml>'
    fast = errors_of(lambda: import_into(target, opml.read(data), channel))
    slow = errors_of(lambda: reference_import(target, opml.read(data), channel))
    assert fast == slow
    assert "channel" in fast
    bad = b'<opml version="2.0"><head><title>T</title></head><body><outline text="a" url="x\ty"/></body></opml>'
    mm = survey(50, seed=1)
    url_fast = errors_of(lambda: import_into(mm, _with_bad_url(opml.read(bad))))
    url_slow = errors_of(lambda: reference_import(mm, _with_bad_url(opml.read(bad))))
    assert url_fast == url_slow
    assert url_fast.startswith("cannot import 'a' under 'T': the url") and "control character U+0009" in url_fast


def _with_bad_url(imported: Imported) -> Imported:
    # Readers clean urls; a map document may still hold a tab in one, which `MindMap.add` refuses.
    document = imported.mindmap.to_document()
    document["graph"]["nodes"][1]["url"] = "x\ty"
    imported.mindmap = MindMap.from_document(document)
    return imported


@pytest.mark.parametrize("ext", ["mm", "opml", "csv"])
def test_a_big_map_round_trips_through_the_formats_that_carry_every_field(ext):
    fmt = get_format(ext)
    assert fmt.read and fmt.write
    mindmap = survey(3_000, seed=7)
    back = fmt.read(fmt.write(mindmap, WriteOptions()).data).mindmap
    before, after = mindmap.to_document(), back.to_document()
    if ext == "opml":  # OPML has no ids, and its head holds only the root's label
        for document in (before, after):
            document["graph"]["nodes"] = [{k: v for k, v in n.items() if k != "id"} for n in document["graph"]["nodes"]]
            document["graph"]["nodes"][0] = {"label": document["graph"]["nodes"][0]["label"]}
    if ext == "csv":  # the root is made by the reader, with an id of its own
        before = orjson.loads(orjson.dumps(before).replace(mindmap.root.encode(), back.root.encode()))
    assert after["graph"]["nodes"] == before["graph"]["nodes"]
    assert len(after["graph"]["edges"]) == len(before["graph"]["edges"])
    if ext != "opml":
        assert after["graph"]["edges"] == before["graph"]["edges"]
    if ext == "mm":
        assert after["crosslinks"] == before["crosslinks"]


def test_internal_links_follow_their_nodes_when_the_import_gives_new_ids():
    mm = get_format("mm")
    assert mm.read
    data = (
        b'<map version="0.9.0"><node ID="ID_1" TEXT="Root">'
        b'<node ID="ID_2" TEXT="from" LINK="#ID_3"/><node ID="ID_3" TEXT="to"/></node></map>'
    )
    target = MindMap("target", by="tester")
    for _ in range(2):  # the second import clashes with the first one's ids, so its nodes get new ones
        target, _ = import_into(target, mm.read(data))
    froms = [node for node in target.nodes() if node.label == "from"]
    tos = [node.id for node in target.nodes() if node.label == "to"]
    assert len(set(tos)) == 2
    assert [node.url for node in froms] == ["#" + to for to in tos]
