"""The core's one message catalogue (German and English); the GUI uses Qt's `tr` instead.

Messages are looked up by key when an error is raised, in the language chosen at start-up
from the system locale. Modules add their own keys with `register` at import time.
"""

from __future__ import annotations

import locale
import os
import re
import threading
from functools import lru_cache

_lock = threading.Lock()
_catalogue: dict[str, dict[str, str]] = {}
_language = "en"

SUPPORTED = ("de", "en")


def detect_language() -> str:
    """German if the system locale is German, else English."""
    for var in ("JJDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "de" if value.lower().startswith("de") else "en"
    code = locale.getlocale()[0] or ""
    return "de" if code.lower().startswith("de") else "en"


def set_language(language: str) -> None:
    """Choose the language of core messages ("de" or "en")."""
    global _language
    _language = language if language in SUPPORTED else "en"


def language() -> str:
    """The language core messages are rendered in."""
    return _language


def register(entries: dict[str, dict[str, str]]) -> None:
    """Add messages: {key: {"de": …, "en": …}}. A key registered twice must agree."""
    with _lock:
        for key, texts in entries.items():
            if key in _catalogue and _catalogue[key] != texts:
                raise ValueError(f"message {key!r} registered twice with different texts")
            _catalogue[key] = texts


def known(key: str) -> bool:
    """Whether the catalogue has a message under `key`."""
    return key in _catalogue


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_Pattern = tuple[str, re.Pattern[str], tuple[str, ...], int]  # key, regex, names, weight
_compiled: dict[int, list[_Pattern]] = {}


@lru_cache(maxsize=4096)
def _key_of(message: str, size: int) -> tuple[str, tuple[tuple[str, str], ...]]:
    best: tuple[int, str, tuple[tuple[str, str], ...]] = (0, "", ())
    for key, pattern, names, weight in _patterns(size):
        if weight <= best[0]:
            continue
        found = pattern.fullmatch(message)
        if found:
            best = (weight, key, tuple(zip(names, found.groups(), strict=True)))
    return best[1], best[2]


def key_of(message: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The catalogue key a rendered message came from, and the values filled into it.

    Errors are stored as the merchant read them; grouping them by cause needs the
    template behind them. The most specific template (most literal text) that matches,
    in either language, wins; ("", ()) when none does (a remote system's own words).
    """
    return _key_of(message, len(_catalogue))


def _patterns(size: int) -> list[_Pattern]:
    with _lock:
        found = _compiled.get(size)
        if found is None:
            found = [
                (key, *_compile(template))
                for key, texts in _catalogue.items()
                for template in texts.values()
                if _PLACEHOLDER.sub("", template).strip()
            ]
            _compiled.clear()
            _compiled[size] = found
    return found


def _compile(template: str) -> tuple[re.Pattern[str], tuple[str, ...], int]:
    parts = _PLACEHOLDER.split(template)
    literals, names = parts[0::2], tuple(parts[1::2])
    regex = "".join(
        re.escape(lit) + ("(.*?)" if i < len(names) else "") for i, lit in enumerate(literals)
    )
    return re.compile(regex, re.DOTALL), names, sum(len(lit) for lit in literals)


def text(key: str, /, **params: object) -> str:
    """The message for `key` in the current language, with `{name}` placeholders filled."""
    texts = _catalogue.get(key)
    if texts is None:
        return key
    template = texts.get(_language) or texts["en"]
    return template.format(**params) if params else template


register(
    {
        "run.failed.unexpected": {
            "de": "Unerwarteter Fehler",
            "en": "Unexpected error",
        },
        "run.failed.unexpected.msg": {
            "de": "Der Lauf wurde wegen eines internen Fehlers abgebrochen ({kind}). "
            "Details stehen in der Protokolldatei.",
            "en": "The run stopped because of an internal error ({kind}). "
            "The log file has the details.",
        },
        "run.cancelled": {"de": "Abgebrochen", "en": "Cancelled"},
        "run.interrupted": {
            "de": "Unterbrochen (jjdesk wurde während des Laufs beendet)",
            "en": "Interrupted (jjdesk was closed during the run)",
        },
        "net.unreachable": {
            "de": "{system} ist nicht erreichbar",
            "en": "{system} cannot be reached",
        },
        "net.unreachable.msg": {
            "de": "Keine Verbindung zu {system} ({detail}). Prüfen Sie die Internetverbindung; "
            "jjdesk versucht es beim nächsten Lauf erneut.",
            "en": "No connection to {system} ({detail}). Check the internet connection; "
            "jjdesk tries again on the next run.",
        },
        "net.http_error": {
            "de": "{system} antwortet mit einem Fehler",
            "en": "{system} answers with an error",
        },
        "net.http_error.msg": {
            "de": "{system} hat mit HTTP {status} geantwortet, auch nach mehreren Versuchen.",
            "en": "{system} answered HTTP {status}, also after several attempts.",
        },
        "auth.failed": {
            "de": "Zugangsdaten für {system} abgelehnt",
            "en": "{system} rejected the credentials",
        },
        "auth.failed.msg": {
            "de": "{system} hat die Zugangsdaten nicht angenommen. Öffnen Sie „Verbindungen“ "
            "und prüfen Sie sie.",
            "en": "{system} did not accept the credentials. Open “Connections” and check them.",
        },
        "secrets.missing": {
            "de": "Zugangsdaten fehlen",
            "en": "Credentials missing",
        },
        "secrets.missing.msg": {
            "de": "Für {connection} ist „{field}“ nicht hinterlegt. Tragen Sie es unter "
            "„Verbindungen“ ein.",
            "en": "“{field}” is not set for {connection}. Enter it under “Connections”.",
        },
        "secrets.no_backend": {
            "de": "Kein Schlüsselbund verfügbar",
            "en": "No keyring available",
        },
        "secrets.no_backend.msg": {
            "de": "jjdesk speichert Zugangsdaten nur im Schlüsselbund des Betriebssystems, "
            "und hier wurde keiner gefunden ({detail}). Zugangsdaten werden nie in eine "
            "Datei geschrieben.",
            "en": "jjdesk stores credentials only in the operating system's keyring and none "
            "was found here ({detail}). Credentials are never written to a file.",
        },
        "secrets.locked": {
            "de": "Schlüsselbund ist gesperrt",
            "en": "Keyring is locked",
        },
        "secrets.locked.msg": {
            "de": "Der Schlüsselbund des Betriebssystems ist gesperrt oder hat den Zugriff "
            "verweigert. Entsperren Sie ihn und starten Sie den Lauf erneut.",
            "en": "The operating system's keyring is locked or refused access. Unlock it "
            "and run again.",
        },
        "config.invalid": {
            "de": "Einstellung ungültig",
            "en": "Invalid setting",
        },
        "net.outcome_unknown": {
            "de": "Antwort von {system} verloren",
            "en": "Answer from {system} lost",
        },
        "net.outcome_unknown.msg": {
            "de": "Die Verbindung zu {system} brach ab, nachdem der Auftrag gesendet war "
            "({detail}). jjdesk sendet ihn nicht blind noch einmal, sondern prüft beim "
            "nächsten Lauf, ob er angekommen ist.",
            "en": "The connection to {system} broke after the request was sent ({detail}). "
            "jjdesk does not send it again blindly; the next run checks whether it arrived.",
        },
        "net.insecure": {
            "de": "Unverschlüsselte Adresse abgelehnt",
            "en": "Unencrypted address refused",
        },
        "net.insecure.msg": {
            "de": "„{url}“ beginnt mit http://. jjdesk verbindet sich nur über https:// "
            "(verschlüsselt), außer mit diesem Computer selbst (localhost). Tragen Sie die "
            "https://-Adresse ein.",
            "en": "“{url}” starts with http://. jjdesk connects only over https:// "
            "(encrypted), except to this computer itself (localhost). Enter the https:// "
            "address.",
        },
        "net.bad_url": {
            "de": "Adresse ungültig",
            "en": "Invalid address",
        },
        "net.bad_url.msg": {
            "de": "„{url}“ ist keine gültige https://-Adresse.",
            "en": "“{url}” is not a valid https:// address.",
        },
        "net.wait_too_long": {
            "de": "{system} bittet um eine lange Pause",
            "en": "{system} asks for a long pause",
        },
        "net.wait_too_long.msg": {
            "de": "{system} möchte {minutes} Minuten lang keine Anfragen. jjdesk wartet nicht "
            "so lange mitten im Lauf, sondern versucht es beim nächsten Lauf erneut.",
            "en": "{system} wants no requests for {minutes} minutes. jjdesk does not wait that "
            "long inside a run; it tries again on the next run.",
        },
        "net.paging_loop": {
            "de": "{system} liefert kein Ende der Liste",
            "en": "{system} does not end the list",
        },
        "net.paging_loop.msg": {
            "de": "{system} meldet nach {pages} Seiten immer noch weitere Seiten (oder dieselbe "
            "Seite erneut). jjdesk bricht ab, statt endlos zu lesen; der nächste Lauf "
            "versucht es erneut.",
            "en": "{system} still reports more pages after {pages} pages (or the same page "
            "again). jjdesk stops instead of reading forever; the next run tries again.",
        },
    }
)
