"""Which text of an HTML release a browser shows, for the CSS that EDGAR documents use.

``mark_visibility(root)`` decides, once per document, for every element:

- *gone*: the element and everything in it is not shown (``display:none``, the ``hidden`` attribute,
  ``opacity:0``, a collapsed table row), wherever it comes from: an inline ``style``, a ``<style>``
  rule by element, class, id or any selector lxml's ``cssselect`` evaluates, with the cascade a
  browser applies (``!important``, then inline over sheet, then specificity, then order);
- its own text (``el.text`` and the tails of its children) *hidden*: ``visibility:hidden`` (inherited,
  and undone by a ``visibility:visible`` below), a computed font size under one pixel, a text colour
  that is transparent or as good as the background's (WCAG contrast under 1.15 against the nearest
  background, white when none is set; ``<font color>`` and ``bgcolor`` count as a browser counts them);
- its own text *undecided*, with the reason: what a browser would do depends on something this reader
  does not model (a value through ``var()``/``calc()``, a background image, text moved off the page,
  clipped or transformed, generated ``content``, a rule under a media or feature query other than
  ``screen``/``all``/``print``, a selector that cannot be evaluated). A cell holding such text is
  refused with that reason, never read.

The decision is written into the parsed tree as attributes (``MARK_GONE``, ``MARK_TEXT``) that the
input cannot forge: every attribute of those names in the input is removed first. Parsing uses
tinycss2 (tokens, comments, escapes, ``!important``) and cssselect (selectors to XPath).
"""
from __future__ import annotations

import re

import tinycss2
import tinycss2.color3
from cssselect import GenericTranslator, SelectorError
from cssselect import parse as parse_selector
from lxml import etree

from .errors import IngestError

MARK_GONE = "data-ixconv-gone"
MARK_TEXT = "data-ixconv-text"  # "hidden" or "?<reason>"
MARK_GENERATED = "data-ixconv-generated"  # a style rule adds text (content) before or after the element's own
MAX_RULES = 20_000  # declarations of visibility-relevant rules in one document
RELEVANT = {"display", "visibility", "font-size", "font", "color", "background", "background-color",
            "background-image", "opacity", "content", "position", "left", "top", "right", "text-indent",
            "clip", "clip-path", "transform", "height", "max-height", "width", "max-width", "overflow"}
DEFAULT_FONT_PX = 16.0
WHITE = (1.0, 1.0, 1.0, 1.0)
_LENGTH_PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
_FONT_KEYWORDS = {"xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24,
                  "xx-large": 32, "xxx-large": 48, "smaller": None, "larger": None}
_DYNAMIC = re.compile(r":(?:hover|focus|focus-within|focus-visible|active|visited|target)\b", re.IGNORECASE)
_PSEUDO_ELEMENT = re.compile(r"::?(?:before|after|marker|first-letter|first-line|selection|placeholder)\b",
                             re.IGNORECASE)


class _Translator(GenericTranslator):
    """cssselect's translation, matching element names by local name, case-insensitively (an XHTML
    document's elements are namespaced, an HTML one's are lower case)."""

    def xpath_element(self, selector):
        xpath = super().xpath_element(selector)
        if selector.element:
            xpath.element = "*"
            xpath.add_condition(f"translate(local-name(), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                                f"'abcdefghijklmnopqrstuvwxyz') = '{selector.element.lower()}'")
        return xpath


_TRANSLATOR = _Translator()


def _localname(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()


# --------------------------------------------------------------------------- declarations


def _declarations(tokens) -> list[tuple[str, list, bool]]:
    """(property, value tokens, important) of a declaration list (tinycss2 tokens or a string)."""
    if isinstance(tokens, str):
        found = tinycss2.parse_declaration_list(tokens, skip_comments=True, skip_whitespace=True)
    else:
        found = tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True)
    out = []
    for decl in found:
        if decl.type == "declaration" and decl.lower_name in RELEVANT:
            value = [t for t in decl.value if t.type not in ("whitespace", "comment")]
            out.append((decl.lower_name, value, decl.important))
    return out


