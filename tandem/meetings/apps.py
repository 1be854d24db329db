from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "tandem.meetings"
    label = "meetings"
    verbose_name = "Strategy discussions and section 47 enquiries"

    def ready(self) -> None:
        from tandem.meetings import access

        access.register()
