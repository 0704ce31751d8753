"""Where a person can be reached online: e-mail addresses, personal web addresses and accounts.

E-mails count with ``@`` in any width and with the at sign spelled out (``at``,
``(at)``, ``[at]``, アットマーク, 골뱅이) and dots as ``dot``/ドット/닷. A web address
is personal when it points at a profile, a blog or a user page, with or without its
scheme (``instagram.com/…``, ``…tistory.com``). An account name counts after a cue
(``LINE ID:``, インスタ ``@handle``, 카톡 아이디 …). Public sites (a city's homepage) stay.
"""
from __future__ import annotations

import re

from .textmap import Span

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LOCAL = r"[A-Za-z0-9][A-Za-z0-9._%+-]*"
_LABEL = r"[A-Za-z0-9-]+"
_AT = (r"(?:\s*(?:\(at\)|\[at\]|<at>|\{at\}|アットマーク|あっとまーく|アット|골뱅이|골벵이|앳)\s*"
       r"|\s+at\s+|\s*@\s+|\s+@\s*)")
_DOT = r"(?:\s*(?:\(dot\)|\[dot\]|<dot>|ドット|どっと|닷|점)\s*|\s+dot\s+|\.)"
_TLD = r"(?:com|net|org|jp|kr|co|ne|or|go|ac|ed|lg|info|biz|me|io|cc|tv|us|uk|de|fr|cn|tw|email|mail)"
_SPELLED_EMAIL_RE = re.compile(rf"(?<![A-Za-z0-9._%+-]){_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_TLD}(?![A-Za-z0-9])",
                               re.IGNORECASE)

_URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]+")
_SOCIAL = (r"facebook\.com|fb\.com|instagram\.com|x\.com|twitter\.com|tiktok\.com|threads\.net|line\.me"
           r"|note\.com|ameblo\.jp|youtube\.com|blog\.naver\.com|m\.blog\.naver\.com|cafe\.naver\.com"
           r"|story\.kakao\.com|pf\.kakao\.com|open\.kakao\.com|band\.us|linkedin\.com|mixi\.jp|pixiv\.net")
_BLOG_HOST = (r"[a-z0-9-]+\.(?:tistory\.com|hatenablog\.(?:com|jp)|hateblo\.jp|blog\.jp|livedoor\.blog"
              r"|blog\.fc2\.com|fc2\.com|blogspot\.com|wordpress\.com|jugem\.jp|seesaa\.net|exblog\.jp|goo\.ne\.jp"
              r"|tumblr\.com|substack\.com|github\.io)")
# Without a scheme: a social site with a path, or a personal blog's own host name.
_BARE_URL_RE = re.compile(
    rf"(?<![A-Za-z0-9.@/-])(?:(?:{_SOCIAL})/[A-Za-z0-9\-._~/?#@!$&*+,;=%]+|{_BLOG_HOST}(?:/[A-Za-z0-9\-._~/?#@!$&*+,;=%]*)?)",
    re.IGNORECASE)
_SNS_HOST_RE = re.compile(rf"(?:^|\.)(?:{_SOCIAL}|[a-z0-9-]*blog[a-z0-9-]*\.[a-z.]+|{_BLOG_HOST})$")
_PERSONAL_PATH_RE = re.compile(r"@|~|/users?/|/u/|profile|/blog|mypage|/member|/channel/|"
                               r"[?&](?:id|user|uid)=", re.IGNORECASE)

# An account name after a cue: "LINE ID: abc", "インスタ @abc", "카톡 아이디 abc", "X(旧Twitter) @abc".
_SERVICE = (r"(?:LINE|ライン|라인|インスタ(?:グラム)?|instagram|insta|인스타(?:그램)?|twitter|ツイッター|트위터|X|エックス"
            r"|tiktok|ティックトック|틱톡|threads|スレッズ|스레드|facebook|フェイスブック|페이스북|youtube|ユーチューブ|유튜브"
            r"|kakao\s?talk|kakao|카카오톡|카카오|카톡|skype|discord|ディスコード|디스코드|telegram|텔레그램|SNS)")
_ACCOUNT_WORD = r"(?:\s?(?:ID|id|Id|アイディー?|アカウント|アカ|아이디|계정|ユーザー名|사용자명|名前|이름|ハンドル))"
_HANDLE = r"@?[A-Za-z0-9][A-Za-z0-9._-]{2,29}"
_ACCOUNT_CUE_RE = re.compile(
    rf"(?<![A-Za-z]){_SERVICE}(?:\s?[(（][^)）]{{0,10}}[)）])?"
    rf"(?:(?:\s?(?:の|의))?{_ACCOUNT_WORD}(?:\s?(?:は|が|を|:|=|는|은|가|이)\s?|\s)|\s?[:=]\s?|\s?(?=@))"
    rf"[「『\"']?({_HANDLE})(?![A-Za-z0-9._@-])",
    re.IGNORECASE)
# "@handle" after a word that says it is an account: フォロー, 팔로우, アカウント, 계정, ID.
_HANDLE_CUE_RE = re.compile(
    r"(?:フォロー|follow|팔로우|アカウント|계정|アカ|ID|id|아이디|DM)[^。\n@]{0,10}?(@[A-Za-z0-9_][A-Za-z0-9._]{2,29})"
    r"(?![A-Za-z0-9._@-])", re.IGNORECASE)
# Words a cue can be followed by that are not account names.
_NOT_HANDLE = frozenset({"the", "and", "for", "com", "app", "line", "account", "official", "http", "https", "www",
                         "mail", "email", "sns", "id"})


def _is_personal_url(url: str) -> bool:
    rest = re.sub(r"^(?:https?://)?", "", url)
    host, _, path = rest.partition("/")
    host = host.lower().split(":")[0].removeprefix("www.")
    path = path.rstrip("/")
    if re.fullmatch(_BLOG_HOST, host):
        return True
    if _SNS_HOST_RE.search(host):
        return bool(path)
    return bool(_PERSONAL_PATH_RE.search("/" + path)) or "@" in host


def account_spans(norm: str) -> list[Span]:
    """E-mail addresses, personal web addresses and account names in ``norm``."""
    spans: list[Span] = []
    lowered = norm.lower()
    if "/" in norm or "www." in lowered or "." in norm:
        spans += [("url", m.start(), m.end()) for m in _URL_RE.finditer(norm)
                  if _is_personal_url(m.group().rstrip(".,;:!?"))]
        spans += [("url", m.start(), m.end() - (len(m.group()) - len(m.group().rstrip(".,;:!?"))))
                  for m in _BARE_URL_RE.finditer(norm)]
    if "@" in norm:
        spans += [("email", m.start(), m.end()) for m in _EMAIL_RE.finditer(norm)]
    spans += [("email", m.start(), m.end()) for m in _SPELLED_EMAIL_RE.finditer(norm)]
    for pattern in (_ACCOUNT_CUE_RE, _HANDLE_CUE_RE):
        for m in pattern.finditer(norm):
            handle = m.group(1)
            if handle.lstrip("@").lower() in _NOT_HANDLE or handle.lstrip("@").isdigit() and len(handle) < 5:
                continue
            spans.append(("account", m.start(1), m.end(1)))
    return spans
