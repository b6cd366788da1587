"""Pages timed in process: Django's WSGI handler called directly, no server and no socket.

    DJANGO_SETTINGS_MODULE=project.bench.settings ... python -m project.bench.inprocess \\
        --seconds 5 /api/v1/events/ /bench/raw/events/ ...

Each path is requested one at a time for ``--seconds`` (after a warm-up request) through the
whole middleware stack of the bench settings, its body read to the end; prints one JSON object,
path -> p50 in ms. This is what the API costs over the raw-SQL floor without the server and
the load generator around them (the issue's "in-process" ratio). Exits 1 if any answer is not a 200.
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
import urllib.parse


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.bench.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def get(path: str) -> str:
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": urllib.parse.unquote(route),
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []
        body = application(environ, lambda line, headers, exc_info=None: status.append(line))
        try:
            for _ in body:
                pass
        finally:
            body.close()
        return status[0]

    p50 = {}
    for path in options.paths:
        if not get(path).startswith("200"):
            print(f"{path} answered {get(path)}", file=sys.stderr)
            return 1
        times = []
        stop = time.perf_counter() + options.seconds
        while (started := time.perf_counter()) < stop:
            get(path)
            times.append(time.perf_counter() - started)
        p50[path] = statistics.median(times) * 1000
    print(json.dumps(p50))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
