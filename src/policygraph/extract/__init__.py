"""Fact finders shared by the layout readers: issuers, document numbers, draft status and sector tags."""