class _Undecided(IngestError):
    """Internal: what a browser shows cannot be decided here (always caught; the text is then refused)."""


def _ident(value: list) -> str | None:
    if len(value) == 1 and value[0].type == "ident":
        return value[0].lower_value
    return None


def _uses_functions(value: list) -> bool:
    return any(t.type == "function" and t.lower_name in ("var", "calc", "env", "attr", "min", "max", "clamp")
               for t in value)


def _length_px(token, parent_px: float) -> float | None:
    """A length token in pixels (percent and em against the parent's font size); None if not a length."""
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type == "percentage":
        return parent_px * token.value / 100
    if token.type == "dimension":
        unit = token.lower_unit
        if unit in _LENGTH_PX:
            return token.value * _LENGTH_PX[unit]
        if unit == "em":
            return token.value * parent_px
        if unit == "rem":
            return token.value * DEFAULT_FONT_PX
        if unit in ("ex", "ch"):
            return token.value * parent_px / 2
        if token.value == 0:
            return 0.0
        raise _Undecided(f"font size in {unit}")
    return None


def _font_size(value: list, parent_px: float) -> float:
    if _uses_functions(value):
        raise _Undecided("a font size computed by a CSS function")
    word = _ident(value)
    if word in ("inherit", "unset"):
        return parent_px
    if word == "initial":
        return DEFAULT_FONT_PX
    if word in _FONT_KEYWORDS:
        size = _FONT_KEYWORDS[word]
        return float(size) if size is not None else parent_px * (0.8 if word == "smaller" else 1.2)
    if len(value) == 1:
        px = _length_px(value[0], parent_px)
        if px is not None:
            return px
    raise _Undecided("a font size that cannot be read")


def _font_shorthand_size(value: list, parent_px: float) -> float | None:
    """The font size inside a ``font`` shorthand (the length before ``/`` or the family)."""
    if _uses_functions(value):
        raise _Undecided("a font computed by a CSS function")
    if _ident(value) in ("inherit", "unset"):
        return parent_px
    for token in value:
        if token.type == "ident" and token.lower_value in _FONT_KEYWORDS:
            return _font_size([token], parent_px)
        px = _length_px(token, parent_px) if token.type in ("dimension", "percentage", "number") else None
        if px is not None and not (token.type == "number" and token.value != 0):
            return px
    return None


def _color(value: list, current: tuple) -> tuple | None:
    """An RGBA colour (0..1 floats); ``current`` for ``currentcolor`` and ``inherit``; None for none."""
    if _uses_functions(value):
        raise _Undecided("a colour computed by a CSS function")
    word = _ident(value)
    if word in ("inherit", "currentcolor", "unset"):
        return current
    if word == "initial":
        return (0.0, 0.0, 0.0, 1.0)
    if len(value) != 1:
        raise _Undecided("a colour that cannot be read")
    parsed = tinycss2.color3.parse_color(value[0])
    if parsed is None:
        raise _Undecided("a colour that cannot be read")
    if parsed == "currentColor":
        return current
    return tuple(parsed)


def _background(value: list, text_color: tuple) -> tuple | str | None:
    """A ``background`` shorthand: "image" when it draws an image, else its colour (None: transparent)."""
    if _uses_functions(value):
        raise _Undecided("a background computed by a CSS function")
    found = None
    for token in value:
        if token.type == "url" or (token.type == "function" and "gradient" in token.lower_name) or (
                token.type == "function" and token.lower_name in ("url", "image", "image-set", "element")):
            return "image"
        if token.type in ("hash", "ident", "function"):
            parsed = tinycss2.color3.parse_color(token)
            if parsed == "currentColor":
                found = text_color
            elif parsed is not None:
                found = tuple(parsed)
    return found


def _luminance(rgb: tuple) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _blend(top: tuple, under: tuple) -> tuple:
    a = top[3]
    return tuple(top[i] * a + under[i] * (1 - a) for i in range(3)) + (1.0,)


