"""Find what is wrong or missing in a map: faulty channel links, misplaced channels, duplicates, gaps."""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Callable, Container
from dataclasses import asdict, dataclass
from typing import Any

from mindmap import channels
from mindmap.merge import CONFLICT_PREFIX
from mindmap.model import MindMap, paused_gc, quoted, readable_url

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found in a map: how bad, which rule, which node (id and path), and what to do."""

    severity: str
    rule: str
    node_id: str
    path: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready dict."""
        return asdict(self)


def check(mindmap: MindMap) -> list[Finding]:
    """Return every problem in MINDMAP: errors first, then warnings, each group in map order."""
    # Checking allocates much and frees nothing cyclic: the cycle collector would only walk every node again.
    with paused_gc():
        return _check(mindmap)


def _check(mindmap: MindMap) -> list[Finding]:
    found: list[Finding] = []
    seen_channels: dict[tuple[str, ...], str] = {}
    owners: dict[str, str | None] = {}  # channel -> the nearest organisation above it
    seen_orgs: dict[str, str] = {}
    seen_sectors: dict[tuple[str | None, str], str] = {}  # (parent, name) -> the first sector of that name there
    order: dict[str, int] = {}  # node -> its place in the walk, for sorting the findings
    working: set[str] = set()  # channels whose link works
    # Per level of the walk: the kind of the node there and the nearest organisation at or above it.
    above: list[tuple[str, str | None]] = []
    for index, (node_id, depth) in enumerate(mindmap.walk()):
        order[node_id] = index
        del above[depth:]
        parent_kind, owner = above[-1] if above else (None, None)
        node = mindmap.node(node_id)
        above.append((node.kind, node_id if node.kind == "organisation" else owner))

        def report(severity: str, rule: str, message: str, node_id: str = node_id) -> None:
            found.append(Finding(severity, rule, node_id, mindmap.display_path(node_id), message))

        if node.kind == "channel":
            if parent_kind != "organisation":
                report(ERROR, "channel-placement", "a channel must sit directly under an organisation")
            if not node.url:
                report(
                    WARNING,
                    "channel-without-url",
                    f"the channel has no link: add one with `mindmap set {node_id} --url URL`",
                )
            else:
                faults = channels.problems(node.url, node.platform or None)
                report_link(report, faults, node_id, node.url, node.kind)
                if not faults:
                    working.add(node_id)
            keys = channels.channel_keys(node.url, node.platform, node.handle)
            for key in sorted(keys):
                first = seen_channels.get(key)
                if first is None:
                    continue
                same = owners[first] == owner
                where = "the same organisation" if same else "another organisation"
                # Two of one path (a merge of two people's adds) are told apart only by id.
                advice = combine_advice(mindmap, first, node_id) if same else ""
                report(
                    WARNING,
                    "duplicate-channel",
                    f"the same channel as {quoted(mindmap.display_path(first))} (id {first}, under {where}){advice}",
                )
                break
            owners[node_id] = owner
            for key in keys:
                seen_channels.setdefault(key, node_id)
        elif node.url.startswith("#"):
            if node.url[1:] not in mindmap:
                report(ERROR, "link-internal", f"the link points to no node of the map: {node.url}")
        elif node.url:
            report_link(report, channels.link_problems(node.url, node.kind), node_id, node.url, node.kind)

        for name, value in node.attributes.items():
            if name.startswith(CONFLICT_PREFIX):
                # A merge settled this by rule; until someone reviews it the map says two things.
                report(
                    ERROR,
                    "merge-conflict",
                    f"a merge conflict waits for review ({name}: {value}); settle the node, then "
                    f"`mindmap set {node_id} --unset {name}`",
                )

        if node.kind == "organisation":
            name = name_key(node.label)
            if name in seen_orgs:
                first = seen_orgs[name]
                same = " ".join(mindmap.label(first).split()).casefold() == " ".join(node.label.split()).casefold()
                how = "the same name" if same else "a name that differs only in punctuation or accents"
                report(
                    WARNING,
                    "duplicate-organisation",
                    f"another organisation has {how}: {quoted(mindmap.display_path(first))} "
                    f"(id {first}){combine_advice(mindmap, first, node_id)}",
                )
            else:
                seen_orgs[name] = node_id
        elif node.kind == "sector":
            # Two people who import one sheet on two branches get every sector twice after the merge: one
            # combine of the sectors makes all they hold one, where duplicate-organisation asks for one each.
            sector_key = (mindmap.parent(node_id), " ".join(node.label.split()).casefold())
            if sector_key in seen_sectors:
                first = seen_sectors[sector_key]
                report(
                    WARNING,
                    "duplicate-sector",
                    f"another sector under the same parent has the same name: "
                    f"{quoted(mindmap.display_path(first))} (id {first}){combine_advice(mindmap, first, node_id)} "
                    "(with everything they hold)",
                )
            else:
                seen_sectors[sector_key] = node_id
    # Gaps are known once the walk is done; each goes after its node's other findings, as it always did.
    with_channel, with_working_link, with_organisation = holding(
        mindmap, ("organisation", "channel"), ("organisation", "channel", working), ("sector", "organisation")
    )
    for node_id in order:
        kind = mindmap.kind(node_id)
        if kind == "organisation" and node_id not in with_channel:
            message = "the organisation has no channel"
            found.append(
                Finding(WARNING, "organisation-without-channel", node_id, mindmap.display_path(node_id), message)
            )
        elif kind == "organisation" and node_id not in with_working_link:
            # It is on the platform, as stats counts it, but readers of the map cannot reach it there.
            message = "no channel of the organisation has a working link (see its channels' findings)"
            found.append(
                Finding(WARNING, "organisation-without-working-link", node_id, mindmap.display_path(node_id), message)
            )
        elif kind == "sector" and node_id not in with_organisation:
            message = "the sector has no organisation"
            found.append(Finding(WARNING, "empty-sector", node_id, mindmap.display_path(node_id), message))
    rank = {ERROR: 0, WARNING: 1}
    return sorted(found, key=lambda finding: (rank[finding.severity], order[finding.node_id]))


