"""WCAG 2's contrast ratio, shared by the tests of figure text and of the site's controls."""


def luminance(colour):
    """WCAG 2's relative luminance of a ``"#rrggbb"`` colour or an ``(r, g, b)`` of 0..255
    (a fourth, alpha, value is ignored)."""
    if isinstance(colour, str):
        colour = [int(colour[k:k + 2], 16) for k in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
               for c in (v / 255 for v in colour[:3])]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
