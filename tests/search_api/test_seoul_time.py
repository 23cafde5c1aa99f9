from search_api.seoul_time import seoul_time


def test_utc_stamps_are_shown_in_korea_time():
    assert seoul_time("2024-05-07T16:30:00+00:00") == "2024년 5월 8일 01:30 (한국 시각)"
    assert seoul_time("2024-05-07T16:30:00Z") == "2024년 5월 8일 01:30 (한국 시각)"
    assert seoul_time("2024-05-07T16:30:00") == "2024년 5월 8일 01:30 (한국 시각)"  # stored without an offset: UTC
    assert seoul_time("") == "" and seoul_time(None) == ""