def name_key(label: str) -> str:
    """Return LABEL as organisations' names are compared: letters and digits only, without case or accents."""
    # Lists from several hands write one club 'Derby County F.C.' and 'Derby County FC', one trust
    # 'Arts & Culture' and 'Arts and Culture', one café 'Café' and 'Cafe'.
    text = unicodedata.normalize("NFKD", label.casefold().replace("&", " and "))
    key = "".join(char for char in text if char.isalnum())
    return key or " ".join(label.split()).casefold()  # a name of signs alone ('🎬') is compared whole


def combine_advice(mindmap: MindMap, first: str, second: str) -> str:
    """Return '; if they are one: `mindmap combine FIRST SECOND`', or '' when one is below the other."""
    if first in mindmap.ancestors(second):
        return ""  # a department named as its organisation: combine refuses to take in a node's own parent
    return f"; if they are one: `mindmap combine {first} {second}`"


def report_link(
    report: Callable[[str, str, str], None], faults: list[channels.Problem], node_id: str, url: str, kind: str
) -> None:
    """Report each of a node's link FAULTS, or a link in an old form; both with the form to store if there is one."""
    advice = old_form_advice(node_id, url, kind)
    # Links are shown as people read them (a host in its own script, not punycode), as `tree` shows them.
    shown = readable_url(url)
    for problem in faults:
        # A post's link names its account: the account's own address mends it.
        instead = advice or (
            f"; use `mindmap set {node_id} --url {shlex.quote(readable_url(problem.instead))}`"
            if problem.instead
            else mending_advice(problem, node_id, kind)
        )
        report(ERROR, f"link-{problem.code}", f"{problem.message}: {shown}{instead}")
    if not faults and advice:
        report(WARNING, "link-old-form", f"the link is stored in an old form: {shown}{advice}")


def mending_advice(problem: channels.Problem, node_id: str, kind: str) -> str:
    """Return '; WHAT TO DO: `mindmap set ID --url ADDRESS`' for a faulty link whose sound form only a person finds."""
    # Said as `mindmap add` says it when it refuses the link, with the command that mends the node.
    advice = f"; {problem.remedy()}: `mindmap set {node_id} --url ADDRESS`"
    if kind != "channel":
        advice += f", or drop it: `mindmap set {node_id} --unset url`"  # a topic's or organisation's link may go
    return advice


def old_form_advice(node_id: str, url: str, kind: str) -> str:
    """Return '; use `mindmap set ID --url FORM`' if `mindmap add` would store URL as another, sound FORM, else ''."""
    # For links stored before they were normalised: http://www.facebook.com/x?fref=ts, m.facebook.com/groups/y.
    stored, faults = channels.stored_link(url, kind, typed=True)
    # Only a sound form that stays as it is once stored: the advice must clear the finding.
    if stored == url or faults or channels.stored_link(stored, kind, typed=True)[0] != stored:
        return ""
    # A text that only the command line's reading takes for an address ('notes.txt', a FreeMind file link:
    # imports keep it as it is) is advised only with a page path: 'https://notes.txt' would be a wrong guess.
    if channels.stored_link(url, kind)[0] == url.strip() and "/" not in url:
        return ""
    # Shown as people read it, unless the old form differs only in that (a host stored as typed, 'café.fr').
    shown = readable_url(stored)
    return f"; use `mindmap set {node_id} --url {shlex.quote(stored if shown == url.strip() else shown)}`"


def holding(mindmap: MindMap, *pairs: tuple[str, str] | tuple[str, str, Container[str]]) -> list[set[str]]:
    """Return, for each (OUTER, INNER[, ONLY]) pair, the OUTER nodes with an INNER node (one of ONLY) below them."""
    # Per level of the walk, per pair: the nearest OUTER node at or above it. All pairs in one walk.
    nearest: list[tuple[str | None, ...]] = []
    outer_above: list[dict[str, str | None]] = [{} for _ in pairs]
    holders: list[set[str]] = [set() for _ in pairs]
    for node_id, depth in mindmap.walk():
        del nearest[depth:]
        here: list[str | None] = list(nearest[-1]) if nearest else [None] * len(pairs)
        kind = mindmap.kind(node_id)
        for which, pair in enumerate(pairs):
            outer, inner = pair[0], pair[1]
            if kind == inner and (len(pair) == 2 or node_id in pair[2]):
                # Every OUTER node above a marked one is marked already: each is marked once, so this is linear.
                up = here[which]
                while up is not None and up not in holders[which]:
                    holders[which].add(up)
                    up = outer_above[which][up]
            if kind == outer:
                outer_above[which][node_id] = here[which]
                here[which] = node_id
        nearest.append(tuple(here))
    return holders


def owning_organisation(mindmap: MindMap, node_id: str) -> str | None:
    """Return the nearest organisation above NODE_ID, or None."""
    for ancestor in reversed(mindmap.ancestors(node_id)):
        if mindmap.kind(ancestor) == "organisation":
            return ancestor
    return None


def count(findings: list[Finding], severity: str) -> int:
    """Return how many FINDINGS have SEVERITY."""
    return sum(1 for finding in findings if finding.severity == severity)
