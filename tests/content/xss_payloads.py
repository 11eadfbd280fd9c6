"""A corpus of XSS payloads: fed into every field that renders. Plain list; other areas import it."""

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<a href=\"javascript:alert('xss')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('xss')\">click</a>",
    "<a href=\"java\tscript:alert('xss')\">tab</a>",
    "<a href=\"&#106;avascript:alert('xss')\">entity</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=">data</a>',
    "<a href=\"vbscript:msgbox('xss')\">vb</a>",
    "<body onload=alert('xss')>",
    "<div style=\"background:url(javascript:alert('xss'))\">style</div>",
    "<style>body{background:red}</style>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<embed src=\"javascript:alert('xss')\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "\"><script>alert('xss')</script>",
    "'><img src=x onerror=alert('xss')>",
    "<scr<script>ipt>alert('xss')</scr</script>ipt>",
    "<p onclick=\"alert('xss')\">para</p>",
    "<form action=\"javascript:alert('xss')\"><button>go</button></form>",
    "<input autofocus onfocus=alert('xss')>",
    "<details open ontoggle=alert('xss')>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss\')">',
    "<base href=\"javascript:alert('xss')//\">",
    "<!--<script>alert('xss')</script>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss')>\">",
    "<template><script>alert('xss')</script></template>",
]


def assert_no_xss(html: str) -> None:
    """Fails if the HTML, as a browser parses it, holds anything that can run script.

    Checks elements and attributes rather than text, so a payload shown harmlessly as
    escaped text (a search box echoing the query) passes, and a live one fails.
    """
    from html.parser import HTMLParser

    forbidden_tags = {
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "style",
        "base",
        "form",
        "frame",
        "applet",
    }
    url_attributes = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}
    problems = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag in forbidden_tags and not (tag == "form" and attributes.get("method")):
                problems.append(f"<{tag}>")
            if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
                problems.append("<script> without a local src")
            if tag == "meta" and "http-equiv" in attributes:
                problems.append("<meta http-equiv>")
            for name, value in attrs:
                if name.startswith("on"):
                    problems.append(f"event handler {name}")
                if name in url_attributes and value:
                    compact = "".join(ch for ch in value if not ch.isspace()).lower()
                    if compact.startswith(("javascript:", "vbscript:", "data:text/html")):
                        problems.append(f"{name}={value!r}")
                if name == "style" and "javascript" in (value or "").lower():
                    problems.append("script in style attribute")

    checker = Checker(convert_charrefs=True)
    checker.feed(html)
    checker.close()
    assert not problems, problems
