"""Find what is wrong or missing in a map: faulty channel links, misplaced channels, duplicates, gaps."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from mindmap import channels
from mindmap.model import MindMap

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
    found: list[Finding] = []
    seen_channels: dict[tuple[str, ...], str] = {}
    seen_orgs: dict[str, str] = {}
    for node_id, _ in mindmap.walk():
        node = mindmap.node(node_id)

        def report(severity: str, rule: str, message: str, node_id: str = node_id) -> None:
            found.append(Finding(severity, rule, node_id, mindmap.display_path(node_id), message))

        if node.kind == "channel":
            parent = mindmap.parent(node_id)
            if parent is None or mindmap.kind(parent) != "organisation":
                report(ERROR, "channel-placement", "a channel must sit directly under an organisation")
            if not node.url:
                report(WARNING, "channel-without-url", "the channel has no link: add one with `mindmap set --url`")
            else:
                for problem in channels.problems(node.url, node.platform or None):
                    report(ERROR, f"link-{problem.code}", f"{problem.message}: {node.url}")
            keys = channels.channel_keys(node.url, node.platform, node.handle)
            for key in sorted(keys):
                first = seen_channels.get(key)
                if first is None:
                    continue
                same = owning_organisation(mindmap, first) == owning_organisation(mindmap, node_id)
                where = "the same organisation" if same else "another organisation"
                report(
                    WARNING,
                    "duplicate-channel",
                    f"the same channel as {mindmap.display_path(first)!r} (under {where})",
                )
                break
            for key in keys:
                seen_channels.setdefault(key, node_id)
        elif node.url:
            scheme = node.url.split(":", 1)[0].lower() if ":" in node.url else ""
            if scheme not in ("http", "https", "mailto"):
                report(ERROR, "link-scheme", f"the link is {channels.FAULTS['scheme']}: {node.url}")

        if node.kind == "organisation":
            name = " ".join(node.label.split()).casefold()
            if name in seen_orgs:
                report(
                    WARNING,
                    "duplicate-organisation",
                    f"another organisation has the same name: {mindmap.display_path(seen_orgs[name])!r}",
                )
            else:
                seen_orgs[name] = node_id
            if not any(mindmap.kind(n) == "channel" for n, _ in mindmap.walk(node_id)):
                report(WARNING, "organisation-without-channel", "the organisation has no channel")
        elif node.kind == "sector" and not any(mindmap.kind(n) == "organisation" for n, _ in mindmap.walk(node_id)):
            report(WARNING, "empty-sector", "the sector has no organisation")
    order = {ERROR: 0, WARNING: 1}
    return sorted(found, key=lambda finding: order[finding.severity])


def owning_organisation(mindmap: MindMap, node_id: str) -> str | None:
    """Return the nearest organisation above NODE_ID, or None."""
    for ancestor in reversed(mindmap.ancestors(node_id)):
        if mindmap.kind(ancestor) == "organisation":
            return ancestor
    return None


def count(findings: list[Finding], severity: str) -> int:
    """Return how many FINDINGS have SEVERITY."""
    return sum(1 for finding in findings if finding.severity == severity)
