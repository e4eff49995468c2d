"""The ``{exercise-list}`` directive: every exercise in the book, linked, chapter by chapter,
each with a link to its worked solution.

A chapter marks an exercise with a heading whose title starts with the word "Exercise"
(``### Exercise 2: the slope for the earlier bias``; the ``## Exercises`` heading above
them does not count).  Its worked solution is a code cell in that section, folded away
(tagged ``hide-cell``), whose first line is ``# Solution``.  While Sphinx reads each
document, this extension notes the title and anchor of every such section, gives the
solution's cell an anchor of its own (the exercise's, plus ``-solution``) and has its
drop-down say "Show the solution" instead of myst-nb's "Show code cell content".  When a
page containing the directive is written, the directive becomes a list of links,
grouped by document in table-of-contents order, so a new exercise appears in the list
without anyone editing it.  (``_static/open_target.js`` unfolds a folded cell that a
link lands on.)

What is kept per exercise is plain data (the anchors and the title as text, inline
maths and code pieces), so it pickles cheaply and merges across parallel readers.  The
list shows titles only; it never copies an exercise's text.
"""

import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

#: A section is an exercise when its title matches this ("Exercises" does not).
EXERCISE = re.compile(r"Exercise\b")
ENV_KEY = "nnbook_exercises"   # {docname: [(anchor, segments, solution anchor), ...]}
ENV_LISTS = "nnbook_exercise_lists"     # {docname, ...}: documents using the directive
SOLUTION_FIRST_LINE = "# Solution"
SHOW, HIDE = "Show the solution", "Hide the solution"


class exercise_list(nodes.General, nodes.Element):
    """Placeholder left by the directive, replaced when the page is resolved."""


class ExerciseListDirective(SphinxDirective):
    """``{exercise-list}``: takes no arguments, options or content."""

    has_content = False

    def run(self):
        getattr(self.env, ENV_LISTS).add(self.env.docname)
        return [exercise_list("")]


# --------------------------------------------------------------------------- reading

def _segments(node):
    """The title's text as ``[(kind, text)]`` with kind text, math or literal."""
    out = []
    for child in node.children:
        if isinstance(child, nodes.math):
            out.append(("math", child.astext()))
        elif isinstance(child, nodes.literal):
            out.append(("literal", child.astext()))
        elif isinstance(child, nodes.Text):
            out.append(("text", str(child)))
        else:  # emphasis, a reference, ...: keep what it says, not what it is
            out.extend(_segments(child))
    return out


def _init(app, env, docnames=None):
    for key, empty in ((ENV_KEY, dict), (ENV_LISTS, set)):
        if not hasattr(env, key):
            setattr(env, key, empty())


def _source(cell):
    """The code of a myst-nb code cell, or '' if it has none."""
    for child in cell.children:
        if child.get("nb_element") == "cell_code_source":
            return child.astext()
    return ""


def _is_solution(node):
    return (isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"
            and node.get("hide_mode") == "all"
            and _source(node).startswith(SOLUTION_FIRST_LINE))


def _mark_solution(doctree, section, anchor):
    """Give the section's first solution cell an anchor and its drop-down our words.

    Returns the anchor, or None when the exercise has no folded solution."""
    cell = next(iter(section.findall(_is_solution)), None)
    if cell is None:
        return None
    if not cell["ids"]:
        wanted = anchor + "-solution"
        if wanted in doctree.ids:    # taken: docutils makes one up (and records it)
            doctree.set_id(cell)
        else:
            cell["ids"].append(wanted)
            doctree.ids[wanted] = cell
    cell["prompt_show"], cell["prompt_hide"] = SHOW, HIDE
    return cell["ids"][0]


def _collect(app, doctree):
    env = app.env
    found = []
    for section in doctree.findall(nodes.section):
        if not section.children or not isinstance(section[0], nodes.title):
            continue
        if EXERCISE.match(section[0].astext().strip()) and section["ids"]:
            anchor = section["ids"][0]
            found.append((anchor, _segments(section[0]),
                          _mark_solution(doctree, section, anchor)))
    if found:
        getattr(env, ENV_KEY)[env.docname] = found
    else:
        getattr(env, ENV_KEY).pop(env.docname, None)


