"""`check` and `stats` in one walk give what the per-node lookups they replaced gave (issue 9).

The reference functions below are the code before issue 9, which asked each node for its ancestors and
walked each organisation's and sector's subtree: quadratic on deep or wide maps, but plainly right.
Random maps (nested sectors and organisations, faulty, duplicate and missing links) must get the same
findings and counts from both.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mindmap import channels, checks, stats
from mindmap.model import ALLOWED_PARENTS, MindMap, quoted

URLS = [
    "",
    "https://twitter.com/derbyquad",
    "https://twitter.com/DerbyQuad",
    "https://www.facebook.com/derbyquad",
    "https://www.facebook.com/search/top/?q=derby",
    "https://bit.ly/3abc",
    "https://www.facebook.com/groups/example/posts/123/",
    "https://www.instagram.com/derby.quad/",
    "https://example.org/",
    "http://www.example.org/",
    "mailto:info@example.org",
    "ftp://example.org/file",
    "#internal",
]
PLATFORMS = ["", "twitter", "facebook", "myspace", "website"]
KINDS = ["sector", "organisation", "channel", "topic"]

steps = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(0, 6),
        st.sampled_from(URLS),
        st.sampled_from(PLATFORMS),
        st.sampled_from(["Arts", "Quad", "quad ", "Library"]),
    ),
    max_size=60,
)


def random_map(plan: list[tuple[str, int, str, str, str]]) -> MindMap:
    mindmap = MindMap("Random")
    ids = [mindmap.root]
    for kind, back, url, platform, label in plan:
        # Under a recent node that may hold this kind, so that trees grow deep and channels are many.
        fits = [node_id for node_id in ids if mindmap.kind(node_id) in ALLOWED_PARENTS[kind]]
        if fits:
            node = mindmap.add(kind, label, fits[-1 - back % len(fits)], url=url, platform=platform, url_as_is=True)
            ids.append(node)
    return mindmap


def reference_check(mindmap: MindMap) -> list[checks.Finding]:
    found: list[checks.Finding] = []
    seen_channels: dict[tuple[str, ...], str] = {}
    seen_orgs: dict[str, str] = {}
    seen_sectors: dict[tuple[str | None, str], str] = {}
    for node_id, _ in mindmap.walk():
        node = mindmap.node(node_id)

        def report(severity: str, rule: str, message: str, node_id: str = node_id) -> None:
            found.append(checks.Finding(severity, rule, node_id, mindmap.display_path(node_id), message))

        if node.kind == "channel":
            parent = mindmap.parent(node_id)
            if parent is None or mindmap.kind(parent) != "organisation":
                report(checks.ERROR, "channel-placement", "a channel must sit directly under an organisation")
            if not node.url:
                report(
                    checks.WARNING,
                    "channel-without-url",
                    f"the channel has no link: add one with `mindmap set {node_id} --url URL`",
                )
            else:
                faults = channels.problems(node.url, node.platform or None)
                checks.report_link(report, faults, node_id, node.url, node.kind)
            keys = channels.channel_keys(node.url, node.platform, node.handle)
            for key in sorted(keys):
                first = seen_channels.get(key)
                if first is None:
                    continue
                same = checks.owning_organisation(mindmap, first) == checks.owning_organisation(mindmap, node_id)
                where = "the same organisation" if same else "another organisation"
                advice = checks.combine_advice(mindmap, first, node_id) if same else ""
                report(
                    checks.WARNING,
                    "duplicate-channel",
                    f"the same channel as {quoted(mindmap.display_path(first))} (id {first}, under {where}){advice}",
                )
                break
            for key in keys:
                seen_channels.setdefault(key, node_id)
        elif node.url.startswith("#"):
            if node.url[1:] not in mindmap:
                report(checks.ERROR, "link-internal", f"the link points to no node of the map: {node.url}")
        elif node.url:
            checks.report_link(report, channels.link_problems(node.url, node.kind), node_id, node.url, node.kind)
        if node.kind == "organisation":
            name = " ".join(node.label.split()).casefold()
            if name in seen_orgs:
                report(
                    checks.WARNING,
                    "duplicate-organisation",
                    f"another organisation has the same name: {quoted(mindmap.display_path(seen_orgs[name]))} "
                    f"(id {seen_orgs[name]}){checks.combine_advice(mindmap, seen_orgs[name], node_id)}",
                )
            else:
                seen_orgs[name] = node_id
            if not any(mindmap.kind(n) == "channel" for n, _ in mindmap.walk(node_id)):
                report(checks.WARNING, "organisation-without-channel", "the organisation has no channel")
            elif not any(
                mindmap.kind(n) == "channel" and channels.link_works(mindmap.node(n).url, mindmap.node(n).platform)
                for n, _ in mindmap.walk(node_id)
            ):
                report(
                    checks.WARNING,
                    "organisation-without-working-link",
                    "no channel of the organisation has a working link (see its channels' findings)",
                )
        elif node.kind == "sector":
            key = (mindmap.parent(node_id), " ".join(node.label.split()).casefold())
            if key in seen_sectors:
                first = seen_sectors[key]
                report(
                    checks.WARNING,
                    "duplicate-sector",
                    f"another sector under the same parent has the same name: "
                    f"{quoted(mindmap.display_path(first))} (id {first})"
                    f"{checks.combine_advice(mindmap, first, node_id)} (with everything they hold)",
                )
            else:
                seen_sectors[key] = node_id
            if not any(mindmap.kind(n) == "organisation" for n, _ in mindmap.walk(node_id)):
                report(checks.WARNING, "empty-sector", "the sector has no organisation")
    order = {checks.ERROR: 0, checks.WARNING: 1}
    return sorted(found, key=lambda finding: order[finding.severity])


def reference_stats(mindmap: MindMap) -> stats.Stats:
    rows: dict[str, stats.SectorRow] = {}
    for kid in mindmap.children(mindmap.root):
        if mindmap.kind(kid) == "sector":
            rows.setdefault(mindmap.label(kid), stats.SectorRow(mindmap.label(kid)))
    uses: dict[str, set[str]] = {}
    channel_counts: Counter[str] = Counter()
    with_channel: set[str] = set()
    with_working_link: set[str] = set()
    organisations: list[str] = []
    faulty: list[str] = []
    unlinked: list[str] = []
    for node_id, _ in mindmap.walk():
        kind = mindmap.kind(node_id)
        if kind == "organisation":
            organisations.append(node_id)
            sector = stats.top_sector(mindmap, node_id)
            rows.setdefault(sector, stats.SectorRow(sector)).organisations += 1
        elif kind == "channel":
            owner = checks.owning_organisation(mindmap, node_id)
            if owner is not None:
                with_channel.add(owner)
                with_channel.update(a for a in mindmap.ancestors(owner) if mindmap.kind(a) == "organisation")
            sector = stats.top_sector(mindmap, node_id)
            if not stats.link_passes(mindmap, node_id):
                (faulty if mindmap.node(node_id).url else unlinked).append(mindmap.display_path(node_id))
                row = rows.setdefault(sector, stats.SectorRow(sector))
                if mindmap.node(node_id).url:
                    row.faulty_links += 1
                else:
                    row.without_link += 1
            elif owner is not None:
                with_working_link.add(owner)
                with_working_link.update(a for a in mindmap.ancestors(owner) if mindmap.kind(a) == "organisation")
            counted_on = stats.counted_platform(mindmap, node_id)
            if counted_on is None:
                continue
            platform = counted_on
            rows.setdefault(sector, stats.SectorRow(sector)).channels[platform] += 1
            channel_counts[platform] += 1
            if owner is not None:
                uses.setdefault(platform, set()).add(owner)
    without = [org for org in organisations if org not in with_channel]
    unreachable = [org for org in organisations if org in with_channel and org not in with_working_link]
    for org in unreachable:
        rows[stats.top_sector(mindmap, org)].without_working_link += 1
    for platform, owners in uses.items():
        for owner in owners:
            rows[stats.top_sector(mindmap, owner)].organisations_using[platform] += 1
    for org in without:
        rows[stats.top_sector(mindmap, org)].without_channel += 1
    order = {platform: index for index, platform in enumerate((*channels.PLATFORMS, stats.OTHER))}
    ranked = sorted(
        (stats.PlatformUse(p, len(uses.get(p, ())), n) for p, n in channel_counts.items()),
        key=lambda use: (-use.organisations, -use.channels, order.get(use.platform, len(order))),
    )
    without_paths = [mindmap.display_path(org) for org in without]
    unreachable_paths = [mindmap.display_path(org) for org in unreachable]
    return stats.Stats(
        mindmap.meta.title, list(rows.values()), ranked, without_paths, faulty, unlinked, unreachable_paths
    )


def as_data(counted: stats.Stats) -> Any:
    return counted.to_dict(), counted.to_csv()


@settings(max_examples=300, deadline=None)
@given(steps)
def test_check_and_stats_agree_with_the_per_node_lookups(plan: list[tuple[str, int, str, str, str]]) -> None:
    mindmap = random_map(plan)
    assert checks.check(mindmap) == reference_check(mindmap)
    assert as_data(stats.compute(mindmap)) == as_data(reference_stats(mindmap))


def test_a_deep_chain_of_sectors_and_organisations() -> None:
    mindmap = MindMap("Deep")
    parent = mindmap.root
    for level in range(300):
        parent = mindmap.add("sector" if level < 150 else "organisation", f"level {level}", parent)
    mindmap.add("channel", "t", parent, url="https://twitter.com/deep")
    mindmap.add("organisation", "Silent", mindmap.children(mindmap.root)[0])
    findings = [(f.rule, f.node_id) for f in checks.check(mindmap)]
    assert findings == [(f.rule, f.node_id) for f in reference_check(mindmap)]
    assert [rule for rule, _ in findings] == ["organisation-without-channel"]
    assert as_data(stats.compute(mindmap)) == as_data(reference_stats(mindmap))
