"""policygraph: analyst digests on Chinese industrial policy as a validated knowledge graph."""

__version__ = "0.1.0"