def _contrast(fg: tuple, bg: tuple) -> float:
    lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --------------------------------------------------------------------------- the cascade


class _Sheet:
    """The visibility-relevant declarations of the document's stylesheets, matched to elements."""

    def __init__(self, root):
        self.matched: dict = {}  # element -> [(priority, property, value)] (the element is the key: its proxy stays alive)
        self.undecided: dict = {}  # element -> reason (its text and what is inside it)
        self.everywhere: str | None = None  # a reason that holds for every element
        self.inline: dict[str, list] = {}  # parsed inline styles, by their text
        self.generated: set = set()  # elements a ::before/::after rule adds text to
        self.count = 0
        order = 0
        for style in root.iter():
            if not isinstance(style.tag, str):
                continue
            name = _localname(style)
            if name == "link" and "stylesheet" in (style.get("rel") or "").lower():
                raise IngestError("the release links an external stylesheet (<link rel=stylesheet>), which cannot be "
                                  "read offline, so what it shows cannot be decided; give the release with its styles inline")
            if name != "style" or not _screen_media(style.get("media")):
                continue
            rules = tinycss2.parse_stylesheet("".join(style.itertext()), skip_comments=True, skip_whitespace=True)
            order = self._rules(root, rules, order, None)

    def _rules(self, root, rules, order: int, condition: str | None) -> int:
        for rule in rules:
            if rule.type == "at-rule":
                keyword = rule.lower_at_keyword
                if keyword == "import":
                    raise IngestError("the release imports a stylesheet (@import), which cannot be read offline, so "
                                      "what it shows cannot be decided; give the release with its styles inline")
                if rule.content is None:
                    continue
                if keyword == "media":
                    media = tinycss2.serialize(rule.prelude).strip().lower()
                    if _media_applies(media) is False:
                        continue
                    inner = condition if _media_applies(media) else f"a rule under @media {media}"
                elif keyword in ("font-face", "page", "keyframes", "counter-style", "property", "font-feature-values"):
                    continue
                else:
                    inner = f"a rule under @{keyword}"
                nested = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                order = self._rules(root, nested, order, inner)
                continue
            if rule.type != "qualified-rule":
                continue
            declarations = _declarations(rule.content)
            if not declarations:
                continue
            self.count += len(declarations)
            if self.count > MAX_RULES:
                raise IngestError(f"the release's stylesheets hold more than {MAX_RULES} rules that decide what is shown; "
                                  f"give the release with simpler styles")
            for text in tinycss2.serialize(rule.prelude).split(","):
                order += 1
                self._selector(root, text.strip(), declarations, order, condition)
        return order

    def _selector(self, root, text: str, declarations, order: int, condition: str | None) -> None:
        if not text:
            return
        generated = _PSEUDO_ELEMENT.search(text)
        if _DYNAMIC.search(text):
            return  # applies on hover or focus only: not what a reader sees at rest
        base = _PSEUDO_ELEMENT.sub("", text).strip() or "*"
        try:
            selectors = parse_selector(base)
            xpath = _TRANSLATOR.selector_to_xpath(selectors[0])
            elements = root.xpath(xpath)
        except (SelectorError, etree.XPathError, ValueError, TypeError):
            if any(name not in ("content",) for name, _v, _i in declarations):
                self.everywhere = self.everywhere or f"a style rule whose selector cannot be evaluated ({text[:60]!r})"
            return
        if generated:
            if any(name == "content" and _ident(v) not in ("none", "normal") for name, v, _i in declarations):
                for el in elements:
                    self.undecided.setdefault(el, "text generated by a style rule (content)")
                    self.generated.add(el)
            return
        if condition is not None:
            for el in elements:
                self.undecided.setdefault(el, condition)
            return
        specificity = selectors[0].specificity()
        for el in elements:
            bucket = self.matched.setdefault(el, [])
            for name, value, important in declarations:
                bucket.append(((important, 0, specificity, order), name, value))


