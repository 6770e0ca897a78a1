import pytest

from bot.nlu.status_question import asks_status_meaning


@pytest.mark.parametrize(
    "text",
    [
        "trạng thái 'yêu cầu thực hiện nghĩa vụ tài chính' nghĩa là gì",
        "'dừng xử lý' là sao",
        "trang thai dung xu ly la gi",
        "không thuộc thẩm quyền nghĩa là gì",
        "trạng thái công dân đã rút hồ sơ là sao",
    ],
)
def test_status_questions(text):
    assert asks_status_meaning(text)


@pytest.mark.parametrize(
    "text",
    [
        "rút hồ sơ đã nộp",  # dossier_withdraw
        "trạng thái yêu cầu bổ sung giấy tờ nghĩa là gì",  # left to dossier_supplement
        "tra cứu trạng thái hồ sơ",  # no question about a meaning
        "hồ sơ đang xử lý là sao, bao giờ có kết quả",  # a lookup request
    ],
)
def test_not_status_questions(text):
    assert not asks_status_meaning(text)
