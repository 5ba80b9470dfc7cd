"""Text rules: UTF-16 lengths and the HTML / MarkdownV2 parse modes, checked like Telegram."""

from __future__ import annotations

import re
from typing import Any

from cagbot.devserver.errors import bad_request

Entity = dict[str, Any]

_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAME_RE = re.compile(r"[a-zA-Z0-9-]*")
_ATTR_RE = re.compile(
    r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""",
)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, how Telegram counts text and entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode(value: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return _NAMED[m.group(1)]
        code = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
        return chr(code) if 0 < code <= 0x10FFFF else m.group(0)

    return _ENTITY_RE.sub(repl, value)


def _fail(detail: str) -> Exception:
    return bad_request(f"can't parse entities: {detail}")


def parse_html(text: str) -> tuple[str, list[Entity]]:
    """Return the plain text and entities, or raise the 400 Telegram gives for bad markup.

    Stricter than Telegram on one point, as its documentation demands: a bare ``&`` or ``>``
    outside a tag is refused (Telegram tolerates them), so unescaped user content is caught.
    """
    out: list[str] = []
    units = 0  # UTF-16 length of the plain text so far
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[Entity] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            m = _ENTITY_RE.match(text, i)
            if m is None:
                raise _fail(f'Unescaped "&" at byte offset {_byte_offset(text, i)}; write &amp;')
            piece = _decode(m.group(0))
            out.append(piece)
            units += utf16_len(piece)
            i = m.end()
            continue
        if ch == ">":
            raise _fail(f'Unescaped ">" at byte offset {_byte_offset(text, i)}; write &gt;')
        if ch != "<":
            out.append(ch)
            units += 2 if ord(ch) > 0xFFFF else 1
            i += 1
            continue
        start = i
        close = text.find(">", i)
        if text.startswith("</", i):
            if close < 0:
                raise _fail(f"Unclosed end tag at byte offset {_byte_offset(text, start)}")
            name = text[i + 2 : close].strip().lower()
            if not stack:
                raise _fail(f"Unexpected end tag at byte offset {_byte_offset(text, start)}")
            open_name, offset, attrs = stack.pop()
            if name != open_name:
                raise _fail(
                    f"Unmatched end tag at byte offset {_byte_offset(text, start)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            _add_entity(entities, open_name, offset, units - offset, attrs)
            i = close + 1
            continue
        m = _NAME_RE.match(text, i + 1)
        name = m.group(0).lower() if m else ""
        if not name:
            raise _fail(f'Unescaped "<" at byte offset {_byte_offset(text, start)}; write &lt;')
        if name not in _TAG_TYPES:
            raise _fail(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, start)}'
            )
        if close < 0:
            raise _fail(f"Unclosed start tag at byte offset {_byte_offset(text, start)}")
        attrs = _parse_attrs(text, i + 1 + len(name), close, name, start)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {start}')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise _fail(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {start}')
        stack.append((name, units, attrs))
        i = close + 1
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    _apply_pre_languages(entities)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _parse_attrs(text: str, pos: int, end: int, tag: str, start: int) -> dict[str, str]:
    attrs: dict[str, str] = {}
    body = text[pos:end]
    j = 0
    while j < len(body):
        if body[j:].strip() == "":
            break
        m = _ATTR_RE.match(body, j)
        if m is None or m.end() == j:
            raise _fail(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {_byte_offset(text, start)}"
            )
        value = next((g for g in m.group(2, 3, 4) if g is not None), "")
        attrs[m.group(1).lower()] = _decode(value)
        j = m.end()
    return attrs


def _add_entity(
    entities: list[Entity], tag: str, offset: int, length: int, attrs: dict[str, str]
) -> None:
    kind = _TAG_TYPES[tag]
    entity: Entity = {"type": kind, "offset": offset, "length": length}
    if tag == "a":
        href = attrs.get("href", "")
        if not href:
            return
        entity["url"] = href
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "code" and attrs.get("class", "").startswith("language-"):
        entity["_language"] = attrs["class"].removeprefix("language-")
    if length > 0:
        entities.append(entity)


def _apply_pre_languages(entities: list[Entity]) -> None:
    # <pre><code class="language-x"> makes one pre entity with a language, as Telegram does.
    pres = [e for e in entities if e["type"] == "pre"]
    for code in [e for e in entities if "_language" in e]:
        language = code.pop("_language")
        for pre in pres:
            if pre["offset"] == code["offset"] and pre["length"] == code["length"]:
                pre["language"] = language
                entities.remove(code)
                break


_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = ("```", "||", "__", "*", "_", "~", "`")


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    """Check MarkdownV2 the way Telegram does for the common cases.

    Every reserved character outside an entity must be escaped; entity markers must be closed.
    Links and block quotes are accepted without building their entities (the emulator counts
    the visible text approximately for them).
    """
    out: list[str] = []
    open_markers: list[tuple[str, int]] = []
    i, n = 0, len(text)
    in_code = ""
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i + 1])
            i += 2
            continue
        if in_code:
            if text.startswith(in_code, i):
                open_markers.pop()
                i += len(in_code)
                in_code = ""
                continue
            out.append(ch)
            i += 1
            continue
        marker = next((mk for mk in _MDV2_MARKERS if text.startswith(mk, i)), None)
        if marker is not None:
            if open_markers and open_markers[-1][0] == marker:
                open_markers.pop()
            else:
                open_markers.append((marker, i))
                if marker in ("`", "```"):
                    in_code = marker
            i += len(marker)
            continue
        if ch == "[":
            close = text.find("](", i)
            end = text.find(")", close + 2) if close >= 0 else -1
            if close < 0 or end < 0:
                raise _fail("Character '[' is reserved and must be escaped with the preceding '\\'")
            out.append(text[i + 1 : close])
            i = end + 1
            continue
        if ch == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
            continue
        if ch in _MDV2_RESERVED:
            raise _fail(f"Character '{ch}' is reserved and must be escaped with the preceding '\\'")
        out.append(ch)
        i += 1
    if open_markers:
        marker, pos = open_markers[-1]
        raise _fail(
            f"Can't find end of the entity starting at byte offset {_byte_offset(text, pos)}"
        )
    return "".join(out), []


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Plain text and entities for ``parse_mode`` (None, HTML, MarkdownV2 or legacy Markdown)."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        # Legacy Markdown is deprecated; the emulator only strips its markers for length.
        return re.sub(r"[*_`\[\]]", "", text), []
    raise bad_request(f"unsupported parse_mode {parse_mode!r}")
