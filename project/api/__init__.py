"""Pieces every resource of the read API shares: base viewset, filters, pagination, errors, CSV, schema."""
