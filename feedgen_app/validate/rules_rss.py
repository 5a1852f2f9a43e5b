"""The rules for RSS 2.0 (and 0.91 to 0.94), RSS 1.0 and the modules both carry."""

from __future__ import annotations

from typing import Final

from .rule import PRACTICE, RSS_PROFILE, RSS_SPEC
from .rule import error as _error
from .rule import warning as _warning

RSS_RULES: Final = {
    "rss-root": _error("An RSS document's root is <rss> in no namespace.", RSS_SPEC),
    "rss-version": _error(
        'The <rss> element has version="2.0" (or 0.91, 0.92, 0.93, 0.94).', RSS_SPEC
    ),
    "rss-channel-count": _error("<rss> has exactly one <channel>.", RSS_SPEC),
    "rss-channel-required": _error(
        "<channel> has <title>, <link> and <description> (and <language> in RSS 0.91).",
        "RSS 2.0: Required channel elements; RSS 0.91",
    ),
    "rss-link-not-absolute": _error(
        "Channel and item <link> are absolute URLs, non-ASCII characters percent-encoded.",
        RSS_SPEC,
    ),
    "rss-link-not-web": _warning(
        "Channel and item <link> are http:// or https:// URLs.", PRACTICE, build_error=True
    ),
    "rss-url-invalid": _error(
        "<image> url and link, <docs>, <comments>, <textInput> link and <source url> are "
        "absolute URLs.",
        RSS_SPEC,
    ),
    "rss-element-duplicate": _error(
        "Elements defined once per channel, item, image or textInput appear at most once.",
        RSS_SPEC,
    ),
    "rss-element-missing": _error(
        "<image> has url, title and link; <textInput> has title, description, name and link.",
        "RSS 2.0: <image>, <textInput>",
    ),
    "rss-unexpected-text": _error(
        "<channel>, <item>, <image>, <textInput>, <skipHours>, <skipDays> hold only elements.",
        RSS_SPEC,
    ),
    "rss-attribute-unknown": _error(
        "RSS elements carry only the attributes RSS 2.0 defines (others in a namespace).",
        RSS_SPEC,
    ),
    "rss-ttl-invalid": _error("<ttl> is a whole number of minutes, 1 or more.", "RSS 2.0: <ttl>"),
    "rss-image-size": _error(
        "<image> width is 1 to 144 pixels, height 1 to 400.", "RSS 2.0: <image>"
    ),
    "rss-textinput-name": _error(
        "The <textInput> name is a form field name (a letter, then letters, digits, _-.:).",
        f"{RSS_PROFILE}: textInput",
    ),
    "rss-language-invalid": _error(
        '<language> is a language code such as "en" or "en-us".', "RSS 2.0; RFC 1766"
    ),
    "rss-cloud-invalid": _error(
        "<cloud> has domain, port (1 to 65535), path, registerProcedure and protocol.",
        "RSS 2.0: <cloud>",
    ),
    "rss-skip-invalid": _error(
        "<skipHours> lists hours 0 to 23, <skipDays> day names, each once, at least one.",
        "RSS 2.0: skipHours, skipDays",
    ),
    "rss-item-title-or-description": _error(
        "Every <item> has a <title> or a <description>.", "RSS 2.0: elements of <item>"
    ),
    "rss-date-format": _error(
        "<pubDate> and <lastBuildDate> are RFC 822 dates with a four-digit year and a day "
        "name that matches.",
        "RSS 2.0; RFC 822 §5",
    ),
    "rss-date-lenient": _warning(
        "Dates are written in the one RFC 822 form RSS 2.0 shows: no comments, names as "
        "written in RFC 822, a four-digit year, a numeric or named (not military) zone.",
        "RSS 2.0; RFC 822 §5",
        build_error=True,
    ),
    "rss-guid-permalink": _error(
        "A permalink <guid> (isPermaLink true or absent) is an absolute URL.",
        "RSS 2.0: <guid> sub-element of <item>",
    ),
    "rss-guid-duplicate": _error(
        "No two items share a <guid>.", "RSS 2.0: <guid> sub-element of <item>"
    ),
    "rss-enclosure-invalid": _error(
        "An <enclosure> has an absolute http(s) url, a length in bytes and a MIME type.",
        "RSS 2.0: <enclosure> sub-element of <item>",
    ),
    "rss-author-not-email": _error(
        "<author>, <managingEditor> and <webMaster> are e-mail addresses.",
        "RSS 2.0: <author> sub-element of <item>",
    ),
    "rss-author-format": _warning(
        'E-mail addresses are written "ada@example.org (Ada Example)", not "Ada '
        '<ada@example.org>" or a mailto: URL.',
        f"{RSS_PROFILE}: data types, email",
        build_error=True,
    ),
    "rss-unknown-element": _error(
        "Elements RSS 2.0 does not define are in a namespace.", "RSS 2.0: Extending RSS"
    ),
    "rss-element-namespace": _error(
        "Extension elements (content:encoded, dc:creator, atom:link, ...) are in their own "
        "namespace and are defined there.",
        "RSS 2.0: Extending RSS",
    ),
    "dc-date-format": _error(
        "dc:date and sy:updateBase are W3C-DTF dates (2024-05-01, 2024-05-01T10:00:00Z).",
        "Dublin Core; W3C-DTF",
    ),
    "dc-language-invalid": _error(
        '<dc:language> is a language code such as "en" or "en-US".', "Dublin Core; RFC 1766"
    ),
    "sy-value-invalid": _error(
        "sy:updatePeriod is hourly, daily, weekly, monthly or yearly; sy:updateFrequency a "
        "whole number of 1 or more.",
        "RSS 1.0 syndication module",
    ),
    "rss-self-link-missing": _warning(
        'The channel has an <atom:link rel="self" href=...>.', f"{RSS_PROFILE}: atom:link"
    ),
    "rss-self-link-mismatch": _warning(
        "The self link is the URL the feed is served at.", f"{RSS_PROFILE}: atom:link"
    ),
    "rss-channel-link-is-self": _warning(
        "The channel <link> points at the site, not at the feed itself.",
        "RSS 2.0: Required channel elements",
    ),
    "rss-item-content-missing": _warning(
        "Every item has a <description> or <content:encoded>.", PRACTICE
    ),
    "rss-guid-missing": _warning("Every item has a <guid>.", f"{RSS_PROFILE}: guid"),
}


RDF_RULES: Final = {
    "rdf-element-missing": _error(
        "An RSS 1.0 document has a <channel>; channel, image, item and textinput have "
        "rdf:about and their required children (title, link, ...).",
        "RSS 1.0 §5",
    ),
    "rdf-element-duplicate": _error(
        "One <channel>, and each child of a channel, image, item or textinput once.", "RSS 1.0 §5"
    ),
    "rdf-unknown-element": _error(
        "Elements in the RSS 1.0 namespace are the ones RSS 1.0 defines, where it defines them.",
        "RSS 1.0 §5",
    ),
    "rdf-link-invalid": _error("<link> and <url> are absolute URLs.", "RSS 1.0 §5"),
}
