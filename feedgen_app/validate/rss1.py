"""RSS 1.0 (RDF Site Summary, https://web.resource.org/rss/1.0/spec) and RSS 0.90 checks.

An RSS 1.0 document is an <rdf:RDF> holding a <channel>, its <item>s, and optionally an
<image> and a <textinput>, all in the namespace http://purl.org/rss/1.0/, each with an
rdf:about. RSS 0.90 has the same shape in http://my.netscape.com/rdf/simple/0.9/ without
rdf:about. Modules (Dublin Core, content, syndication, ...) add elements in their own
namespaces; their values are checked by `modules.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from lxml import etree

from .content import relative_url_findings, rss_markup, unsafe_markup_findings
from .context import Context
from .findings import Finding, at, line_of
from .modules import module_findings
from .timeline import date_range_findings
from .uris import UNSAFE_SCHEMES, reference_problem, scheme_of
from .xmlnames import CONTENT_NS, local_name, text_of

RDF_NS: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS1_NS: Final = "http://purl.org/rss/1.0/"
RSS090_NS: Final = "http://my.netscape.com/rdf/simple/0.9/"
_ABOUT: Final = f"{{{RDF_NS}}}about"
# Each part of the document: the children it must have (in the RSS namespace), and may have.
_REQUIRED: Final = {
    "channel": ("title", "link", "description"),
    "image": ("title", "url", "link"),
    "item": ("title", "link"),
    "textinput": ("title", "description", "name", "link"),
}
_OPTIONAL: Final = {"channel": ("image", "items", "textinput"), "item": ("description",)}
_URL_CHILDREN: Final = ("link", "url")


def check_rdf(root: etree._Element, context: Context) -> list[Finding]:
    """Every finding for an RSS 1.0 or RSS 0.90 document whose root is <rdf:RDF> (unsorted)."""
    namespace = RSS090_NS if root.find(f"{{{RSS090_NS}}}channel") is not None else RSS1_NS
    channels = root.findall(f"{{{namespace}}}channel")
    if not channels:
        message = f"<rdf:RDF> has no <channel> in the RSS 1.0 namespace ({RSS1_NS})"
        return [at(root, "rdf-element-missing", message)]
    findings = [
        at(
            extra,
            "rdf-element-duplicate",
            f"a second <channel> (the first is on line {line_of(channels[0])})",
        )
        for extra in channels[1:]
    ]
    for part in _parts(root, namespace):
        findings.extend(_part_findings(part, namespace))
    module, moments = module_findings(root)
    markup = rss_markup(
        [*root.iter(f"{{{namespace}}}description"), *root.iter(f"{{{CONTENT_NS}}}encoded")]
    )
    return [
        *findings,
        *_unknown_top_level(root, namespace),
        *module,
        *date_range_findings(moments, context.now),
        *unsafe_markup_findings(markup),
        *relative_url_findings(markup),
    ]


def _parts(root: etree._Element, namespace: str) -> Iterator[etree._Element]:
    """The channel, image, items and text input: children of <rdf:RDF> (or, in 0.90, too)."""
    for child in root:
        in_namespace = isinstance(child.tag, str) and etree.QName(child).namespace == namespace
        if in_namespace and local_name(child) in _REQUIRED:
            yield child


def _part_findings(part: etree._Element, namespace: str) -> list[Finding]:
    """Required, duplicate and unknown children of one part, rdf:about, and its URLs."""
    name = local_name(part)
    findings = []
    if namespace == RSS1_NS and not (part.get(_ABOUT) or "").strip():
        message = f"<{name}> has no rdf:about; RSS 1.0 gives every {name} its URI"
        findings.append(at(part, "rdf-element-missing", message))
    allowed = (*_REQUIRED[name], *_OPTIONAL.get(name, ()))
    seen: dict[str, int] = {}
    for child in part:
        if not isinstance(child.tag, str) or etree.QName(child).namespace != namespace:
            continue
        child_name = local_name(child)
        if child_name not in allowed:
            message = (
                f"<{child_name}> is not an RSS 1.0 <{name}> element; extensions belong in "
                "a module's namespace"
            )
            findings.append(at(child, "rdf-unknown-element", message))
        elif child_name in seen:
            message = (
                f"a second <{child_name}> in <{name}> (the first is on line {seen[child_name]})"
            )
            findings.append(at(child, "rdf-element-duplicate", message))
        else:
            seen[child_name] = line_of(child)
            findings.extend(_url_findings(child))
    findings.extend(
        at(part, "rdf-element-missing", f"<{name}> has no <{required}>; RSS 1.0 requires it")
        for required in _REQUIRED[name]
        if required not in seen
    )
    return findings


def _url_findings(element: etree._Element) -> list[Finding]:
    """<link> and <url> are absolute URLs, and not script."""
    if local_name(element) not in _URL_CHILDREN:
        return []
    value = text_of(element)
    scheme = scheme_of(value)
    if scheme in UNSAFE_SCHEMES:
        message = (
            f'<{local_name(element)}> "{value}" is a {scheme}: URL, which runs or embeds code '
            "in a reader"
        )
        return [at(element, "feed-unsafe-url", message)]
    problem = reference_problem(value, absolute=True, iri=False)
    if problem is None:
        return []
    message = f'<{local_name(element)}> "{value}" {problem}; RSS 1.0 wants an absolute URL'
    return [at(element, "rdf-link-invalid", message)]


def _unknown_top_level(root: etree._Element, namespace: str) -> list[Finding]:
    """Elements of the RSS namespace directly in <rdf:RDF> that RSS does not define there."""
    return [
        at(
            child,
            "rdf-unknown-element",
            f"<{local_name(child)}> is not an element of <rdf:RDF> in RSS 1.0",
        )
        for child in root
        if isinstance(child.tag, str)
        and etree.QName(child).namespace == namespace
        and local_name(child) not in _REQUIRED
    ]
