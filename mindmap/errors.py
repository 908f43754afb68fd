"""The one exception family that mindmap raises on purpose."""

from __future__ import annotations


class MindmapError(Exception):
    """Report a problem whose message is ready to show to a user as it is."""


class MapFileError(MindmapError):
    """Report a map file that cannot be read, parsed, validated or written."""


class NodeNotFoundError(MindmapError):
    """Report a NODE reference that matches no node, or more than one."""


class RuleError(MindmapError):
    """Report an edit that would break the map's rules."""


class FormatError(MindmapError):
    """Report input or output in another format that cannot be converted."""


class ConflictMarkersError(MapFileError, FormatError):
    """Report a map file that git merged as plain text, its conflict markers left in it (read or imported)."""

    def __init__(self, line: int, path: str = "FILE", *, piped: bool = False) -> None:
        self.line = line
        if piped:  # standard input: the file it came from is not known here
            super().__init__(
                f"standard input, line {line}: git's conflict markers (<<<<<<<): git merged this map as plain "
                "text; merge it again by node id in its own file (`mindmap --map PATH git-setup`, then "
                "`git checkout -m PATH`), then import that"
            )
            return
        super().__init__(
            f"line {line}: git's conflict markers (<<<<<<<): git merged this map as plain text; run "
            f"`mindmap --map {path} git-setup`, then `git checkout -m {path}` to merge it again by node id"
        )


class LockError(MindmapError):
    """Report a map that another command holds locked for too long."""
