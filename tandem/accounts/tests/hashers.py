"""A cheap Argon2 for tests: the same algorithm and hash format as production, at a fraction of the cost.

Production uses Django's Argon2PasswordHasher (about 100 MB of memory per hash, on purpose). Tests sign in
hundreds of times, so the root conftest swaps in this hasher; `test_passwords_are_hashed_with_argon2` checks the
production setting itself.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64
    parallelism = 1