def _screen_media(media: str | None) -> bool:
    return media is None or _media_applies(media.strip().lower()) is not False


def _media_applies(media: str) -> bool | None:
    """True (screen or all), False (print and other media only), None (a query this reader cannot decide)."""
    if media in ("", "all", "screen", "only screen"):
        return True
    words = set(re.split(r"[\s,]+", media))
    if words <= {"print", "speech", "aural", "braille", "embossed", "handheld", "projection", "tty", "tv", "only"}:
        return False
    return None


def _cascaded(el, sheet: _Sheet) -> dict[str, list]:
    """The winning value of each relevant property on ``el``: presentational hints, sheet, inline."""
    winners: dict[str, tuple[tuple, list]] = {}

    def offer(priority: tuple, name: str, value: list) -> None:
        if name not in winners or priority >= winners[name][0]:
            winners[name] = (priority, value)

    name = _localname(el)
    hint = (False, -1, (0, 0, 0), 0)
    if el.get("hidden") is not None:
        offer(hint, "display", tinycss2.parse_component_value_list("none"))
    if name == "font" and el.get("color"):
        offer(hint, "color", _hint_value(el.get("color")))
    if el.get("bgcolor"):
        offer(hint, "background-color", _hint_value(el.get("bgcolor")))
    for priority, prop, value in sheet.matched.get(el, ()):
        offer(priority, prop, value)
    style = el.get("style")
    if style:
        for n, (prop, value, important) in enumerate(_inline(style, sheet)):
            offer((important, 1, (0, 0, 0), n), prop, value)
    return {prop: value for prop, (_p, value) in winners.items()}


def _inline(style: str, sheet: _Sheet) -> list:
    found = sheet.inline.get(style)
    if found is None:
        found = sheet.inline[style] = _declarations(style) if _MAYBE_RELEVANT.search(style) else []
    return found


_MAYBE_RELEVANT = re.compile("|".join(sorted(RELEVANT)) + r"|\\", re.IGNORECASE)  # an escape may spell one


def _hint_value(text: str) -> list:
    text = text.strip()
    if re.fullmatch(r"[0-9a-fA-F]{3}|[0-9a-fA-F]{6}", text):
        text = "#" + text  # legacy colour attributes without the "#"
    return [t for t in tinycss2.parse_component_value_list(text) if t.type != "whitespace"]


_OFFSET_PROPS = ("left", "top", "right", "text-indent")


def mark_visibility(root) -> None:
    """Decide what is shown, writing ``MARK_GONE`` and ``MARK_TEXT`` into the tree (see the module)."""
    for el in root.iter():
        if isinstance(el.tag, str):
            for mark in (MARK_GONE, MARK_TEXT, MARK_GENERATED):
                if mark in el.attrib:
                    del el.attrib[mark]
    sheet = _Sheet(root)
    # (element, visibility hidden, font px, text colour, background, undecided reason)
    stack = [(root, False, DEFAULT_FONT_PX, (0.0, 0.0, 0.0, 1.0), WHITE, sheet.everywhere)]
    verdicts: dict[tuple, str | None] = {}  # the text mark of an inherited state
    styled = ("style", "hidden", "color", "bgcolor")
    while stack:
        el, hidden, font_px, color, background, undecided = stack.pop()
        if not isinstance(el.tag, str):
            continue
        attrib = el.attrib
        if el in sheet.matched or any(a in attrib for a in styled):
            try:
                props = _cascaded(el, sheet)
                gone = _gone(props)
                if gone:
                    el.set(MARK_GONE, gone)
                    continue
                hidden, font_px, color, background = _computed(props, hidden, font_px, color, background)
            except _Undecided as exc:
                undecided = undecided or str(exc)
        undecided = undecided or sheet.undecided.get(el)
        state = (undecided, hidden, font_px < 1, color, background)
        if state not in verdicts:
            verdicts[state] = _verdict(*state)
        text_mark = verdicts[state]
        if text_mark is not None:
            el.set(MARK_TEXT, text_mark)
        if el in sheet.generated:
            el.set(MARK_GENERATED, "1")
        for child in reversed(el):
            stack.append((child, hidden, font_px, color, background, undecided))


