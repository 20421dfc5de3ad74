"""The development settings send e-mail where the developer's environment says: the console by default, a
folder of files with EMAIL_FILE_PATH, or a local SMTP catcher with EMAIL_HOST and EMAIL_PORT. Each case
runs `manage.py sendtestemail` in a fresh process, as `make run` would start the site.
"""

import subprocess
import sys

from tests.services import PROJECT_DIR, base_environment
from tests.smtp_standin import SMTPStandIn


def send_test_email(**environment):
    return subprocess.run(
        [sys.executable, "manage.py", "sendtestemail", "focal@example.org"],
        cwd=PROJECT_DIR,
        env={**base_environment(), "DJANGO_SETTINGS_MODULE": "network.settings.dev", **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_console_shows_the_message_by_default():
    sent = send_test_email()
    assert sent.returncode == 0, sent.stderr
    assert "To: focal@example.org" in sent.stdout


def test_file_backend_writes_into_the_folder_email_file_path_names(tmp_path):
    sent = send_test_email(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(tmp_path)
    )
    assert sent.returncode == 0, sent.stderr
    written = list(tmp_path.iterdir())
    assert len(written) == 1
    assert "To: focal@example.org" in written[0].read_text()


def test_smtp_backend_speaks_to_the_host_and_port_given():
    with SMTPStandIn() as catcher:
        sent = send_test_email(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(catcher.port),
        )
        assert sent.returncode == 0, sent.stderr
        assert catcher.received() == ["focal@example.org"]
