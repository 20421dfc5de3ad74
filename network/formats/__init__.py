"""The site's own date and time formats (FORMAT_MODULE_PATH), where Django's for a language do not suit it.

Django looks here first and falls back on its own module for a language, and for any format not set here.
"""
