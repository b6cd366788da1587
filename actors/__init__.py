"""Actors (people, organizations, states, groups) and their per-conflict roles."""
