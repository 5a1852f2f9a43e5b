"""feedgen_app: turn a folder of article files into Atom 1.0 and RSS 2.0 feeds."""

__version__ = "0.1.0"