def _purge(app, env, docname):
    _init(app, env)
    getattr(env, ENV_KEY).pop(docname, None)
    getattr(env, ENV_LISTS).discard(docname)


def _merge(app, env, docnames, other):
    _init(app, env)
    theirs = getattr(other, ENV_KEY, {})
    getattr(env, ENV_KEY).update({d: theirs[d] for d in docnames if d in theirs})
    getattr(env, ENV_LISTS).update(set(getattr(other, ENV_LISTS, ())) & set(docnames))


def _outdated(app, env, added, changed, removed):
    """Any document read again may have gained or lost an exercise: re-read the lists."""
    _init(app, env)
    if added or changed or removed:
        return sorted(getattr(env, ENV_LISTS) - set(added) - set(changed))
    return []


# --------------------------------------------------------------------------- writing

def _toc_order(env, root):
    """Every document reachable from ``root`` through toctrees, depth first."""
    order, seen = [], set()

    def walk(doc):
        if doc in seen:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(root)
    return order


def _link(app, fromdoc, todoc, anchor, children):
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    if anchor:
        uri += "#" + anchor
    ref = nodes.reference("", "", internal=True, refuri=uri)
    ref.extend(children)
    return ref


def _title_nodes(segments):
    made = []
    for kind, text in segments:
        if kind == "math":
            made.append(nodes.math(text, text))
        elif kind == "literal":
            made.append(nodes.literal(text, text))
        else:
            made.append(nodes.Text(text))
    return made


def _solution_words(segments, chapter):
    """"solution", and for a screen reader's list of links, whose solution it is."""
    short = "".join(text for _, text in segments).split(":")[0].strip()
    return [nodes.Text("solution"),
            nodes.inline("", f" to {short} of \N{LEFT DOUBLE QUOTATION MARK}{chapter}"
                             "\N{RIGHT DOUBLE QUOTATION MARK}",
                         classes=["visually-hidden"])]


def _render(app, fromdoc):
    env = app.env
    exercises = getattr(env, ENV_KEY)
    in_toc = [d for d in _toc_order(env, app.config.root_doc) if d in exercises]
    docs = in_toc + sorted(set(exercises) - set(in_toc))
    box = nodes.container(classes=["exercise-list"])
    if not docs:
        box += nodes.paragraph("", "No exercises yet.")
        return box, False
    has_math = False
    for doc in docs:
        title = env.titles[doc].astext() if doc in env.titles else doc
        count = len(exercises[doc])
        head = nodes.paragraph(classes=["exercise-list-chapter"])
        head += nodes.strong("", "", _link(app, fromdoc, doc, "", [nodes.Text(title)]))
        head += nodes.Text(f" ({count} exercise{'s' if count != 1 else ''})")
        items = nodes.bullet_list(classes=["exercise-list-items"])
        for anchor, segments, solution in exercises[doc]:
            has_math = has_math or any(kind == "math" for kind, _ in segments)
            line = nodes.paragraph("", "", _link(app, fromdoc, doc, anchor,
                                                 _title_nodes(segments)))
            if solution:
                line += nodes.Text(" \N{MIDDLE DOT} ")
                line += _link(app, fromdoc, doc, solution, _solution_words(segments, title))
            items += nodes.list_item("", line)
        box += [head, items]
    return box, has_math


def _resolve(app, doctree, fromdoc):
    placeholders = list(doctree.findall(exercise_list))
    for node in placeholders:
        box, has_math = _render(app, fromdoc)
        if has_math:  # let Sphinx load MathJax on this page
            app.env.get_domain("math").data["has_equations"][fromdoc] = True
        node.replace_self(box)


def setup(app):
    app.add_node(exercise_list)
    app.add_directive("exercise-list", ExerciseListDirective)
    app.connect("env-before-read-docs", _init)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-read", _collect)
    app.connect("doctree-resolved", _resolve)
    return {"version": "1", "env_version": 2,
            "parallel_read_safe": True, "parallel_write_safe": True}
