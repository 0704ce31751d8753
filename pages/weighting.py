"""Weighting (staff): the population table, which survey values stand for which population groups, the
settings (attributes, method, cap, missing values, the default view) and the diagnostics of the weights."""
import pandas as pd
import streamlit as st

from listening.messages import describe_error
from listening.types import InputError
from listening.weighting import MAPPING_COLUMNS, METHODS, MISSING_RULES, mapping_report, read_mapping
from ui import i18n, state, weighting, widgets
from ui.i18n import fmt_date, fmt_int, t
from ui.text import escape_markdown

state.ensure_routed()
# Non-widget keys: a flash message for after the rerun, and a nonce in the widget keys so that
# after a save every widget starts from what was stored.
_FLASH = "_weighting_flash"
_NONCE = "_weighting_nonce"

analysis = widgets.require_analysis()
ws = state.workspace()
dataset = analysis.dataset_id
st.title(t("nav_weighting"))
st.caption(t("wt_intro"))
nonce = st.session_state.setdefault(_NONCE, 0)
if (flash := st.session_state.pop(_FLASH, None)) is not None:
    st.success(flash)


def _failed(err: Exception) -> None:
    text = describe_error(err, i18n.current()) if isinstance(err, InputError) else str(err)
    st.error(t("wt_error", error=escape_markdown(text)))


def _act(action, *args, message, **kwargs) -> None:
    """One staff change through the Workspace (role check, audit log), then a rerun with fresh widgets.
    ``message``: the flash text, from what the action returned (a WeightingSetup)."""
    try:
        done = action(dataset, *args, **kwargs)
    except ValueError as err:  # InputError included: a bad file or mapping
        _failed(err)
        return
    st.session_state[_FLASH] = message(done)
    st.session_state[_NONCE] = nonce + 1
    st.rerun()


def _residents(population, i: int) -> str:
    return fmt_int(population.tables[i]["count"].sum()) if i < len(population.tables) else "—"


def _population(setup) -> None:
    st.subheader(t("wt_population_heading"))
    if setup is None or setup.population is None:
        st.info(t("wt_none"))
    else:
        for i, s in enumerate(setup.population.sources):
            st.caption(t("wt_current", file=escape_markdown(s.get("filename") or ""),
                         source=escape_markdown(s.get("source") or t("wt_unknown")),
                         as_of=fmt_date(s.get("as_of")) or t("wt_unknown"), residents=_residents(setup.population, i),
                         user=escape_markdown(setup.user), date=fmt_date(setup.created_at)))
    with st.expander(t("wt_file"), expanded=setup is None):
        st.caption(t("wt_population_help"))
        upload = st.file_uploader(t("wt_file"), type=["csv", "tsv", "txt", "xlsx", "xls"], key=f"wt_upload_{nonce}")
        left, right = st.columns(2)
        source = left.text_input(t("wt_source"), help=t("wt_source_help"), key="wt_source")
        as_of = right.text_input(t("wt_as_of"), key="wt_as_of")
        if st.button(t("wt_read"), type="primary", disabled=upload is None, key="wt_read"):
            def said(done):
                total = sum(float(table["count"].sum()) for table in done.population.tables)
                return t("wt_read_done", file=escape_markdown(upload.name), residents=fmt_int(total),
                         by=escape_markdown("、".join(done.by)))
            _act(ws.set_population, upload.getvalue(), upload.name, source=source.strip(),
                 as_of=as_of.strip() or None, message=said)


def _mapping(setup) -> pd.DataFrame:
    """The mapping editor (only the group can be edited) and what it leaves unmatched; the edited table."""
    st.subheader(t("wt_mapping_heading"))
    st.caption(t("wt_mapping_help"))
    sides = {"survey": t("wt_side_survey"), "population": t("wt_side_population")}
    shown = setup.mapping.assign(side=setup.mapping["side"].map(sides))
    config = {c: st.column_config.TextColumn(t(f"wt_col_{c}")) for c in MAPPING_COLUMNS if c != "n"}
    config["n"] = st.column_config.NumberColumn(t("wt_col_n"), format="%d")
    edited = st.data_editor(shown, hide_index=True, width="stretch", column_config=config, key=f"wt_mapping_{nonce}",
                            disabled=[c for c in MAPPING_COLUMNS if c != "group"])
    mapping = read_mapping(edited.assign(side=setup.mapping["side"].to_numpy()))
    people = "、" if i18n.current() == "ja" else ", "
    for attribute, found in mapping_report(mapping).items():
        def listed(values: dict) -> str:
            return people.join(t("wt_n_people", value=escape_markdown(v), n=fmt_int(n or 0)) for v, n in values.items())
        name = escape_markdown(attribute)
        if found["unmatched_values"]:
            st.warning(t("wt_unmatched_values", attribute=name, values=listed(found["unmatched_values"])),
                       icon=":material/link_off:")
        if found["unmatched_categories"]:
            st.caption(t("wt_unmatched_categories", attribute=name, values=listed(found["unmatched_categories"])))
        if not found["unmatched_values"] and not found["unmatched_categories"]:
            st.caption(t("wt_all_matched", attribute=name))
    return mapping


