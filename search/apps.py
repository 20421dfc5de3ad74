from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from .database import install_fold_function
        from .signal_handlers import register_signal_handlers

        install_fold_function()
        register_signal_handlers()
