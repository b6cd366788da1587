"""`make bench`: the API against a hand-built floor, under gunicorn, on a synthetic database."""