def _verdict(undecided: str | None, hidden: bool, tiny: bool, color: tuple, background: tuple) -> str | None:
    if undecided:
        return "?" + undecided
    if hidden or tiny:
        return "hidden"
    if color[3] == 0 or _contrast(_blend(color, background), background) < 1.15:
        return "hidden"
    return None


def _computed(props: dict[str, list], hidden: bool, font_px: float, color: tuple, background: tuple):
    """The inherited state (visibility hidden, font size, colour, background under) below an element."""
    visibility = _ident(props["visibility"]) if "visibility" in props else None
    if "visibility" in props and visibility is None:
        raise _Undecided("a visibility that cannot be read")
    if visibility in ("hidden", "collapse"):
        hidden = True
    elif visibility == "visible":
        hidden = False
    if "font-size" in props:
        font_px = _font_size(props["font-size"], font_px)
    elif "font" in props:
        size = _font_shorthand_size(props["font"], font_px)
        font_px = font_px if size is None else size
    if "color" in props:
        color = _color(props["color"], color) or color
    for prop in ("background", "background-color", "background-image"):
        if prop in props:
            if prop == "background-image" and _ident(props[prop]) == "none":
                continue
            found = _background(props[prop], color) if prop != "background-color" else _color(props[prop], color)
            if isinstance(found, str) or (prop == "background-image" and found is None):  # "image"
                raise _Undecided("text over a background image")
            if found is not None and found[3] > 0:
                background = _blend(found, background)
    moved = _moved(props, font_px)
    if moved:
        raise _Undecided(moved)
    return hidden, font_px, color, background


def _gone(props: dict[str, list]) -> str | None:
    if "display" in props:
        value = props["display"]
        if any(t.type != "ident" for t in value):
            raise _Undecided("a display value that cannot be read")
        if any(t.lower_value == "none" for t in value):
            return "display:none"  # every other display value (block, inline flow, ...) shows the element
    if "opacity" in props:
        value = props["opacity"]
        if _uses_functions(value):
            raise _Undecided("an opacity computed by a CSS function")
        if len(value) == 1 and value[0].type in ("number", "percentage") and value[0].value <= 0:
            return "opacity:0"
    return None


def _moved(props: dict[str, list], font_px: float) -> str | None:
    """Why text may be off the page, clipped or transformed, or None."""
    for prop in ("clip", "clip-path", "transform"):
        if props.get(prop) and _ident(props[prop]) not in ("auto", "none", "initial", "unset"):
            return f"text under {prop}"
    for prop in _OFFSET_PROPS:
        if prop in props and props[prop]:
            token = props[prop][0]
            if _uses_functions(props[prop]):
                return f"text placed by a CSS function ({prop})"
            px = _length_px(token, font_px) if token.type in ("dimension", "percentage", "number") else None
            if px is not None and px <= -100:
                return f"text moved off the page ({prop})"
    overflow = _ident(props["overflow"]) if "overflow" in props else None
    if overflow in ("hidden", "clip"):
        for prop in ("height", "max-height", "width", "max-width"):
            if prop in props and props[prop]:
                token = props[prop][0]
                px = _length_px(token, font_px) if token.type in ("dimension", "percentage", "number") else None
                if px is not None and px < 1:
                    return f"text clipped by {prop} with overflow:{overflow}"
    return None


def text_mark(el) -> str | None:
    """None (shown), "hidden", or "?<reason>" (undecided) for the element's own text."""
    return el.get(MARK_TEXT)


def generates_text(el) -> bool:
    """A style rule adds text to the element (its visibility is then undecided even when it is empty)."""
    return el.get(MARK_GENERATED) is not None


def is_gone(el) -> bool:
    return el.get(MARK_GONE) is not None
