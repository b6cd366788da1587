"""From source text to records, above every app: the parsers, ingest (with its proposed events),
the fixture build and the seeding of a fresh database."""
