"""Conflicts, the events within them, reactions to them and the demands they prompted."""
