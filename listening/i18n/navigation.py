"""The router's words: the sections of the navigation and what a page the reader may not open says."""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav_section_explore": {"ja": "閲覧", "ko": "살펴보기", "en": "Explore"},
    "nav_section_staff": {"ja": "職員用", "ko": "직원용", "en": "Staff"},
    "nav_staff_only": {
        "ja": "「{page}」は職員用のページです。{role}としてログインしているため開けません。ほかのページは左のメニューから開けます。",
        "ko": "'{page}'은(는) 직원용 페이지입니다. {role}(으)로 로그인되어 있어 열 수 없습니다. 다른 페이지는 왼쪽 메뉴에서 열 수 있습니다.",
        "en": "“{page}” is a page for staff. You are signed in as {role}, so it cannot be opened here. "
              "The other pages are in the menu on the left.",
    },
    "nav_to_map": {"ja": "意見マップを開く", "ko": "의견 지도 열기", "en": "Open the opinion map"},
}
