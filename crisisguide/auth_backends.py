"""Django's ModelBackend, each request's user read with one plain query.

Every page asks for the signed-in user, and building the ORM query for it cost more than
running it. Authentication and permissions are Django's own.
"""

from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        meta = model._meta
        query = f"SELECT * FROM {meta.db_table} WHERE {meta.pk.column} = %s"
        user = next(iter(model._default_manager.raw(query, [user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None
