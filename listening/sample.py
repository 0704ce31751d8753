"""The project's own sample data (sample_data/), ready to import with the right columns."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from listening.analysis import ColumnChoice, import_file
from listening.store import Store

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"


@dataclass(frozen=True)
class SampleSet:
    dataset: str
    survey: str
    columns: ColumnChoice
    notes_glob: str


SAMPLES = {
    "ja": SampleSet(
        dataset="サンプル市 まちづくりアンケート",
        survey="survey_ja.csv",
        columns=ColumnChoice(
            text=("問1 暮らしの中で困っていること・課題", "問2 これからのまちに望むこと・アイデア"),
            id="回答ID",
            attributes=("年代", "性別", "校区", "回答者区分"),
        ),
        notes_glob="ja_*.md",
    ),
    "ko": SampleSet(
        dataset="샘플시 마을 설문",
        survey="survey_ko.csv",
        columns=ColumnChoice(
            text=("문1 생활 속 불편한 점", "문2 우리 동네에 바라는 점"),
            id="응답ID",
            attributes=("연령대", "성별", "행정동", "응답자유형"),
        ),
        notes_glob="ko_*.md",
    ),
}


def load_sample(store: Store, language: str = "ja", sample_dir: Path = SAMPLE_DIR) -> int:
    """Import the sample survey and its hearing notes (idempotent); returns the dataset id."""
    spec = SAMPLES[language]
    survey = sample_dir / spec.survey
    from listening.ingest import read_table, suggest_wave_date

    data = survey.read_bytes()
    # Dated by its answers (回答日), not the day it was loaded: a wave added later sorts after it.
    when = suggest_wave_date(read_table(data, survey.name).frame, survey.name).date.isoformat()
    result = import_file(store, spec.dataset, data, survey.name, spec.columns, collected_on=when)
    for note in sorted((sample_dir / "hearing_notes").glob(spec.notes_glob)):
        import_file(store, spec.dataset, note.read_bytes(), note.name, ColumnChoice())
    return result.dataset_id
