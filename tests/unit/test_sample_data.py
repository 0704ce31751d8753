"""The committed sample data is what sample_data/generate.py writes, and has the promised shape."""
from __future__ import annotations

import importlib.util
import io
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
JA_Q = ("問1 暮らしの中で困っていること・課題", "問2 これからのまちに望むこと・アイデア")
KO_Q = ("문1 생활 속 불편한 점", "문2 우리 동네에 바라는 점")
NO_CONTENT = {"特になし", "なし", "特にありません", "-", "ない", "特に無し", "とくになし", "ありません",
              "없음", "특별히 없음", "없습니다", "딱히 없어요", "없어요", "특별한 의견 없음"}
JA_DISTRICTS = {"東", "西", "南", "北", "中央", "港", "山手", "川辺"}
HEADER_LINE = re.compile(r"^([^:：]+)[:：]\s*(.+)$")


def _load_generator():
    spec = importlib.util.spec_from_file_location("sample_data_generate", SAMPLE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data_files(root: Path) -> dict[str, bytes]:
    # Goals are written by hand; the public comments have their own generator (tested below).
    skip = {"generate.py", "README.md", "goals_ja.csv", "goals_ko.csv", "public_comment.py",
            "public_comment_ja.csv", "public_comment_ko.csv"}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in skip and "__pycache__" not in p.parts
    }


def _read(name: str, encoding: str) -> pd.DataFrame:
    raw = (SAMPLE / name).read_bytes()
    return pd.read_csv(io.BytesIO(raw), encoding=encoding, dtype=str, keep_default_na=False)


def _content(frame: pd.DataFrame, questions: tuple[str, ...]) -> pd.DataFrame:
    """One row per answer with real content (NFKC text), respondent attributes alongside."""
    long = frame.drop_duplicates().melt(
        id_vars=[c for c in frame.columns if c not in questions], value_vars=list(questions), value_name="text"
    )
    long["text"] = [unicodedata.normalize("NFKC", t).strip() for t in long["text"].tolist()]
    return long[(long["text"] != "") & ~long["text"].isin(NO_CONTENT)].reset_index(drop=True)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    _load_generator().generate(out)
    return out


@pytest.fixture(scope="module")
def ja() -> pd.DataFrame:
    return _read("survey_ja.csv", "cp932")


@pytest.fixture(scope="module")
def ko() -> pd.DataFrame:
    return _read("survey_ko.csv", "cp949")


def test_generator_reproduces_committed_files_byte_for_byte(regenerated: Path) -> None:
    committed = _data_files(SAMPLE)
    fresh = _data_files(regenerated)
    assert sorted(fresh) == sorted(committed)
    for name, data in fresh.items():
        assert data == committed[name], f"{name} differs from the generator's output"


