"""Write the synthetic public comment on the sample city's draft vision (ja and ko).

A public comment is not a survey: one person may send several opinions on different parts of
the plan, and an organised campaign sends the same text many times. The files mimic the
spreadsheet a city's office keeps: one row per opinion, with the submitter's number, the
opinion's number within the submission, how it came in, and the part of the plan it concerns.
Every text is written here from hand-made phrase variants; the seed makes the files
byte-identical on every run.

    python sample_data/public_comment.py        # rewrites public_comment_ja.csv / _ko.csv
"""
from __future__ import annotations

import csv
import io
import random
from pathlib import Path

SEED = 2027
N_SUBMITTERS = 170
CAMPAIGN = 24  # identical submissions of one organised text
NEAR_CAMPAIGN = 9  # the same request in the writer's own small variations

# Per plan section: opinions, each in two or three phrasings.
JA = {
    "第1章 子育て・教育": [
        ["保育園の定員を増やし、待機児童をゼロにする目標を計画に明記してください。",
         "待機児童ゼロを数値目標として書き込んでほしい。保育園の整備が遅れています。"],
        ["学童保育の時間を19時まで延ばすことを盛り込んでほしいです。",
         "放課後児童クラブの終了時刻が早く、共働き家庭には足りません。延長を計画に入れてください。"],
        ["雨の日でも遊べる屋内の遊び場を各校区に整備してください。",
         "屋内の子どもの遊び場が市内に一つしかありません。各地区に必要です。"],
        ["子どもの医療費助成を高校卒業まで広げてほしい。",
         "医療費助成の対象を18歳まで拡大することを検討してください。"],
        ["通学路の歩道整備を優先順位の高い事業にしてください。",
         "通学路に歩道のない区間が残っています。安全対策を急いでください。"],
    ],
    "第2章 交通": [
        ["コミュニティバスの本数が少なく、病院に行くのに困っています。増便をお願いします。",
         "バスが1時間に1本しかなく不便です。本数を増やしてください。",
         "コミュニティバスを増便し、最終便を遅くしてほしい。"],
        ["バス停に屋根とベンチを設置してください。高齢者が立って待つのはつらいです。",
         "バス停にベンチがなく、待つ間が大変です。"],
        ["デマンド交通を山手地区にも導入してほしい。",
         "予約型の乗り合いタクシーを郊外の地区に広げてください。"],
        ["自転車レーンを整備し、安全に自転車で通勤できるようにしてください。",
         "幹線道路に自転車専用の通行帯がほしい。"],
    ],
    "第3章 防災": [
        ["避難所の場所と経路を示したハザードマップを全戸に配布してください。",
         "自分の避難所がどこか知らない住民が多いです。地図を配ってほしい。"],
        ["避難所に授乳室や女性用の更衣室を確保することを明記してください。",
         "避難所のプライバシー対策、特に女性への配慮を計画に入れてほしい。"],
        ["消防団員が減っています。若い世代が参加しやすい仕組みをつくってください。",
         "消防団の担い手不足への対策が計画案に見当たりません。"],
        ["河川の堤防の補強を早く進めてほしい。",
         "大雨のたびに川の水位が心配です。堤防の整備を急いでください。"],
    ],
    "第4章 高齢者・福祉": [
        ["一人暮らしの高齢者の見守りを地域と市で一緒に進めてください。",
         "独居の高齢者が増えています。見守りの仕組みを強化してほしい。"],
        ["介護予防の体操教室を公民館で増やしてほしいです。",
         "公民館での健康教室の回数が少ないので、増やしてください。"],
        ["買い物に行けない高齢者のために移動販売を支援してほしい。",
         "移動スーパーへの補助を計画に入れてください。"],
    ],
    "第5章 公園・緑": [
        ["公園の遊具が古く危険です。計画的に更新してください。",
         "近所の公園の遊具が壊れたまま使えません。"],
        ["公園を禁止事項ばかりにせず、ボール遊びができる場所をつくってほしい。",
         "ボール遊びのできる公園が近くにありません。"],
        ["市民プールを廃止しないでください。夏の子どもの居場所がなくなります。"],
    ],
    "第6章 住まい・空き家": [
        ["空き家を子育て世帯向けの住宅として活用する制度をつくってください。",
         "空き家の改修費を補助し、若い世帯が住めるようにしてほしい。"],
        ["管理されていない空き家の草木が道路にはみ出して危ないです。",
         "放置された空き家への指導を強めてください。"],
    ],
    "第7章 にぎわい・商店街": [
        ["駅前の商店街に空き店舗が増えています。出店の支援を厚くしてください。",
         "シャッターの閉まった店が目立ちます。新しいお店を呼び込む施策を。"],
        ["地元の祭りやマルシェに市としてもっと協力してほしい。",
         "地域のイベントへの補助を続けてください。"],
    ],
    "第8章 計画の進め方": [
        ["計画の進み具合を毎年、指標で公表してください。",
         "数値目標と達成状況を市民に分かる形で示してほしい。"],
        ["若い人や子どもの意見を聞く場を計画づくりに設けてください。",
         "中高生がまちづくりに参加できる機会をつくってほしいです。"],
        ["パブリックコメントの期間が短すぎます。もっと周知してください。",
         "意見募集を知らない人が多いと思います。広報を工夫してください。"],
    ],
}
JA_CAMPAIGN = ("第5章 公園・緑", "市民プールの存続を強く求めます。子どもたちの夏の居場所であり、高齢者の健康づくりの場でもあります。"
               "廃止の方針を撤回してください。")
