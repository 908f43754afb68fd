"""Run the command line as `python -m mindmap`."""

from mindmap.cli import main

main()
