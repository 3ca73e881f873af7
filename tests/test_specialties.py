from app.specialties.models import Specialty, all_specialties, find


def test_a_fresh_database_has_the_default_list(db):
    codes = [s.code for s in all_specialties()]
    assert codes[0] == "basic" and len(codes) == 17 and "food" in codes and codes[-1] == "standards"
    assert find("食品安全").code == "food" and find("food").name == "食品安全"


def test_admin_adds_and_renames_and_names_stay_unique(auth, make_user, db):
    auth.login(make_user("admin").username)
    assert auth.post("/specialties/new", {"code": "tobacco", "name": "烟草",
                                          "sort_order": 20, "active": "y"}).status_code == 302
    clash = auth.post("/specialties/new", {"code": "tobacco2", "name": "食品安全"})
    assert "已存在" in clash.get_data(as_text=True)
    food = find("food")
    auth.post(f"/specialties/{food.id}/edit", {"name": "食品安全监管", "sort_order": 1})
    db.session.expire_all()
    assert db.session.get(Specialty, food.id).name == "食品安全监管"
    assert not db.session.get(Specialty, food.id).active


def test_only_admin_edits_the_list(auth, make_user, province):
    auth.login(make_user("legal", province["360100"]).username)
    assert auth.client.get("/specialties/").status_code == 200
    assert auth.client.get("/specialties/new").status_code == 403