JA_NEAR = ("第5章 公園・緑", ["市民プールを残してください。", "市民プールの廃止に反対します。", "市民プールは存続させてほしい。",
                            "プールをなくさないでください。子どもが楽しみにしています。"])
JA_OPENERS = ["", "", "", "計画案を読みました。", "子どもが二人います。", "70代です。", "地域で自治会の役員をしています。",
              "市外から転入して3年になります。"]
JA_CLOSERS = ["", "", "", "ご検討をお願いします。", "よろしくお願いします。", "ぜひ実現してください。"]
JA_HOW = ["電子申請", "電子申請", "電子メール", "郵送", "窓口持参", "ファクス"]

KO = {
    "제1장 보육·교육": [
        ["국공립 어린이집을 늘려 대기 아동을 없애는 목표를 계획에 넣어 주세요.",
         "어린이집 대기가 너무 깁니다. 정원 확대를 명시해 주세요."],
        ["방과후 돌봄 시간을 저녁 7시까지 늘려 주세요.",
         "맞벌이 가정에는 돌봄교실이 너무 일찍 끝납니다. 연장해 주세요."],
        ["비 오는 날에도 아이들이 놀 수 있는 실내 놀이터를 동마다 만들어 주세요.",
         "실내 놀이 공간이 시내에 한 곳뿐입니다. 더 필요합니다."],
        ["통학로 보도 정비를 우선 사업으로 해 주세요.",
         "보도가 없는 통학로 구간이 아직 있습니다. 안전 대책을 서둘러 주세요."],
    ],
    "제2장 교통": [
        ["마을버스 배차 간격이 너무 깁니다. 증차해 주세요.",
         "버스가 한 시간에 한 대뿐이라 병원 가기가 어렵습니다. 노선을 늘려 주세요.",
         "마을버스를 늘리고 막차 시간을 늦춰 주세요."],
        ["버스 정류장에 지붕과 의자를 설치해 주세요. 어르신들이 서서 기다리기 힘듭니다.",
         "정류장에 앉을 곳이 없어 불편합니다."],
        ["자전거 전용도로를 만들어 안전하게 출퇴근할 수 있게 해 주세요.",
         "큰길에 자전거 도로가 있으면 좋겠습니다."],
    ],
    "제3장 안전·방재": [
        ["대피소 위치와 경로가 나온 지도를 모든 가구에 배포해 주세요.",
         "자기 대피소가 어디인지 모르는 주민이 많습니다. 안내를 강화해 주세요."],
        ["골목길 가로등이 어두워 밤에 다니기 무섭습니다. 조명을 늘려 주세요.",
         "어두운 골목에 CCTV와 가로등을 설치해 주세요."],
        ["하천 제방 보강을 서둘러 주세요.",
         "비가 많이 올 때마다 하천 수위가 걱정됩니다."],
    ],
    "제4장 어르신·복지": [
        ["홀몸 어르신 안부 확인을 마을과 시가 함께 해 주세요.",
         "혼자 사는 어르신이 늘고 있습니다. 돌봄 체계를 강화해 주세요."],
        ["경로당 건강 프로그램을 늘려 주세요.",
         "주민센터 건강 교실 횟수가 적으니 늘려 주세요."],
    ],
    "제5장 공원·녹지": [
        ["공원 놀이기구가 낡아 위험합니다. 계획적으로 교체해 주세요.",
         "동네 놀이터 기구가 고장 난 채 방치되어 있습니다."],
        ["시민 수영장을 없애지 말아 주세요. 여름철 아이들이 갈 곳이 없어집니다."],
    ],
    "제6장 상권·일자리": [
        ["전통시장 빈 점포가 늘고 있습니다. 청년 창업 지원을 늘려 주세요.",
         "문 닫은 가게가 많습니다. 새 가게를 유치할 대책이 필요합니다."],
        ["동네 축제와 장터를 시에서 더 지원해 주세요.",
         "마을 행사 보조금을 계속 유지해 주세요."],
    ],
    "제7장 계획 추진": [
        ["계획 진행 상황을 매년 지표로 공개해 주세요.",
         "목표 수치와 달성 정도를 시민이 알 수 있게 보여 주세요."],
        ["청소년과 청년의 의견을 듣는 자리를 만들어 주세요.",
         "중고등학생이 마을 계획에 참여할 기회가 있으면 좋겠습니다."],
    ],
}
KO_CAMPAIGN = ("제5장 공원·녹지", "시민 수영장 존치를 강력히 요구합니다. 아이들의 여름 놀이터이자 어르신 건강 증진의 공간입니다. "
               "폐지 방침을 철회해 주십시오.")
