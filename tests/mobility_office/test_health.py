def test_healthz_answers_ok_when_the_database_answers(anonymous_client, db):
    response = anonymous_client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_page_is_public(anonymous_client, db):
    response = anonymous_client.get("/")

    assert response.status_code == 200
    assert b"How to apply" in response.content
