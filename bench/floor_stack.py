"""The start-up floor of the required stack: floor_cli.py's Typer command, in a process that also has networkx.

The model is a networkx graph by requirement, and `import networkx` runs its whole package (every
algorithm), whatever part is used. This floor is that cost and nothing of mindmap's: it shows how much of
a command's time the stack takes before mindmap does any work. With `--render DOT ENGINE OUT CACHE` it
also imports the graphviz package (the required way to build DOT; building it is mindmap's work, not
the floor's) and renders the DOT as bench/render_dot.py does: the SVG floor with the same stack.
"""

import sys

import networkx
import typer

if len(sys.argv) > 1 and sys.argv[1] == "--render":
    import graphviz  # noqa: F401  (imported, as mindmap imports it, to build the DOT)
    from render_dot import render

    networkx.DiGraph()
    render(*sys.argv[2:6])
else:
    app = typer.Typer()

    @app.command()
    def hello(name: str = "floor") -> None:
        """Print one line."""
        networkx.DiGraph()
        typer.echo(f"hello {name}")

    app()
