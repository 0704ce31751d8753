"""Strings of the survey waves page: shares per batch, new voices, duplicates."""

STRINGS = {
    "nav_waves": {"ja": "回ごとの比較", "ko": "차수별 비교", "en": "Survey waves"},
    "waves_intro": {
        "ja": "アンケートの回（取り込み）ごとに、どの意見がどれだけ増えたか減ったか、最後に追加した回の新しい声、重複した回答やまとまった投稿を見ます。",
        "ko": "설문 차수(가져오기)별로 어떤 의견이 늘고 줄었는지, 마지막에 추가한 차수의 새로운 목소리, 중복 응답과 집중 제출을 봅니다.",
        "en": "How the share of each opinion changed from one survey wave (batch) to the next, the new voices of the "
              "batch added last, and duplicate or coordinated answers.",
    },
    # ---- shares per batch ---------------------------------------------------------------
    "waves_compare": {"ja": "回ごとの割合", "ko": "차수별 비율", "en": "Share per wave"},
    "waves_batches": {"ja": "比べる取り込み", "ko": "비교할 가져오기", "en": "Batches to compare"},
    "waves_batches_help": {
        "ja": "はじめはアンケートの取り込みだけを選んでいます。ヒアリング記録は1ファイルが1つの取り込みです。",
        "ko": "처음에는 설문 가져오기만 선택되어 있습니다. 의견 청취 기록은 파일 하나가 가져오기 하나입니다.",
        "en": "Survey batches are chosen at first; each hearing-notes file is a batch of its own.",
    },
    "waves_by": {"ja": "属性で分ける", "ko": "속성별로 나누기", "en": "Split by attribute"},
    "waves_by_none": {"ja": "（分けない）", "ko": "(나누지 않음)", "en": "(no split)"},
    "waves_need_two": {
        "ja": "比べるには取り込みを2つ以上選んでください。新しい回はデータのページで追加できます。",
        "ko": "비교하려면 가져오기를 2개 이상 고르세요. 새 차수는 데이터 페이지에서 추가할 수 있습니다.",
        "en": "Choose at least two batches to compare. Add a new wave on the Data page.",
    },
    "waves_no_answers": {
        "ja": "選んだ取り込みに分析中の回答がありません。",
        "ko": "고른 가져오기에 분석 중인 응답이 없습니다.",
        "en": "The chosen batches hold no answers of this analysis.",
    },
    "waves_col_batch": {"ja": "回（取り込み）", "ko": "차수(가져오기)", "en": "Wave (batch)"},
    "waves_col_count": {"ja": "件数", "ko": "건수", "en": "Answers"},
    "waves_col_batch_size": {"ja": "その回の回答数", "ko": "해당 차수 응답 수", "en": "Answers in the wave"},
    "waves_col_share": {"ja": "割合", "ko": "비율", "en": "Share"},
    "waves_col_change": {"ja": "前回との差（ポイント）", "ko": "이전 대비 차이(%p)", "en": "Change (points)"},
    "waves_col_p": {"ja": "補正後のp値", "ko": "보정 p값", "en": "Adjusted p"},
    "waves_col_significant": {"ja": "偶然を超える変化", "ko": "우연 이상의 변화", "en": "Beyond chance"},
    "waves_n_significant": {
        "ja": "前の回から偶然を超えて変わった組み合わせ：{n} 件（グラフでは◇で示します）",
        "ko": "이전 차수보다 우연 이상으로 바뀐 항목: {n}건 (그래프에 ◇로 표시)",
        "en": "Changes from the previous wave beyond chance: {n} (marked ◇ in the chart)",
    },
    "waves_test_help": {
        "ja": "各回を日付順に1つ前の回と比べます。割合の差は2つの比率のz検定（プールした比率）で調べ、同じ比較の中の{level}すべてについてHolm法で補正したp値が0.05未満のものを「偶然を超える変化」とします。2つの回を合わせて5件未満の{level}は検定しません。",
        "ko": "각 차수를 날짜 순으로 바로 앞 차수와 비교합니다. 비율 차이는 두 비율 z검정(합동 비율)으로 보고, 같은 비교 안의 모든 {level}에 대해 Holm 방법으로 보정한 p값이 0.05 미만이면 '우연 이상의 변화'로 봅니다. 두 차수를 합쳐 5건 미만인 {level}은 검정하지 않습니다.",
        "en": "Each wave is compared with the one before it (by date). The change in share is tested with a pooled "
              "two-proportion z-test; p-values are Holm-adjusted over all {level}s of one comparison, and a change "
              "with adjusted p < 0.05 is marked beyond chance. A {level} with fewer than 5 answers in the two waves "
              "together is not tested.",
    },
    "waves_chart_top": {
        "ja": "グラフは回答の多い {n} 件だけを描いています（表にはすべてあります）。",
        "ko": "그래프에는 응답이 많은 {n}개만 그렸습니다 (표에는 모두 있습니다).",
        "en": "The chart shows the {n} largest only (the table has all).",
    },
    # ---- new voices ---------------------------------------------------------------------
    "waves_new_voices": {"ja": "新しい声", "ko": "새로운 목소리", "en": "New voices"},
    "waves_new_voices_help": {
        "ja": "最後に追加した回の回答のうち、これまでのどのトピックにもよく当てはまらなかったものです。似た声がまとまっていれば、新しいトピックの候補として示します。",
        "ko": "마지막에 추가한 차수의 응답 중 기존 어느 토픽에도 잘 맞지 않은 것입니다. 비슷한 목소리가 모이면 새 토픽 후보로 보여 줍니다.",
        "en": "Answers of the batch added last that fit none of the existing topics well. Where similar ones gather, "
              "they are proposed as a new topic.",
    },
    "waves_no_update": {
        "ja": "今の分析は全体を分析したものです。データのページで新しい回をこの分析に追加すると、ここに新しい声が表示されます。",
        "ko": "현재 분석은 전체를 분석한 것입니다. 데이터 페이지에서 새 차수를 이 분석에 추가하면 여기에 새로운 목소리가 표시됩니다.",
        "en": "This analysis was made in full. Add a new wave to it on the Data page to see its new voices here.",
    },
    "waves_added_batches": {"ja": "追加した回：{batches}", "ko": "추가한 차수: {batches}", "en": "Added: {batches}"},
    "waves_n_added": {"ja": "追加した回答", "ko": "추가한 응답", "en": "Answers added"},
    "waves_n_new_voices": {"ja": "新しい声", "ko": "새로운 목소리", "en": "New voices"},
    "waves_col_fit": {"ja": "近い回答との類似度", "ko": "가까운 응답과의 유사도", "en": "Similarity to nearest answers"},
    "waves_proposals": {"ja": "新しいトピックの候補", "ko": "새 토픽 후보", "en": "Proposed new topics"},
    "waves_no_proposals": {
        "ja": "新しい声のうち、似たものが {n} 件以上まとまったものはありません。",
        "ko": "새로운 목소리 중 비슷한 것이 {n}건 이상 모인 것은 없습니다.",
        "en": "No group of {n} or more similar new voices.",
    },
    "waves_proposal": {"ja": "候補 {i}：{n} 件", "ko": "후보 {i}: {n}건", "en": "Proposal {i}: {n} answers"},
    "waves_theme": {"ja": "入れるテーマ", "ko": "넣을 테마", "en": "Theme"},
    "waves_topic_name": {"ja": "新しいトピックの名前", "ko": "새 토픽 이름", "en": "Name of the new topic"},
    "waves_accept": {"ja": "新しいトピックにする", "ko": "새 토픽으로 만들기", "en": "Make it a topic"},
    "waves_dismiss": {"ja": "見送る", "ko": "보류", "en": "Dismiss"},
    "waves_dismissed": {
        "ja": "見送った候補：{n} 件（この画面を開いている間だけ隠します）",
        "ko": "보류한 후보: {n}건 (이 화면을 여는 동안만 숨깁니다)",
        "en": "Dismissed: {n} (hidden for this session only)",
    },
    # ---- duplicates and coordinated submissions -----------------------------------------
    "waves_duplicates": {"ja": "重複とまとまった投稿", "ko": "중복과 집중 제출", "en": "Duplicates and coordinated submissions"},
    "waves_dup_help": {
        "ja": "記号・空白・全角半角の違いを除いて同じ文（完全一致）と、文の意味ベクトルの類似度が0.95以上の文（ほぼ同じ）をグループにします。何も自動では除きません。",
        "ko": "기호·공백·전각/반각 차이를 빼면 같은 문장(완전 일치)과 문장 의미 벡터의 유사도가 0.95 이상인 문장(거의 같음)을 묶습니다. 자동으로 제외하지는 않습니다.",
        "en": "Answers that are the same once symbols, spaces and character width are ignored (exact), or whose "
              "sentence vectors have cosine ≥ 0.95 (near), are grouped. Nothing is removed automatically.",
    },
    "waves_no_duplicates": {"ja": "重複した回答はありません。", "ko": "중복 응답이 없습니다.", "en": "No duplicate answers."},
    "waves_n_groups": {"ja": "重複グループ", "ko": "중복 그룹", "en": "Duplicate groups"},
    "waves_n_dup_answers": {"ja": "グループに入る回答", "ko": "그룹에 속한 응답", "en": "Answers in groups"},
    "waves_col_group": {"ja": "グループ", "ko": "그룹", "en": "Group"},
    "waves_col_size": {"ja": "件数", "ko": "건수", "en": "Size"},
    "waves_col_kind": {"ja": "種類", "ko": "종류", "en": "Kind"},
    "waves_kind_exact": {"ja": "完全一致", "ko": "완전 일치", "en": "exact"},
    "waves_kind_near": {"ja": "ほぼ同じ", "ko": "거의 같음", "en": "near"},
    "waves_col_example": {"ja": "代表の回答", "ko": "대표 응답", "en": "Representative answer"},
    "waves_col_batches": {"ja": "取り込み", "ko": "가져오기", "en": "Batches"},
    "waves_bursts": {"ja": "まとまった投稿の可能性", "ko": "집중 제출 가능성", "en": "Possible coordinated submissions"},
    "waves_bursts_help": {
        "ja": "1つの回に同じ内容が5件以上あり、その回の1%以上を占めるか、続けて届いたもの（連続50件以内に5件以上）です。不正の証拠ではなく、確認のきっかけです。",
        "ko": "한 차수에 같은 내용이 5건 이상이고, 그 차수의 1% 이상이거나 연달아 들어온 것(연속 50건 안에 5건 이상)입니다. 부정의 증거가 아니라 확인의 계기입니다.",
        "en": "A wave holding 5 or more answers of one group that make up at least 1 % of it, or arrived one after "
              "another (5 within 50 consecutive answers). A prompt to look, not proof.",
    },
    "waves_no_bursts": {
        "ja": "まとまった投稿の可能性があるものはありません。",
        "ko": "집중 제출로 보이는 것은 없습니다.",
        "en": "No possible coordinated submissions.",
    },
    "waves_col_reason": {"ja": "理由", "ko": "이유", "en": "Reason"},
    "waves_reason_share": {"ja": "その回の1%以上", "ko": "해당 차수의 1% 이상", "en": "≥ 1 % of the wave"},
    "waves_reason_consecutive": {"ja": "続けて届いた", "ko": "연달아 들어옴", "en": "arrived in a row"},
    "waves_col_wave_share": {"ja": "その回に占める割合", "ko": "해당 차수 내 비율", "en": "Share of the wave"},
    "waves_pick_group": {"ja": "グループを選ぶ", "ko": "그룹 선택", "en": "Choose a group"},
    "waves_count_once": {"ja": "1件として数える", "ko": "1건으로 세기", "en": "Count once"},
    "waves_count_once_help": {
        "ja": "代表以外の {n} 件を理由「重複」で分析から除外します（クラスタの編集ページで取り消せます）。すべて数える場合は何もしなくて構いません。",
        "ko": "대표 외 {n}건을 사유 '중복'으로 분석에서 제외합니다(클러스터 편집 페이지에서 취소 가능). 모두 세려면 아무것도 하지 않아도 됩니다.",
        "en": "Excludes the {n} answers other than the representative with the reason “duplicate” (undo on the "
              "Curate page). To keep all, do nothing.",
    },
    "waves_dup_reason": {"ja": "重複", "ko": "중복", "en": "duplicate"},
    "waves_group_option": {"ja": "グループ {g}（{n} 件）：{text}", "ko": "그룹 {g} ({n}건): {text}",
                           "en": "Group {g} ({n}): {text}"},
}
