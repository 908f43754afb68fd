"""The start-up floor: the smallest Typer command that prints one line."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "floor") -> None:
    """Print one line."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