def _settings(setup, mapping: pd.DataFrame) -> None:
    st.subheader(t("wt_settings_heading"))
    attributes = list(dict.fromkeys(setup.mapping["attribute"]))
    by = st.multiselect(t("wt_by"), attributes, default=[a for a in setup.by if a in attributes],
                        key=f"wt_by_{nonce}", placeholder=t("data_choose"))
    methods = {m: t(f"wt_method_{m}") for m in METHODS}
    method = st.radio(t("wt_method"), list(methods), index=list(methods).index(setup.method),
                      format_func=methods.get, key=f"wt_method_{nonce}")
    left, right = st.columns(2)
    trim = left.toggle(t("wt_trim"), value=setup.max_ratio is not None, key=f"wt_trim_{nonce}")
    cap = right.number_input(t("wt_max_ratio"), min_value=1.1, max_value=100.0, value=float(setup.max_ratio or 5.0),
                             step=0.5, help=t("wt_max_ratio_help"), disabled=not trim, key=f"wt_cap_{nonce}")
    rules = {r: t(f"wt_missing_{r}") for r in MISSING_RULES}
    missing = st.radio(t("wt_missing"), list(rules), index=list(rules).index(setup.missing), format_func=rules.get,
                       key=f"wt_missing_{nonce}")
    views = {False: t("wt_default_unweighted"), True: t("wt_default_weighted")}
    default = st.radio(t("wt_default"), list(views), index=int(setup.default_weighted), format_func=views.get,
                       horizontal=True, key=f"wt_default_{nonce}")
    if not by:
        st.error(t("error.weighting_no_attribute"))
    if st.button(t("wt_save"), type="primary", disabled=not by, key="wt_save"):
        _act(ws.set_weighting, mapping=mapping, by=by, method=method, max_ratio=cap if trim else None,
             missing=missing, default_weighted=default, message=lambda _: t("wt_saved"))


def _diagnostics() -> None:
    st.subheader(t("wt_diagnostics_heading"))
    try:
        result = weighting.current(analysis)
    except InputError as err:
        _failed(err)
        return
    if result is None:
        return
    d = result.diagnostics
    cards = st.columns(6)
    cards[0].metric(t("wt_n_respondents"), fmt_int(d["n_respondents"]))
    cards[1].metric(t("wt_n_weighted"), fmt_int(d["n_weighted"]))
    cards[2].metric(t("wt_effective_n"), fmt_int(round(d["effective_n"])), help=t("wt_effective_n_help"))
    cards[3].metric(t("wt_design_effect"), f"{d['design_effect']:.2f}", help=t("wt_design_effect_help"))
    cards[4].metric(t("wt_max_weight"), "—" if d["max_weight"] is None else f"{d['max_weight']:.2f}")
    cards[5].metric(t("wt_n_trimmed"), fmt_int(d["n_trimmed"]))
    st.caption(t("wt_method_line", method=t(f"wt_method_{d['method']}")))
    incomplete = d["n_kept_at_1"] + d["n_excluded"]
    if incomplete:
        st.caption(t(f"wt_missing_line_{d['missing_rule']}", n=fmt_int(incomplete)))
    if d.get("n_answers_without_respondent"):
        st.caption(t("wt_hearing_line", n=fmt_int(d["n_answers_without_respondent"])))
    if d.get("cap_limits_margins"):
        st.warning(t("wt_cap_limits", error=f"{d['max_margin_error'] * 100:.1f}"))
    st.markdown(f"**{t('wt_margins_heading')}**")
    m = result.margins
    percent = st.column_config.NumberColumn(format="%.1f%%")
    names = {c: t(f"wt_col_{c}") for c in ("attribute", "group", "population", "population_share", "respondents",
                                          "sample_share", "weighted_share")}
    st.dataframe(pd.DataFrame({
        names["attribute"]: m["attribute"], names["group"]: m["group"], names["population"]: m["population"],
        names["population_share"]: m["population_share"] * 100, names["respondents"]: m["respondents"],
        names["sample_share"]: m["sample_share"] * 100, names["weighted_share"]: m["weighted_share"] * 100,
    }), hide_index=True, width="stretch", key="wt_margins", column_config={
        names["population"]: st.column_config.NumberColumn(format="%d"),
        **{names[c]: percent for c in ("population_share", "sample_share", "weighted_share")}})
    st.markdown(f"**{t('wt_largest_heading')}**")
    st.dataframe(pd.DataFrame({
        t("wt_col_respondent"): [w["respondent"] for w in d["largest_weights"]],
        t("wt_col_weight"): [w["weight"] for w in d["largest_weights"]],
        t("wt_col_group"): [" / ".join(f"{a}: {g or '—'}" for a, g in w["groups"].items())
                            for w in d["largest_weights"]],
    }), hide_index=True, width="stretch", key="wt_largest",
        column_config={t("wt_col_weight"): st.column_config.NumberColumn(format="%.2f")})


current_setup = weighting.setup(dataset)
_population(current_setup)
if current_setup is None or current_setup.population is None:
    st.stop()
edited = _mapping(current_setup)
_settings(current_setup, edited)
_diagnostics()
