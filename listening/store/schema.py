"""Tables of the store; the version lives in PRAGMA user_version."""

SCHEMA_VERSION = 12  # 2: curation edits; 3: masked text + raw_text, findings, redactions; 4: audit log;
# 5: goal sets, staff decisions on answers per goal, goal indicators; 6: batch dates (survey waves);
# 7: public releases (each public export's printed counts, compared with the next);
# 8: personal data in attributes (raw_attrs, findings.field), staff allow-list and local proper nouns,
#    the detector and rules each dataset was masked with; 9: opinion groups named in words
#    (run_clusters name, names, summary_id, summary);
# 10: population margins and weighting settings (weighting to the population);
# 11: response tables (public-comment responses: staff edits per topic row);
# 12: sign-in throttling (failures per name and address) and sign-in sessions (browser cookie)

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    filename TEXT NOT NULL,
    kind TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    encoding TEXT,
    columns TEXT NOT NULL,
    n_in INTEGER NOT NULL,
    n_kept INTEGER NOT NULL,
    n_dropped INTEGER NOT NULL,
    drop_counts TEXT NOT NULL,
    created_at TEXT NOT NULL,
    collected_on TEXT
);
CREATE TABLE IF NOT EXISTS answers (
    pk INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    answer_id TEXT NOT NULL,
    respondent_id TEXT,
    question TEXT,
    source TEXT NOT NULL,
    row INTEGER,
    text TEXT NOT NULL,
    language TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    attrs TEXT NOT NULL,
    raw_text TEXT,
    raw_attrs TEXT,
    UNIQUE (batch_id, answer_id)
);
CREATE TABLE IF NOT EXISTS dropped (
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    row INTEGER,
    respondent_id TEXT,
    question TEXT,
    reason TEXT NOT NULL,
    text TEXT
);
CREATE TABLE IF NOT EXISTS embeddings (
    model_id TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    settings TEXT NOT NULL,
    info TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_answers (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    answer_pk INTEGER NOT NULL REFERENCES answers(pk) ON DELETE CASCADE,
    theme INTEGER NOT NULL,
    topic INTEGER NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    confidence REAL NOT NULL,
    low_confidence INTEGER NOT NULL,
    PRIMARY KEY (run_id, answer_pk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_clusters (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    cluster_id INTEGER NOT NULL,
    parent INTEGER,
    size INTEGER NOT NULL,
    label TEXT NOT NULL,
    keywords TEXT NOT NULL,
    representatives TEXT NOT NULL,
    name TEXT,
    names TEXT,
    summary_id TEXT,
    summary TEXT,
    PRIMARY KEY (run_id, level, cluster_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    user TEXT NOT NULL,
    op TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
);
CREATE TABLE IF NOT EXISTS findings (
    answer_pk INTEGER NOT NULL REFERENCES answers(pk) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    stop INTEGER NOT NULL,
    original TEXT NOT NULL,
    field TEXT
);
CREATE TABLE IF NOT EXISTS redactions (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    removed_at TEXT,
    removed_by TEXT
);
CREATE TABLE IF NOT EXISTS goal_sets (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS goals (
    set_id INTEGER NOT NULL REFERENCES goal_sets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    goal_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    examples TEXT NOT NULL,
    keywords TEXT NOT NULL,
    parent TEXT,
    language TEXT NOT NULL,
    PRIMARY KEY (set_id, goal_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS goal_decisions (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    goal_id TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('confirmed', 'rejected', 'cleared')),
    user TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS goal_decisions_dataset ON goal_decisions(dataset_id, goal_id, answer_id);
CREATE TABLE IF NOT EXISTS goal_indicators (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    goal_id TEXT NOT NULL,
    district TEXT NOT NULL,
    year INTEGER,
    indicator TEXT NOT NULL,
    value REAL,
    unit TEXT NOT NULL,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS artefacts (
    key TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    dataset_id INTEGER,
    rows INTEGER,
    detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS releases (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    run_id INTEGER,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    digest TEXT NOT NULL,
    cells TEXT NOT NULL,
    options TEXT NOT NULL,
    forced INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS privacy_rules (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    list TEXT NOT NULL CHECK (list IN ('allow', 'noun')),
    term TEXT NOT NULL,
    answer_id TEXT,
    kind TEXT,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    removed_at TEXT,
    removed_by TEXT
);
CREATE TABLE IF NOT EXISTS masking_state (
    dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
    detector INTEGER NOT NULL,
    rules TEXT NOT NULL,
    masked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS population_margins (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    population TEXT NOT NULL,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS weighting_settings (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    margins_id INTEGER REFERENCES population_margins(id) ON DELETE SET NULL,
    by_attributes TEXT NOT NULL,
    mapping TEXT NOT NULL,
    method TEXT NOT NULL,
    max_ratio REAL,
    missing TEXT NOT NULL,
    default_weighted INTEGER NOT NULL,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS weighting_dataset ON weighting_settings(dataset_id, id);
CREATE TABLE IF NOT EXISTS response_edits (
    id INTEGER PRIMARY KEY,
    grp INTEGER,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    row_key TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    digest TEXT,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
);
CREATE TABLE IF NOT EXISTS sign_in_failures (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_at REAL NOT NULL,
    locked_until REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sign_in_sessions (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sign_in_sessions_user ON sign_in_sessions(user);
CREATE INDEX IF NOT EXISTS answers_batch ON answers(batch_id);
CREATE INDEX IF NOT EXISTS response_edits_dataset ON response_edits(dataset_id, grp);
CREATE INDEX IF NOT EXISTS findings_answer ON findings(answer_pk);
CREATE INDEX IF NOT EXISTS runs_dataset ON runs(dataset_id, fingerprint);
"""

# Columns added to tables that existed in earlier versions: (version added, table, column DDL).
COLUMN_MIGRATIONS = (
    (3, "answers", "raw_text TEXT"),
    (6, "batches", "collected_on TEXT"),
    (8, "answers", "raw_attrs TEXT"),
    (8, "findings", "field TEXT"),
    (9, "run_clusters", "name TEXT"),
    (9, "run_clusters", "names TEXT"),
    (9, "run_clusters", "summary_id TEXT"),
    (9, "run_clusters", "summary TEXT"),
)