def test_the_public_comment_generator_reproduces_its_committed_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("public_comment", SAMPLE / "public_comment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.write(tmp_path)
    assert sorted(p.name for p in written) == ["public_comment_ja.csv", "public_comment_ko.csv"]
    for path in written:
        assert path.read_bytes() == (SAMPLE / path.name).read_bytes(), f"{path.name} differs from its generator"


def test_other_seed_gives_other_data(tmp_path: Path, regenerated: Path) -> None:
    _load_generator().generate(tmp_path, seed=7)
    assert (tmp_path / "survey_ja.csv").read_bytes() != (regenerated / "survey_ja.csv").read_bytes()


def test_ja_csv_is_cp932_with_crlf_and_not_utf8() -> None:
    raw = (SAMPLE / "survey_ja.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp932")
    assert text.startswith("回答ID,回答日,年代,性別,校区,回答者区分,満足度,問1 ")
    assert text.split("\n", 1)[0].endswith("\r")
    assert len(raw) < 1_500_000


def test_ko_csv_is_cp949_with_crlf() -> None:
    raw = (SAMPLE / "survey_ko.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp949")
    assert text.startswith("응답ID,응답일자,연령대,성별,행정동,응답자유형,문1 ")
    assert text.split("\n", 1)[0].endswith("\r")
    assert len(raw) < 1_500_000


def test_ja_survey_counts_and_noise(ja: pd.DataFrame) -> None:
    assert list(ja.columns[-2:]) == list(JA_Q)
    assert ja["回答ID"].nunique() == 2000
    assert int(ja.duplicated().sum()) == 5
    assert set(ja["校区"]) == JA_DISTRICTS
    assert set(ja["満足度"]) == {"1", "2", "3", "4", "5"}
    assert "" in set(ja["年代"])  # 無回答
    answers = [t for q in JA_Q for t in ja[q].tolist()]
    blank = sum(not t.strip() for t in answers) / len(answers)
    none = sum(t.strip() in NO_CONTENT for t in answers) / len(answers)
    assert 0.03 < blank < 0.08 and 0.025 < none < 0.06
    content = _content(ja, JA_Q)
    assert len(content) >= 3000
    lengths = content["text"].str.len()
    assert ((lengths >= 10) & (lengths <= 20)).sum() > 100
    assert ((lengths >= 200) & (lengths <= 400)).sum() > 50
    assert sum("," in t for t in answers) > 20 and sum("\n" in t for t in answers) > 50
    changed = [t for t in answers if unicodedata.normalize("NFKC", t) != t]
    assert len(changed) > 100
    assert any(re.search("[\uff66-\uff9f]", t) for t in changed)  # half-width katakana


def test_ko_survey_counts(ko: pd.DataFrame) -> None:
    assert list(ko.columns[-2:]) == list(KO_Q)
    assert ko["응답ID"].nunique() == 1000
    assert int(ko.duplicated().sum()) == 5
    assert len(set(ko["행정동"])) == 6
    answers = [t for q in KO_Q for t in ko[q].tolist()]
    assert sum(t.strip() in NO_CONTENT for t in answers) > 40
    assert len(_content(ko, KO_Q)) >= 1500


def _share(frame: pd.DataFrame, pattern: str) -> float:
    return float(frame["text"].str.contains(pattern, regex=True).mean())


@pytest.mark.parametrize(
    ("column", "value", "pattern"),
    [
        ("年代", "30代", "子育て|保育|子ども|育児|学童"),
        ("年代", "70歳以上", "高齢|介護|お年寄り|認知症|見守り"),
        ("校区", "港", "避難|防災|浸水|津波|堤防|水位"),
        ("校区", "中央", "空き家|空き店舗"),
        ("回答者区分", "NPO・市民団体", "ボランティア|担い手|自治会|団体"),
    ],
)
def test_ja_topics_correlate_with_attributes(ja: pd.DataFrame, column: str, value: str, pattern: str) -> None:
    content = _content(ja, JA_Q)
    overall = _share(content, pattern)
    group = _share(content[content[column] == value], pattern)
    assert group >= 1.5 * overall, (value, group, overall)


@pytest.mark.parametrize(
    ("column", "value", "pattern"),
    [
        ("연령대", "30대", "육아|어린이집|아이|보육"),
        ("행정동", "강변동", "대피|재난|침수|하천|제방"),
        ("행정동", "중앙동", "빈집|빈 점포"),
    ],
)
def test_ko_topics_correlate_with_attributes(ko: pd.DataFrame, column: str, value: str, pattern: str) -> None:
    content = _content(ko, KO_Q)
    overall = _share(content, pattern)
    group = _share(content[content[column] == value], pattern)
    assert group >= 1.5 * overall, (value, group, overall)


def _notes() -> list[tuple[str, str]]:
    """(file name, note text) for every note; a file may hold several notes."""
    notes = []
    for path in sorted((SAMPLE / "hearing_notes").glob("*.md")):
        text = path.read_bytes().decode("utf-8")
        notes += [(path.name, "# " + part) for part in re.split(r"(?m)^# ", text) if part.strip()]
    return notes


def test_hearing_notes_counts_and_format() -> None:
    files = sorted((SAMPLE / "hearing_notes").glob("*.md"))
    notes = _notes()
    assert len(files) >= 22 and len(notes) >= 20
    per_file = pd.Series([name for name, _ in notes]).value_counts()
    assert (per_file == 2).sum() == 1 and per_file.max() == 2
    ja_notes = ko_notes = 0
    full_width_colons = 0
    for name, note in notes:
        lines = note.split("\n")
        header = {}
        for line in lines[1:lines.index("")]:
            match = HEADER_LINE.match(line)
            assert match, (name, line)
            header[match.group(1).strip()] = match.group(2)
            full_width_colons += "：" in line
        body = lines[lines.index(""):]
        bullets = [line for line in body if line.startswith("- ")]
        sentences = [s for line in body if line and not line.startswith("- ")
                     for s in re.split(r"(?<=[。.?!])\s*(?![」\"])", line) if s]
        assert 8 <= len(bullets) + len(sentences), name
        if "校区" in header:
            ja_notes += 1
            assert header["校区"] in JA_DISTRICTS and set(header) >= {"団体", "日付", "参加者数"}
        else:
            ko_notes += 1
            assert "행정동" in header and "날짜" in header and ({"그룹", "단체"} & set(header))
    assert ja_notes >= 18 and ko_notes >= 3
    assert 0 < full_width_colons < len(notes)
