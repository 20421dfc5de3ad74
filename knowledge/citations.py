"""How to cite a library item: APA (7th edition) for its page, RIS and BibTeX files to download, and the
`citation_*` meta tags that reference managers and scholarly search engines read from its page.

Authors are kept one per line, a person as "Family name, Given names" and an organisation by its
name (a line without a comma); without authors, the publisher is the author. The link of a citation is
the DOI's, else the UNESDOC record's, else the first full text's.
"""

import re
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cities.themes import name_in, request_theme_labels

MOST_APA_AUTHORS = 20
TITLE_END_MARKS = (".", "?", "!")
RIS_TYPES = {"recording": "VIDEO"}
BIBTEX_TYPES = {"recording": "misc"}
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def theme_names(page, request=None):
    """The item's themes named in the active language."""
    labels = request_theme_labels(request)
    return [name_in(labels, theme) for theme in page.themes.all()]


def authors_of(page):
    """[(family name, given names)] for people, [(name, "")] for organisations, in the item's order."""
    found = []
    for name in page.author_names or [page.publisher]:
        family, comma, given = name.partition(",")
        found.append((family.strip(), given.strip()) if comma else (name, ""))
    return found


def author_line(family, given):
    """An author as reference managers take one: "Family, Given" for a person, an organisation's name."""
    return f"{family}, {given}" if given else family


def initials(given):
    """ "Jin" → "J.", "Raúl Valdés" → "R. V.", "Jean-Paul" → "J.-P."."""
    return " ".join(
        "-".join(f"{part[0]}." for part in word.split("-") if part) for word in given.split() if word
    )


def apa_author(family, given):
    return f"{family}, {initials(given)}" if given else family


def apa_authors(page):
    names = [apa_author(*author) for author in authors_of(page)]
    if len(names) == 1:
        return names[0]
    if len(names) > MOST_APA_AUTHORS:
        return ", ".join(names[: MOST_APA_AUTHORS - 1]) + ", … " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def link_of(page, request=None):
    if page.doi:
        return f"https://doi.org/{page.doi}"
    if page.unesdoc_url:
        return page.unesdoc_url
    first = page.full_texts.first()
    if first is None or not first.href:
        return ""
    return request.build_absolute_uri(first.href) if request is not None else first.href


def apa(page, request=None, title_language=""):
    """The reference as safe HTML, the title in italics (marked as in `title_language` if given). The
    publisher is left out when it is also the only author, and a title ending in its own mark takes no full
    stop after it, as APA asks."""
    authors = apa_authors(page)
    end = f"{authors.rstrip('.')}." if authors else ""
    if title_language:
        title = format_html('<em lang="{}">{}</em>', title_language, page.title)
    else:
        title = format_html("<em>{}</em>", page.title)
    parts = [format_html("{} ({}). {}", end, page.year, title)]
    if page.kind == "recording":
        parts.append(format_html(" [{}].", _("Video")))
    elif not page.title.endswith(TITLE_END_MARKS):
        parts.append(".")
    if page.publisher and [page.publisher] != [name for name, _given in authors_of(page)]:
        parts.append(format_html(" {}.", page.publisher))
    link = link_of(page, request)
    if link:
        parts.append(format_html(' <a href="{}">{}</a>', link, link))
    return format_html_join("", "{}", ((part,) for part in parts))


def ris(page, request=None):
    """The item as an RIS record (lines end in CRLF, as the format asks)."""
    lines = [("TY", RIS_TYPES.get(page.kind, "BOOK")), ("TI", page.title)]
    lines += [("AU", author_line(*author)) for author in authors_of(page)]
    lines += [("PY", str(page.year)), ("PB", page.publisher), ("CY", page.place)]
    lines += [("SN", page.isbn), ("DO", page.doi), ("UR", link_of(page, request))]
    lines += [("LA", text.language) for text in page.full_texts.all()]
    lines += [("KW", name) for name in theme_names(page, request)]
    lines += [("AB", " ".join(page.abstract.split())), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value or tag == "ER")


def bibtex_escape(text):
    return "".join(BIBTEX_SPECIAL.get(character, character) for character in text)


def bibtex_key(page):
    family = authors_of(page)[0][0]
    return f"{slugify(family.split()[0] if family else 'item').replace('-', '')}{page.year}"


def bibtex(page, request=None):
    """The item as a BibTeX entry; organisations and the title are braced so that their case is kept."""
    authors = " and ".join(
        f"{bibtex_escape(family)}, {bibtex_escape(given)}" if given else f"{{{bibtex_escape(family)}}}"
        for family, given in authors_of(page)
    )
    fields = [
        ("title", f"{{{bibtex_escape(page.title)}}}"),
        ("author", authors),
        ("year", str(page.year)),
        ("publisher", bibtex_escape(page.publisher)),
        ("address", bibtex_escape(page.place)),
        ("isbn", bibtex_escape(page.isbn)),
        ("doi", bibtex_escape(page.doi)),
        ("url", link_of(page, request)),
        ("language", ", ".join(text.language for text in page.full_texts.all())),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{BIBTEX_TYPES.get(page.kind, 'book')}{{{bibtex_key(page)},\n{body}\n}}\n"


def is_pdf(full_text):
    if full_text.document_id:
        return full_text.document.file_extension.lower() == "pdf"
    return urlsplit(full_text.url).path.lower().endswith(".pdf")


def citation_meta(page, full_texts, request):
    """[(name, content)] of the Highwire Press tags (Google Scholar's inclusion guidelines) that Zotero and
    other reference managers save an item from: the same facts as the RIS file, and the PDF full texts."""
    tags = [("citation_title", page.title)]
    tags += [("citation_author", author_line(*author)) for author in authors_of(page)]
    tags += [("citation_publication_date", str(page.year)), ("citation_publisher", page.publisher)]
    tags += [("citation_isbn", page.isbn), ("citation_doi", page.doi)]
    tags += [("citation_language", text.language) for text in full_texts]
    pdfs = [text for text in full_texts if is_pdf(text)]
    tags += [("citation_pdf_url", request.build_absolute_uri(text.href)) for text in pdfs]
    tags += [("citation_keywords", "; ".join(theme_names(page, request)))]
    return [(name, content) for name, content in tags if content]


def download(text, content_type, filename):
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def file_name(page, extension):
    return f"{re.sub(r'[^a-z0-9-]', '', page.slug) or 'item'}.{extension}"


def ris_response(page, request):
    return download(ris(page, request), "application/x-research-info-systems", file_name(page, "ris"))


def bibtex_response(page, request):
    return download(bibtex(page, request), "application/x-bibtex", file_name(page, "bib"))