KO_NEAR = ("제5장 공원·녹지", ["시민 수영장을 남겨 주세요.", "수영장 폐지에 반대합니다.", "시민 수영장은 꼭 유지해 주세요.",
                              "수영장을 없애지 마세요. 아이들이 기다립니다."])
KO_OPENERS = ["", "", "", "계획안을 읽었습니다.", "아이 둘을 키우고 있습니다.", "70대입니다.", "통장을 맡고 있습니다.",
              "이사 온 지 3년 되었습니다."]
KO_CLOSERS = ["", "", "", "검토 부탁드립니다.", "꼭 반영해 주세요.", "감사합니다."]
KO_HOW = ["온라인", "온라인", "전자우편", "우편", "방문", "팩스"]

HEADERS = {
    "ja": ("提出者番号", "意見番号", "提出方法", "該当箇所", "意見"),
    "ko": ("제출자 번호", "의견 번호", "제출 방법", "해당 부분", "의견"),
}


def rows(lang: str, seed: int = SEED) -> list[tuple]:
    plan, campaign, near, openers, closers, how = (
        (JA, JA_CAMPAIGN, JA_NEAR, JA_OPENERS, JA_CLOSERS, JA_HOW) if lang == "ja"
        else (KO, KO_CAMPAIGN, KO_NEAR, KO_OPENERS, KO_CLOSERS, KO_HOW))
    rng = random.Random(f"{seed}-{lang}")
    sections = list(plan)
    weights = [len(plan[s]) for s in sections]
    out, submitter = [], 0
    for _ in range(N_SUBMITTERS):
        submitter += 1
        n_opinions = rng.choices([1, 2, 3, 4], weights=[55, 25, 13, 7])[0]
        method = rng.choice(how)
        chosen = rng.choices(sections, weights=weights, k=n_opinions)
        for k, section in enumerate(sorted(set(chosen), key=sections.index), start=1):
            opinion = rng.choice(plan[section])
            text = rng.choice(opinion)
            opener = rng.choice(openers) if k == 1 and rng.random() < 0.35 else ""
            closer = rng.choice(closers)
            sep = " " if lang == "ko" else ""
            out.append((submitter, k, method, section, sep.join(p for p in (opener, text, closer) if p)))
    for _ in range(CAMPAIGN):
        submitter += 1
        out.append((submitter, 1, rng.choice(how[:3]), campaign[0], campaign[1]))
    for _ in range(NEAR_CAMPAIGN):
        submitter += 1
        out.append((submitter, 1, rng.choice(how), near[0], rng.choice(near[1])))
    # The office numbers submissions as they arrive: campaign letters come in among the others.
    order = list(range(len(out)))
    rng.shuffle(order)
    arrival = {}
    for position in order:
        arrival.setdefault(out[position][0], len(arrival) + 1)
    renumbered = [(arrival[r[0]], *r[1:]) for r in out]
    return sorted(renumbered, key=lambda r: (r[0], r[1]))


def write(out_dir: Path = Path(__file__).resolve().parent) -> list[Path]:
    written = []
    for lang in ("ja", "ko"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(HEADERS[lang])
        writer.writerows(rows(lang))
        path = out_dir / f"public_comment_{lang}.csv"
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write():
        print(p)
