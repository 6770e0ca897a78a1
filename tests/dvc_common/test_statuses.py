import pytest

from dvc_common.statuses import find_status, load_statuses, status_labels

SPEC_LABELS = {  # spec/dossier-seed.md
    1: "Mới đăng ký",
    2: "Đã tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân đã rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong, chờ trả kết quả",
    10: "Đã trả kết quả",
}


def test_the_ten_statuses_have_the_spec_labels_a_meaning_and_a_next_step():
    assert status_labels() == SPEC_LABELS
    for status in load_statuses().statuses.values():
        assert status.meaning and status.todo
    assert load_statuses().overdue == {1, 2, 4, 5, 6}


@pytest.mark.parametrize(
    "text, key",
    [
        ("trạng thái 'yêu cầu thực hiện nghĩa vụ tài chính' nghĩa là gì", "6"),
        ("'dừng xử lý' là sao", "8"),
        ("dung xu ly la sao", "8"),
        ("chờ trả kết quả là gì", "9"),  # not 10: the longest name wins
        ("không được tiếp nhận là sao", "3"),  # not 2
        ("khong thuoc tham quyen nghia la gi", "khong_thuoc_tham_quyen"),
        ("đã trả kết quả là sao", "10"),
        ("mới đăng ký là gì", "1"),
    ],
)
def test_find_status_in_a_question(text, key):
    assert find_status(text).key == key


def test_no_status_named():
    assert find_status("trạng thái này nghĩa là gì") is None
