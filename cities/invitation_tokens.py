"""The secret of a focal-point confirmation link: made when its e-mail is sent, and only its hash stored."""

import hashlib
import secrets


def new_token():
    return secrets.token_urlsafe(32)


def hash_of(token):
    return hashlib.sha256(token.encode()).hexdigest()
