def test_user_get_absolute_url():
    assert True
