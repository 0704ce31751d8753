"""A reader with an integer-program solver and nothing but the public export.json.

Independent of listening.privacy on purpose: it rebuilds every relation a careful
reader can see in the published file and asks, for a hidden count, the smallest and
largest value any whole-number table agreeing with the whole file allows.

What the reader knows:
- the grand total, theme sizes, topic sizes and crosstab cells that are printed;
- "<5" is a count of 1 or more (zeros are printed or marked "x"), and "x" is any count;
- theme sizes add up to the total, topic sizes to their theme, crosstab rows to the
  theme size, columns to the column total, column totals to the grand total;
- every published answer of a published topic, with the attributes printed beside it:
  the rows of a topic count its size, and a crosstab cell holds at least the rows
  that show its value, plus some of the rows whose attributes are withheld.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

PRIMARY, SECONDARY = "<5", "x"


@dataclass
class _Program:
    names: list = field(default_factory=list)
    index: dict = field(default_factory=dict)
    lower: list = field(default_factory=list)
    upper: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # ({var: coefficient}, constant): sum == constant

    def var(self, name, shown=None, big=10 ** 6, marks=True, small=4) -> int:
        if name in self.index:
            return self.index[name]
        self.index[name] = len(self.names)
        self.names.append(name)
        if isinstance(shown, (int, float)) and not isinstance(shown, bool):
            self.lower.append(float(shown))
            self.upper.append(float(shown))
        elif shown == PRIMARY and marks:
            self.lower.append(1.0)
            self.upper.append(float(small) if small else big)
        else:
            self.lower.append(0.0)
            self.upper.append(big)
        return self.index[name]

    def equal(self, terms: dict, constant: float = 0.0) -> None:
        self.rows.append((terms, constant))

    def interval(self, name, own_mark: bool = True) -> tuple[int, int]:
        """Lowest and highest value of one count; ``own_mark=False`` forgets what its own mark says."""
        k = self.index[name]
        n = len(self.names)
        lower, upper = list(self.lower), list(self.upper)
        if not own_mark and lower[k] != upper[k]:
            lower[k], upper[k] = 0.0, 10.0 ** 6
        a = np.zeros((len(self.rows), n))
        b = np.zeros(len(self.rows))
        for r, (terms, constant) in enumerate(self.rows):
            for v, c in terms.items():
                a[r, v] += c
            b[r] = constant
        bounds = Bounds(np.array(lower), np.array(upper))
        constraints = [LinearConstraint(a, b, b)] if len(self.rows) else []
        out = []
        for sign in (1.0, -1.0):
            goal = np.zeros(n)
            goal[k] = sign
            res = milp(goal, constraints=constraints, integrality=np.ones(n), bounds=bounds)
            assert res.status == 0, res.message
            out.append(int(round(sign * res.fun)))
        return out[0], out[1]


def read_release(export: dict, marks: bool = True, small: int | None = 4) -> _Program:
    """Every relation in one public export.json (see the module note).

    ``marks=False``: the reader ignores what the marks say (every hidden count is any
    value from 0); ``small``: the most a "<5" can be (None: no upper end).
    """
    p = _Program()
    big = 10 ** 6
    themes = export["themes"]
    topics = export["topics"]
    total_shown = None
    for table in export["crosstabs"].values():
        total_shown = table["counts"][-1][-1]
    total = p.var("N", total_shown, big, marks, small)
    label_theme = {}
    for t in themes:
        p.var(("T", t["theme_id"]), t["size"], big, marks, small)
        label_theme[t["label"]] = t["theme_id"]
    p.equal({**{p.index[("T", t["theme_id"])]: 1.0 for t in themes}, total: -1.0})
    published = {}
    for topic in topics:
        p.var(("P", topic["topic_id"]), topic["size"], big, marks, small)
        published[topic["topic_id"]] = topic["theme_id"]
    by_theme: dict = {}
    for j, i in published.items():
        by_theme.setdefault(i, []).append(j)
    n_topics = {t["theme_id"]: t["n_topics"] for t in themes}
    for i, members in by_theme.items():
        terms = {p.index[("P", j)]: 1.0 for j in members}
        terms[p.index[("T", i)]] = -1.0
        if len(members) == n_topics[i]:
            p.equal(terms)
    rows = export["answers"]
    for j in published:
        p.equal({p.index[("P", j)]: 1.0}, float(sum(1 for r in rows if r["topic_id"] == j)))
    withheld_word = {"ja": "（非公開）", "ko": "(비공개)", "en": "(withheld)"}[export["meta"]["language"]]
    missing_word = {"ja": "(無回答)", "ko": "(무응답)", "en": "(no answer)"}[export["meta"]["language"]]
    for attribute, table in export["crosstabs"].items():
        values, labels = table["columns"][:-1], table["rows"][:-1]
        for r, label in enumerate(labels):
            i = label_theme[label]
            line = {}
            for c, v in enumerate(values):
                line[p.var(("C", attribute, i, v), table["counts"][r][c], big, marks, small)] = 1.0
            line[p.index[("T", i)]] = -1.0
            p.equal(line)
        for c, v in enumerate(values):
            m = p.var(("M", attribute, v), table["counts"][-1][c], big, marks, small)
            terms = {p.index[("C", attribute, label_theme[label], v)]: 1.0 for label in labels}
            terms[m] = -1.0
            p.equal(terms)
        p.equal({**{p.index[("M", attribute, v)]: 1.0 for v in values}, total: -1.0})
        if not rows or attribute not in rows[0]:
            continue
        # Answer rows: per topic, the withheld rows take some values; the shown rows count as they are.
        for i, members in by_theme.items():
            if len(members) != n_topics[i]:
                continue
            for v in values:
                terms = {p.index[("C", attribute, i, v)]: 1.0}
                shown = 0
                for j in members:
                    terms[p.var(("Y", attribute, j, v), None, big, marks, small)] = -1.0
                    shown += sum(1 for r in rows if r["topic_id"] == j and _value(r[attribute], missing_word) == v)
                p.equal(terms, float(shown))
            for j in members:
                hidden = sum(1 for r in rows if r["topic_id"] == j and r[attribute] == withheld_word)
                p.equal({p.index[("Y", attribute, j, v)]: 1.0 for v in values}, float(hidden))
    return p


def _value(value, missing: str):
    return missing if value is None or (isinstance(value, str) and not value.strip()) else value


def intervals(export: dict, attribute: str, value: str, marks: bool = True, own_mark: bool = True,
              small: int | None = 4) -> dict:
    """{theme label or "total": (lowest, highest)} for one crosstab column, printed cells as they are."""
    p = read_release(export, marks, small)
    table = export["crosstabs"][attribute]
    c = table["columns"].index(value)
    label_theme = {t["label"]: t["theme_id"] for t in export["themes"]}
    out = {}
    for r, label in enumerate(table["rows"][:-1]):
        out[label] = p.interval(("C", attribute, label_theme[label], value), own_mark)
    out["total"] = p.interval(("M", attribute, value), own_mark)
    del c
    return out
