#!/usr/bin/env python3
"""Generate the demo seed ``demo.json`` next to this script (deterministic).

    python dossier_service/seed/make_demo_seed.py          # (re)write demo.json
    python dossier_service/seed/make_demo_seed.py --check  # exit 1 if demo.json is stale

Everything here is DEMO DATA for a mock service:

* People, phone numbers and dossier codes are invented. Unit codes follow the real format
  (Thông tư 01/2018/TT-VPCP, Điều 19) but the numbers are made up; unit names are commune
  centres of the two-tier model (from 1/7/2025).
* Procedure codes: 1.001193 (khai sinh), 1.000894 (kết hôn), 1.000656 (khai tử),
  1.004873 (xác nhận tình trạng hôn nhân), 1.004222 (thường trú), 1.004194 (tạm trú) and
  2.000815 (chứng thực bản sao từ bản chính) are codes seen in public procedure data; the
  other codes are PLACEHOLDERS, marked below.
* FEES ARE DEMO AMOUNTS, NOT OFFICIAL FEES. Procedures usually free are 0 / khong_thu_phi;
  the amounts of charged ones are only there so payment states can be demonstrated.
  Never quote them to a citizen as a real fee.
* Due dates count Monday-Friday as working days and ignore public holidays.

The dates sit around 2026-11-21 (submitted 2026-09 to 2026-11-20); the overdue flag is
computed by the service against the current time, so which dossiers are overdue changes
as time passes.

Standard library only, so it runs with any Python 3.10+.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "demo.json"

TZ = dt.timezone(dt.timedelta(hours=7))
#: Nothing in the history happens after this moment (the generator's "today").
LATEST = dt.datetime(2026, 11, 20, 20, 0, tzinfo=TZ)
YEAR = 2026

# key: (unit code, receiving unit)  -- unit codes are demo values in the real format
UNITS = {
    "tho_xuan": ("000.00.12.H56", "Trung tâm Phục vụ hành chính công xã Thọ Xuân"),
    "hac_thanh": ("000.00.13.H56", "Trung tâm Phục vụ hành chính công phường Hạc Thành"),
    "sam_son": ("000.00.14.H56", "Trung tâm Phục vụ hành chính công phường Sầm Sơn"),
    "bim_son": ("000.00.15.H56", "Trung tâm Phục vụ hành chính công phường Bỉm Sơn"),
    "nghi_son": ("000.00.16.H56", "Trung tâm Phục vụ hành chính công phường Nghi Sơn"),
    "thanh_vinh": ("000.00.21.H40", "Trung tâm Phục vụ hành chính công phường Thành Vinh"),
    "hoan_kiem": ("000.00.07.H26", "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"),
    "sai_gon": ("38.98.H29", "Trung tâm Phục vụ hành chính công phường Sài Gòn"),
}

# key: (procedure_code, procedure_name, working days to the appointment, DEMO fee in VND)
PROCEDURES = {
    "khai_sinh": ("1.001193", "Đăng ký khai sinh", 2, 0),
    "lien_thong_khai_sinh": (
        "1.013124",  # PLACEHOLDER code
        "Liên thông khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ dưới 6 tuổi",
        3,
        0,
    ),
    "khai_tu": ("1.000656", "Đăng ký khai tử", 2, 0),
    "ket_hon": ("1.000894", "Đăng ký kết hôn", 3, 0),
    "xac_nhan_hon_nhan": ("1.004873", "Xác nhận tình trạng hôn nhân", 3, 0),
    "thuong_tru": ("1.004222", "Đăng ký thường trú", 7, 10_000),  # DEMO fee
    "tam_tru": ("1.004194", "Đăng ký tạm trú", 3, 7_000),  # DEMO fee
    "can_cuoc": (
        "1.012900",
        "Cấp, đổi, cấp lại thẻ căn cước",
        7,
        50_000,
    ),  # PLACEHOLDER code, DEMO fee
    "ly_lich_tu_phap": (
        "2.001417",
        "Cấp phiếu lý lịch tư pháp",
        10,
        200_000,
    ),  # PLACEHOLDER code, DEMO fee
    "gplx": ("1.002804", "Cấp đổi giấy phép lái xe", 5, 135_000),  # PLACEHOLDER code, DEMO fee
    "chung_thuc": ("2.000815", "Chứng thực bản sao từ bản chính", 1, 6_000),  # DEMO fee (3 pages)
}

NAMES = [
    "Lê Thị Hoa",
    "Nguyễn Văn Hùng",
    "Trần Thị Mai",
    "Phạm Quốc Bảo",
    "Hoàng Thị Lan",
    "Vũ Đức Thắng",
    "Đặng Thị Thu Hà",
    "Bùi Văn Toàn",
    "Đỗ Thị Ngọc Ánh",
    "Hồ Minh Tuấn",
    "Ngô Thị Hạnh",
    "Dương Văn Long",
    "Lý Thị Kim Oanh",
    "Trịnh Xuân Trường",
    "Mai Thị Huệ",
    "Lương Văn Định",
    "Đinh Thị Thúy",
    "Cao Văn Sơn",
    "Tôn Nữ Thị Hà",
    "Lê Văn Quyết",
    "Nguyễn Thị Phương Thảo",
    "Trần Đình Quang Huy",
    "Phan Thị Yến",
    "Hà Văn Chiến",
    "Lò Thị Xuân",
    "Nguyễn Hữu Nghĩa",
    "Trương Thị Bích Ngọc",
    "Võ Văn Khải",
    "Lê Thị Hương",
    "Đào Duy Anh",
    "Kiều Thị Nhung",
    "Tạ Văn Lực",
    "Nguyễn Thị Tuyết",
    "Phùng Văn Hải",
    "Quách Thị Liên",
    "Chu Văn Tài",
    "Hoàng Thị Minh Nguyệt",
    "Lê Đức Mạnh",
    "Vi Thị Sáu",
    "Nguyễn Văn Bình",
    "Lại Thị Thanh Tâm",
    "Thân Văn Phúc",
    "Doãn Thị Hồng",
    "Mạc Văn Cường",
    "Âu Thị Diệu Linh",
    "Nông Văn Thành",
    "Bạch Thị Loan",
    "Hứa Văn Khánh",
]

PHONE_PREFIXES = [
    "091",
    "094",
    "088",
    "098",
    "097",
    "096",
    "086",
    "090",
    "093",
    "089",
    "070",
    "079",
    "077",
    "076",
    "083",
    "084",
    "085",
    "081",
    "032",
    "033",
    "035",
    "036",
    "037",
    "038",
    "039",
]

SUPPLEMENT = {
    "khai_sinh": "Bổ sung bản sao giấy chứng sinh có chứng thực",
    "khai_tu": "Bổ sung giấy báo tử do cơ sở y tế cấp hoặc giấy tờ thay giấy báo tử",
    "ket_hon": "Bổ sung trích lục ghi chú ly hôn của bên nam",
    "thuong_tru": (
        "Bổ sung văn bản đồng ý cho đăng ký thường trú của chủ sở hữu chỗ ở hợp pháp "
        "(hoặc hợp đồng cho ở nhờ có chứng thực)"
    ),
    "gplx": (
        "Bổ sung giấy khám sức khỏe của người lái xe do cơ sở y tế đủ điều kiện cấp, còn thời hạn"
    ),
}

# One dossier per row:
# (procedure, unit, submitted "MM-DD HH:MM", status, result_delivery, options)
# options: seq (daily sequence number), name, phone, note (status_note),
#          payment, no_processing (history 1,2,5 without 4), late (working days after due),
#          done "MM-DD HH:MM" (finished, for 9/10), delivered "MM-DD HH:MM" (for 10)
CASES: list[tuple[str, str, str, int, str, dict]] = [
    (
        "khai_sinh",
        "tho_xuan",
        "10-15 09:12",
        5,
        "buu_chinh",
        {
            "seq": 42,
            "name": "Lê Thị Hoa",
            "phone": "0912345678",
            "note": SUPPLEMENT["khai_sinh"],
            "no_processing": True,
            "t2": "10-15 10:30",
            "t5": "10-16 08:05",
        },
    ),
    ("khai_sinh", "hac_thanh", "11-19 08:40", 2, "truc_tuyen", {}),
    ("khai_sinh", "sam_son", "09-08 14:05", 10, "truc_tuyen", {}),
    ("khai_sinh", "thanh_vinh", "11-20 16:20", 1, "truc_tuyen", {}),
    ("khai_sinh", "sai_gon", "10-27 10:05", 9, "truc_tiep", {}),
    ("khai_sinh", "nghi_son", "11-06 08:50", 1, "truc_tuyen", {}),
    ("lien_thong_khai_sinh", "tho_xuan", "09-16 08:30", 10, "buu_chinh", {}),
    ("lien_thong_khai_sinh", "hac_thanh", "11-18 09:45", 4, "truc_tuyen", {}),
    ("lien_thong_khai_sinh", "bim_son", "11-03 15:40", 4, "buu_chinh", {}),
    (
        "lien_thong_khai_sinh",
        "hoan_kiem",
        "10-20 10:10",
        3,
        "truc_tuyen",
        {
            "note": "Họ, chữ đệm, tên của trẻ trên tờ khai không khớp với giấy chứng sinh; "
            "đề nghị kiểm tra lại và nộp hồ sơ mới"
        },
    ),
    ("khai_tu", "tho_xuan", "10-05 09:20", 10, "truc_tiep", {}),
    ("khai_tu", "nghi_son", "11-17 14:10", 5, "truc_tiep", {"note": SUPPLEMENT["khai_tu"]}),
    ("khai_tu", "sam_son", "11-20 10:30", 2, "truc_tiep", {}),
    ("khai_tu", "hoan_kiem", "11-10 09:00", 4, "truc_tuyen", {}),
    ("ket_hon", "hac_thanh", "09-21 08:15", 10, "truc_tiep", {"late": 2}),
    ("ket_hon", "thanh_vinh", "11-16 09:05", 4, "truc_tiep", {}),
    (
        "ket_hon",
        "tho_xuan",
        "10-29 13:30",
        7,
        "truc_tiep",
        {"note": "Công dân đề nghị rút hồ sơ để bổ sung thông tin và nộp lại"},
    ),
    ("ket_hon", "sai_gon", "11-19 10:20", 5, "truc_tiep", {"note": SUPPLEMENT["ket_hon"]}),
    ("xac_nhan_hon_nhan", "sam_son", "10-12 09:50", 10, "truc_tuyen", {}),
    ("xac_nhan_hon_nhan", "bim_son", "11-20 17:30", 1, "truc_tuyen", {}),
    (
        "xac_nhan_hon_nhan",
        "hoan_kiem",
        "11-05 08:45",
        8,
        "truc_tuyen",
        {
            "note": "Dừng xử lý: người yêu cầu không bổ sung giấy tờ theo phiếu hướng dẫn "
            "trong thời hạn quy định"
        },
    ),
    ("xac_nhan_hon_nhan", "tho_xuan", "11-09 10:00", 2, "buu_chinh", {}),
    ("thuong_tru", "hac_thanh", "10-01 09:00", 10, "buu_chinh", {}),
    ("thuong_tru", "tho_xuan", "11-12 14:25", 5, "truc_tiep", {"note": SUPPLEMENT["thuong_tru"]}),
    ("thuong_tru", "thanh_vinh", "10-22 08:35", 6, "truc_tuyen", {}),
    (
        "thuong_tru",
        "sam_son",
        "11-02 09:30",
        8,
        "truc_tiep",
        {
            "note": "Dừng xử lý: chỗ ở đề nghị đăng ký không bảo đảm diện tích tối thiểu "
            "theo quy định; "
            "đã có văn bản trả lời nêu rõ lý do"
        },
    ),
    ("thuong_tru", "bim_son", "11-19 10:50", 4, "truc_tuyen", {}),
    ("tam_tru", "hac_thanh", "11-16 15:50", 6, "truc_tuyen", {"payment": "dang_xac_nhan"}),
    ("tam_tru", "sai_gon", "11-20 09:10", 6, "truc_tuyen", {}),
    ("tam_tru", "bim_son", "09-24 10:40", 10, "truc_tuyen", {}),
    (
        "tam_tru",
        "nghi_son",
        "10-08 08:20",
        3,
        "truc_tuyen",
        {
            "note": "Hồ sơ nộp không đúng cơ quan có thẩm quyền: "
            "đề nghị nộp tại Công an xã, phường "
            "nơi đang tạm trú"
        },
    ),
    ("can_cuoc", "tho_xuan", "10-19 08:10", 10, "buu_chinh", {}),
    ("can_cuoc", "sam_son", "11-10 09:35", 4, "buu_chinh", {}),
    ("can_cuoc", "hoan_kiem", "11-13 14:00", 9, "buu_chinh", {"done": "11-20 15:30"}),
    (
        "can_cuoc",
        "hac_thanh",
        "11-17 10:25",
        7,
        "truc_tiep",
        {"note": "Công dân đề nghị rút hồ sơ"},
    ),
    ("can_cuoc", "sai_gon", "11-20 19:40", 1, "buu_chinh", {}),
    ("ly_lich_tu_phap", "hac_thanh", "09-29 09:15", 10, "buu_chinh", {}),
    ("ly_lich_tu_phap", "thanh_vinh", "11-04 10:00", 6, "truc_tuyen", {}),
    ("ly_lich_tu_phap", "tho_xuan", "11-18 08:30", 6, "truc_tuyen", {"payment": "dang_xac_nhan"}),
    (
        "ly_lich_tu_phap",
        "bim_son",
        "10-26 13:45",
        8,
        "buu_chinh",
        {
            "note": "Dừng xử lý: cần xác minh thêm thông tin về án tích tại cơ quan khác; "
            "Sở Tư pháp sẽ thông báo kết quả xác minh"
        },
    ),
    ("ly_lich_tu_phap", "sam_son", "11-16 09:25", 4, "buu_chinh", {}),
    ("gplx", "sam_son", "11-05 09:00", 9, "buu_chinh", {}),
    ("gplx", "hoan_kiem", "11-11 15:20", 5, "buu_chinh", {"note": SUPPLEMENT["gplx"]}),
    ("gplx", "nghi_son", "10-14 10:30", 10, "buu_chinh", {}),
    ("gplx", "hac_thanh", "11-19 09:40", 2, "buu_chinh", {}),
    (
        "chung_thuc",
        "tho_xuan",
        "11-20 08:15",
        10,
        "truc_tiep",
        {"done": "11-20 10:00", "delivered": "11-20 10:20"},
    ),
    ("chung_thuc", "sai_gon", "11-18 14:40", 10, "truc_tuyen", {"done": "11-19 09:00"}),
    (
        "chung_thuc",
        "sam_son",
        "11-20 14:30",
        3,
        "truc_tiep",
        {
            "note": (
                "Bản chính xuất trình có dấu hiệu tẩy xóa, sửa chữa "
                "nên không được chứng thực bản sao"
            )
        },
    ),
]


def at(text: str) -> dt.datetime:
    """'MM-DD HH:MM' in YEAR, local time."""
    return dt.datetime.strptime(f"{YEAR}-{text}", "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    for _ in range(count):
        day = next_working_day(day)
    return day


def on(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def reception_time(submitted: dt.datetime, jitter: int) -> dt.datetime:
    """Received by the desk: within the hour on a working day before 15:00, else the next
    working morning."""
    if is_working_day(submitted.date()) and dt.time(7, 30) <= submitted.timetz().replace(
        tzinfo=None
    ) < dt.time(15, 0):
        return submitted + dt.timedelta(minutes=35 + jitter)
    return on(next_working_day(submitted.date()), 8, 5 + jitter)


def due_time(submitted: dt.datetime, days: int) -> dt.datetime:
    """17:00 on the ``days``-th working day after the day the desk receives the dossier."""
    start = submitted.date()
    if not is_working_day(start) or submitted.timetz().replace(tzinfo=None) >= dt.time(15, 0):
        start = next_working_day(start)
    return on(add_working_days(start, days), 17, 0)


def later(previous: dt.datetime, hour: int, minute: int) -> dt.datetime:
    """The next working day at hour:minute, or 80 minutes later if that would be in the future."""
    candidate = on(next_working_day(previous.date()), hour, minute)
    if candidate <= LATEST:
        return candidate
    return previous + dt.timedelta(minutes=80)


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def payment_for(fee: int, status: int, override: str | None) -> str:
    if fee == 0:
        return "khong_thu_phi"
    if override:
        return override
    return "chua_thanh_toan" if status in (1, 2, 3, 6, 7) else "da_thanh_toan"


def ready_note(delivery: str) -> str:
    return {
        "truc_tiep": "Kết quả đã có tại bộ phận một cửa; mang giấy hẹn và thẻ căn cước đến nhận",
        "buu_chinh": "Kết quả đã bàn giao cho bưu chính công ích để chuyển đến địa chỉ đã đăng ký",
        "truc_tuyen": "Bản điện tử của kết quả có trong mục Quản lý hồ sơ trên Cổng Dịch vụ công",
    }[delivery]


def build_dossier(
    index: int, case: tuple[str, str, str, int, str, dict], rng: random.Random
) -> dict:
    proc_key, unit_key, submitted_text, status, delivery, opts = case
    unit_code, unit_name = UNITS[unit_key]
    procedure_code, procedure_name, days, fee = PROCEDURES[proc_key]
    jitter = (index * 13) % 40

    submitted = at(submitted_text)
    seq = opts.get("seq") or rng.randint(1, 180)
    code = f"{unit_code}-{submitted:%y%m%d}-{seq:04d}"
    name = opts.get("name") or NAMES[index % len(NAMES)]
    phone = opts.get("phone") or rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"
    due = due_time(submitted, days)
    payment = payment_for(fee, status, opts.get("payment"))

    note = opts.get("note", "")
    if status == 6 and not note:
        note = (
            f"Nộp lệ phí {money(fee)}: vào Quản lý hồ sơ > Yêu cầu thanh toán "
            "trên Cổng Dịch vụ công "
            "quốc gia (số tiền là dữ liệu minh họa)"
        )
    elif status == 9 and not note:
        note = ready_note(delivery)

    history = [(submitted, 1, "")]
    completed = None
    if status != 1:
        t2 = at(opts["t2"]) if "t2" in opts else reception_time(submitted, jitter)
        if status == 3:
            history.append((t2, 3, note))
        else:
            history.append((t2, 2, ""))
            last = t2
            if status in (4, 6, 8, 9, 10) or (status == 5 and not opts.get("no_processing")):
                t4 = later(t2, 8, 20 + jitter) if days > 1 else t2 + dt.timedelta(minutes=25)
                history.append((t4, 4, ""))
                last = t4
            if status in (5, 6, 8):
                event = at(opts["t5"]) if "t5" in opts else later(last, 14, 10 + jitter)
                history.append((event, status, note))
            elif status == 7:
                history.append((later(last, 9, 40), 7, note))
            elif status in (9, 10):
                if "done" in opts:
                    done = at(opts["done"])
                else:
                    done = on(add_working_days(due.date(), opts.get("late", 0)), 10, 15 + jitter)
                    if done <= last:
                        done = last + dt.timedelta(minutes=90)
                completed = done
                history.append((done, 9, ready_note(delivery) if status == 9 else ""))
                if status == 10:
                    if "delivered" in opts:
                        delivered = at(opts["delivered"])
                    elif delivery == "truc_tuyen":
                        delivered = done + dt.timedelta(minutes=5)
                    elif delivery == "truc_tiep":
                        delivered = on(next_working_day(done.date()), 9, 5 + jitter)
                    else:
                        delivered = on(add_working_days(done.date(), 2), 15, 10 + jitter)
                    history.append(
                        (
                            delivered,
                            10,
                            "Đã giao kết quả qua bưu chính công ích"
                            if delivery == "buu_chinh"
                            else "",
                        )
                    )
                    note = (
                        "Đã giao kết quả qua bưu chính công ích" if delivery == "buu_chinh" else ""
                    )

    times = [h[0] for h in history]
    assert times == sorted(times) and len(set(times)) == len(times), (code, times)
    assert times[-1] <= LATEST, (code, times[-1])
    assert history[-1][1] == status, (code, history)
    assert due > submitted

    return {
        "code": code,
        "procedure_code": procedure_code,
        "procedure_name": procedure_name,
        "applicant_name": name,
        "applicant_phone": phone,
        "receiving_unit": unit_name,
        "submitted_at": submitted.isoformat(),
        "due_at": due.isoformat(),
        "completed_at": completed.isoformat() if completed else None,
        "status": status,
        "status_note": note,
        "result_delivery": delivery,
        "fee": fee,
        "payment": payment,
        "history": [{"at": t.isoformat(), "status": s, "note": n} for t, s, n in history],
    }


def build_seed() -> dict:
    rng = random.Random(20261121)
    dossiers = [build_dossier(i, case, rng) for i, case in enumerate(CASES)]
    codes = [d["code"] for d in dossiers]
    assert len(codes) == len(set(codes)), "duplicate codes"
    dossiers.sort(key=lambda d: (d["submitted_at"], d["code"]))
    return {"dossiers": dossiers}


def render() -> str:
    return json.dumps(build_seed(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is stale: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(build_seed()['dossiers'])} dossiers to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
