"""The read API of this app: serializers and viewsets."""
