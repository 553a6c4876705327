from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from playbooks.library import roles

DEMO_USERS = [
    ("lead", roles.TEAM_LEADS, True),
    ("manager", roles.ACCOUNT_MANAGERS, False),
    ("newhire", roles.NEW_HIRES, False),
]


class Command(BaseCommand):
    help = "Create demo users, one per role, and print their logins. For development only."

    def handle(self, *args, **options):
        User = get_user_model()
        self.stdout.write("Demo logins (development only):")
        for username, group_name, staff in DEMO_USERS:
            password = f"{username}-demo-2026"
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            self.stdout.write(f"  {group_name:<17} username: {username:<8} password: {password}")
