"""Tandem's one settings module, configured by environment variables (see .env.example).

`DJANGO_ENV=production` switches on secure defaults; nothing is configured only for production in code paths
elsewhere. SQLite in the repository root is the zero-setup default; `DATABASE_URL` selects PostgreSQL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise environ.ImproperlyConfigured(f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    # The audit chain key must come from the environment, never from the database.
    AUDIT_HMAC_KEY = env.str("TANDEM_AUDIT_HMAC_KEY")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production-0123456789")
    AUDIT_HMAC_KEY = env.str("TANDEM_AUDIT_HMAC_KEY", default="dev-only-audit-key-do-not-use-in-production")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "tandem.core",
    "tandem.accounts",
    "tandem.audit",
    "tandem.people",
    "tandem.frontdoor",
    "tandem.meetings",
    "tandem.governance",
    "tandem.govuk",
    "tandem.language",
    "tandem.home",
    "tandem.demo",
    "tandem.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tandem.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tandem.accounts.middleware.RequireMFAMiddleware",
    "tandem.accounts.middleware.ActingMembershipMiddleware",
    "axes.middleware.AxesMiddleware",
    "tandem.audit.middleware.AccountableResponseMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "tandem" / "govuk" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "autoescape": True,
            "context_processors": ["tandem.govuk.context_processors.shell", "tandem.home.navigation.items"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the checkout by default, so `make demo` and a plain `manage.py` use the same one.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every audited read writes, so transactions must take the write lock up front (stack-traps.md 2.4).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env.str("TANDEM_SQLITE_TEST_NAME", default="") or None}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Admin model permissions come from a current system-administrator membership (no superusers needed).
    "tandem.accounts.backends.ConfigurationPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: accounts come from administrators and seed_demo; sign-up is closed in the adapter.
ACCOUNT_ADAPTER = "tandem.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_FORMS = {
    "login": "tandem.accounts.forms.LoginForm",
    "reauthenticate": "tandem.accounts.forms.ReauthenticateForm",
    "change_password": "tandem.accounts.forms.ChangePasswordForm",
}
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/m/key"}
MFA_ADAPTER = "tandem.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tandem"
MFA_RECOVERY_CODE_COUNT = 10
MFA_FORMS = {
    "authenticate": "tandem.accounts.forms.AuthenticateForm",
    "reauthenticate": "tandem.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "tandem.accounts.forms.ActivateTOTPForm",
}

# django-axes: 5 failures per username lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "login"
# Usernames sign in case-insensitively, so they are counted case-insensitively (and never as None: finding 12).
AXES_USERNAME_CALLABLE = "tandem.accounts.security.axes_username"
# Attempts during a lockout do not extend it: the username is locked for 15 minutes from the fifth failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "tandem.accounts.views.locked_out"
AXES_VERBOSE = False
# Lockout is per username (the issue's rule). Locking by IP address too would lock a whole office behind one NAT
# address; allauth's login rate limits (ACCOUNT_RATE_LIMITS) already slow down attempts from one address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions: 15 minutes idle (warning at 13) and 10 hours at most; both enforced by SessionLifetimeMiddleware.
TANDEM_IDLE_TIMEOUT = timedelta(minutes=env.int("TANDEM_IDLE_TIMEOUT_MINUTES", default=15))
TANDEM_IDLE_WARNING = timedelta(minutes=env.int("TANDEM_IDLE_WARNING_MINUTES", default=13))
TANDEM_ABSOLUTE_SESSION = timedelta(hours=env.int("TANDEM_ABSOLUTE_SESSION_HOURS", default=10))
SESSION_COOKIE_AGE = int(TANDEM_ABSOLUTE_SESSION.total_seconds()) + 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "tandem.core.views.csrf_failure"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = False

# Working-day clock (tandem.core.clock).
TANDEM_WORKING_DAY_START = env.str("TANDEM_WORKING_DAY_START", default="09:00")
TANDEM_WORKING_DAY_END = env.str("TANDEM_WORKING_DAY_END", default="17:00")
TANDEM_LOCAL_CLOSURE_DAYS = env.list("TANDEM_LOCAL_CLOSURE_DAYS", default=[])

# Front door: the RAG clock for agency checks ("4h" = working hours, "1d" = working days; tandem.frontdoor.clocks).
TANDEM_RAG_CHECK_TIMES = env.dict("TANDEM_RAG_CHECK_TIMES", default={"red": "4h", "amber": "1d", "green": "3d"})

# Break-glass (emergency access).
TANDEM_BREAK_GLASS_HOURS = env.int("TANDEM_BREAK_GLASS_HOURS", default=4)

# People and identity resolution (tandem.people.identifiers, tandem.people.identity).
# Identifier schemes besides NHS number, UPN, police, local authority and file record ids: slug=Label pairs.
TANDEM_EXTRA_IDENTIFIER_SCHEMES = env.dict("TANDEM_EXTRA_IDENTIFIER_SCHEMES", default={})
# How often (seconds) each process looks for a newly estimated matching model and re-reads the register's size.
TANDEM_MATCH_MODEL_REFRESH_SECONDS = env.int("TANDEM_MATCH_MODEL_REFRESH_SECONDS", default=300)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tandem@localhost")

ADMIN_URL_PATH = env.str("TANDEM_ADMIN_PATH", default="manage-tandem-7f3c/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["tandem.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["tandem.api.permissions.DeclaredPolicy"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tandem.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tandem API",
    "DESCRIPTION": "The multi-agency API of Tandem. Every call needs `Authorization: Bearer <token>`; "
    "errors are `application/problem+json`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tandem.api.problems.add_problem_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets whose field names other apps also use (marking, outcome): named explicitly, no collisions.
    "ENUM_NAME_OVERRIDES": {
        "InformationMarkingEnum": "tandem.meetings.codes.InformationMarking",
        "EnquiryOutcomeEnum": "tandem.meetings.codes.EnquiryOutcome",
        "OutcomeEnum": "tandem.frontdoor.codes.Outcome",
        "SexEnum": "tandem.people.codes.Sex",
    },
}

TASKS = {"default": {"BACKEND": env.str("TANDEM_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Content security policy: no inline scripts except the GOV.UK template's js-enabled line, which carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    DEBUG = False
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}
