"""Django project package: settings, root URLs, WSGI/ASGI entry points and shared model bases."""
