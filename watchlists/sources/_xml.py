"""Safe, incremental XML reading for the list parsers.

Every XML list is read with lxml's ``iterparse`` with entity resolution, DTD
loading and network access off, and ``huge_tree`` off (libxml2's limits on
text size and depth stay on). Sanctions lists never carry a DOCTYPE, so any
DOCTYPE is refused before lxml sees the file: a scan of the prolog (the
declaration, comments and processing instructions before the root element)
finds it, however long the comments in front of it. This stops
billion-laughs and external-entity (XXE) files before any entity is read;
libxml2 versions differ in whether their own amplification limit would fire
first. The root element's doctype info is checked again as a second guard.

Elements are cleared once the caller has read them, so memory stays flat on
large files such as OFAC's SDN.XML.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator

from lxml import etree

from watchlists.errors import ListFileError


def local(tag: object) -> str:
    """Tag name without its namespace (``{ns}sdnEntry`` -> ``sdnEntry``)."""
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def where(elem: etree._Element) -> str:
    return f"line {elem.sourceline} <{local(elem.tag)}>"


def iter_xml(
    path: str, data: bytes, tags: set[str], *, root: str | None = None, any_namespace: bool = True
) -> Iterator[tuple[str, etree._Element]]:
    """Yield ``("root", root)`` once, then ``("end", elem)`` for each closed
    element whose local name is in ``tags``.

    The caller must finish with an element before asking for the next one:
    it is cleared afterwards. Malformed XML (including a truncated file) and
    any DOCTYPE raise :class:`ListFileError` naming the line. Given ``root``,
    a root element of another name is refused too: its local name is compared,
    or its whole tag (namespace included) when ``any_namespace`` is false.
    """
    refuse_doctype_in_prolog(path, data)
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root_seen = False
    try:
        for event, elem in events:
            if event == "start":
                if not root_seen:
                    root_seen = True
                    _refuse_doctype(path, elem)
                    if root is not None:
                        _require_root(path, elem, root, any_namespace)
                    yield "root", elem
                continue
            if local(elem.tag) in tags:
                yield "end", elem
                elem.clear(keep_tail=False)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        message = str(exc.msg or exc).split(", line ")[0]
        if "amplification" in message or "Detected an entity reference loop" in message:
            message = f"entity expansion refused: {message}"
        raise ListFileError(path, f"malformed XML: {message}", where=f"line {line}, column {column}") from None
    if not root_seen:
        raise ListFileError(path, "no XML root element")


_ENTITY_NAME = re.compile(r"<!ENTITY\s+(?:%\s+)?([^\s\"'>]+)")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CHUNK = 1 << 16


def _prolog_text(data: bytes) -> Iterator[str]:
    """The start of the document as text, chunk by chunk."""
    encoding = "utf-16" if data.startswith(_UTF16_BOMS) else "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    for start in range(0, len(data), _CHUNK):
        yield decoder.decode(data[start : start + _CHUNK], final=start + _CHUNK >= len(data))


def refuse_doctype_in_prolog(path: str, data: bytes) -> None:
    """Raise :class:`ListFileError` if a DOCTYPE comes before the root element.

    Walks the prolog (whitespace, XML declaration, comments, processing
    instructions) and stops at the first other markup, so the cost is the
    length of the prolog, not of the file.
    """
    text = ""
    pos = 0
    chunks = _prolog_text(data)
    while True:
        # Make sure the next construct is wholly in ``text`` (or the data ends).
        while True:
            head = text[pos:].lstrip().lstrip("\ufeff")
            if head.startswith("<!--"):
                done = "-->" in head[4:]
            elif head.startswith("<?"):
                done = "?>" in head[2:]
            elif head.startswith("<!DOCTYPE"):
                done = "]>" in head or ("[" not in head and ">" in head) or len(head) > _CHUNK
            else:
                done = len(head) >= 9
            if done:
                break
            more = next(chunks, None)
            if more is None:
                break
            text += more
        rest = text[pos:]
        pos += len(rest) - len(rest.lstrip().lstrip("\ufeff"))
        if text.startswith("<!--", pos):
            close = "-->"
            end = text.find(close, pos + 4)
        elif text.startswith("<?", pos):
            close = "?>"
            end = text.find(close, pos + 2)
        elif text.startswith("<!DOCTYPE", pos):
            decl = text[pos : pos + _CHUNK]
            names = _ENTITY_NAME.findall(decl)
            detail = f" declaring entities {', '.join(names[:5])}" if names else ""
            line = text.count("\n", 0, pos) + 1
            raise ListFileError(
                path,
                f"XML with a DOCTYPE{detail} is refused (lists never carry one; it can hide entity attacks)",
                where=f"line {line}",
            )
        else:
            return  # the root element, or text the parser reports itself
        if end < 0:
            return  # an unclosed comment or PI: the parser names the place
        pos = end + len(close)


def _refuse_doctype(path: str, root: etree._Element) -> None:
    info = root.getroottree().docinfo
    dtd = info.internalDTD
    if dtd is not None or info.doctype:
        entities = [e.name for e in dtd.iterentities()] if dtd is not None else []
        detail = f" declaring entities {', '.join(entities[:5])}" if entities else ""
        raise ListFileError(
            path,
            f"XML with a DOCTYPE{detail} is refused (lists never carry one; it can hide entity attacks)",
            where="line 1-" + str(root.sourceline),
        )


def _require_root(path: str, elem: etree._Element, name: str, any_namespace: bool) -> None:
    tag = local(elem.tag) if any_namespace else elem.tag
    if tag != name:
        raise ListFileError(path, f"root element is <{tag}>, not <{name}>", where="line 1")


def text(elem: etree._Element | None) -> str:
    """Whitespace-cleaned text of an element, "" if absent."""
    if elem is None or elem.text is None:
        return ""
    return " ".join(elem.text.split())


def child(elem: etree._Element, name: str) -> etree._Element | None:
    """First child with local name ``name``."""
    for c in elem:
        if local(c.tag) == name:
            return c
    return None


def children(elem: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in elem if local(c.tag) == name]


def child_text(elem: etree._Element, name: str) -> str:
    return text(child(elem, name))


def path_elements(elem: etree._Element, *names: str) -> list[etree._Element]:
    """Elements at a path of local names, e.g. ``("Names", "Name")``."""
    level = [elem]
    for name in names:
        level = [c for e in level for c in e if local(c.tag) == name]
    return level


def path_texts(elem: etree._Element, *names: str) -> list[str]:
    """Non-empty texts at a path of local names, e.g. ``("NATIONALITY", "VALUE")``."""
    return [t for t in (text(e) for e in path_elements(elem, *names)) if t]
