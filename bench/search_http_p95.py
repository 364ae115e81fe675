#!/usr/bin/env python3
"""Search latency over HTTP with a catalogue of 2,000 procedures (issue 4: p95 < 20 ms).

1. Copies the demo procedures' published versions in the database into N generated
   procedures (names combining real parts of Vietnamese procedure names, fields, owners),
   as new rows of `procedures` / `procedure_versions` / `procedure_units`, and bumps the
   catalogue revision so the server rebuilds its index.
2. Sends Q search requests (`GET /api/v1/procedures?q=…`, with and without diacritics,
   abbreviations, partial words, filters) to a running server and prints p50/p95/p99/max.

Usage: search_http_p95.py DB_FILE BASE_URL [--procedures 2000] [--queries 2000]
Exit status 1 when p95 is at or over the target (20 ms).
"""
import argparse, json, random, sqlite3, statistics, sys, time, urllib.parse, urllib.request

VERBS = ["Cấp", "Cấp đổi", "Cấp lại", "Gia hạn", "Thu hồi", "Điều chỉnh", "Đăng ký",
         "Đăng ký lại", "Xác nhận", "Chứng thực", "Thẩm định", "Phê duyệt", "Giải quyết"]
OBJECTS = ["giấy phép lái xe", "giấy khai sinh", "hộ chiếu phổ thông", "giấy phép xây dựng nhà ở riêng lẻ",
           "giấy chứng nhận quyền sử dụng đất", "hộ kinh doanh", "thẻ bảo hiểm y tế", "căn cước công dân",
           "giấy phép bán lẻ sản phẩm rượu", "chứng chỉ hành nghề dược", "giấy chứng nhận đăng ký doanh nghiệp",
           "lý lịch tư pháp", "trợ cấp xã hội hàng tháng", "giấy phép khai thác nước dưới đất",
           "giấy xác nhận tình trạng hôn nhân", "giấy phép hoạt động karaoke", "biển số xe",
           "giấy chứng nhận an toàn thực phẩm", "chứng chỉ quy hoạch", "giấy phép lao động"]
QUALIFIERS = ["", "", "cho công dân Việt Nam", "đối với doanh nghiệp", "ở trong nước", "tại cấp xã",
              "cho người nước ngoài", "trường hợp bị mất", "có yếu tố nước ngoài"]
FIELDS = ["Hộ tịch", "Chứng thực", "Đường bộ", "Xây dựng", "Đất đai", "Thuế", "Y tế", "Lao động",
          "Văn hóa", "Thương mại", "Tài nguyên nước", "Công an", "Giáo dục", "Nông nghiệp"]
QUERIES = ["dang ky khai sinh", "Đăng ký khai sinh", "giấy phép lái xe", "gplx", "cap doi gplx",
           "ho chieu", "khai si", "quyen su dung dat", "xay dung", "giấy phép", "ho kinh doanh",
           "cccd", "lao dong", "bảo hiểm y tế", "ruou", "2.000815", "tam tru", "ket hon", "xac nhan",
           "chung thuc ban sao", ""]


def slugify(text):
    import unicodedata
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in t).split())


def generate(db, n):
    con = sqlite3.connect(db)
    cur = con.cursor()
    have = cur.execute("SELECT COUNT(*) FROM procedures").fetchone()[0]
    if have >= n:
        return have
    templates = cur.execute(
        "SELECT v.body, v.procedure_slug FROM procedure_versions v JOIN procedures p "
        "ON p.slug = v.procedure_slug AND p.current_version = v.version").fetchall()
    units = {}
    for slug, unit in cur.execute("SELECT procedure_slug, agency_code FROM procedure_units"):
        units.setdefault(slug, []).append(unit)
    rng = random.Random(7)
    seen = set(s for (_, s) in templates)
    for (slug,) in cur.execute("SELECT slug FROM fields").fetchall():
        pass
    made = have
    while made < n:
        name = " ".join(x for x in [rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)] if x)
        slug = slugify(name)
        if slug in seen:
            name = f"{name} (mẫu {made})"
            slug = slugify(name)
        seen.add(slug)
        body_text, template_slug = rng.choice(templates)
        body = json.loads(body_text)
        body.update(slug=slug, name=name, version=1, field=rng.choice(FIELDS),
                    code=f"1.00{rng.randint(1000, 9999)}")
        field_slug = slugify(body["field"])
        cur.execute("INSERT INTO fields (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING",
                    (field_slug, body["field"]))
        cur.execute("INSERT INTO procedures (slug, current_version, created_at_ms) VALUES (?, 1, 0)", (slug,))
        tl = body["time_limit"]
        cur.execute(
            "INSERT INTO procedure_versions (procedure_slug, version, code, name, field_slug, level, "
            "online_level, owner_agency, time_limit_unit, time_limit_n, cutoff_15h, body, created_at_ms, "
            "created_by) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'bench')",
            (slug, body["code"], name, field_slug, body["level"], body["online_level"],
             body["owner_agency"], tl["unit"], tl.get("n", 0), int(tl.get("cutoff_15h", False)),
             json.dumps(body, ensure_ascii=False)))
        for unit in units.get(template_slug, []):
            cur.execute("INSERT INTO procedure_units (procedure_slug, agency_code) VALUES (?, ?)", (slug, unit))
        made += 1
    cur.execute("UPDATE catalogue_revision SET revision = revision + 1 WHERE id = 1")
    con.commit()
    return made


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("base")
    ap.add_argument("--procedures", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--target-ms", type=float, default=20.0)
    a = ap.parse_args()
    total = generate(a.db, a.procedures)
    # Let the server see the new revision (checked at most once a second), then warm up.
    time.sleep(1.5)
    answer = json.load(urllib.request.urlopen(a.base + "/api/v1/procedures?limit=1"))
    if answer["total"] < a.procedures:
        sys.exit(f"server sees {answer['total']} procedures, expected {a.procedures}")
    rng = random.Random(11)
    filters = ["", "", "", "&level=commune", "&online_level=toan_trinh", "&agency=H15.50", "&field=Ho%20tich"]
    times = []
    for i in range(a.queries):
        q = urllib.parse.quote(rng.choice(QUERIES))
        url = f"{a.base}/api/v1/procedures?q={q}{rng.choice(filters)}&limit=20"
        t0 = time.perf_counter()
        with urllib.request.urlopen(url) as r:
            r.read()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    pct = lambda p: times[min(len(times) - 1, int(p / 100 * len(times)))]
    print(f"catalogue: {total} procedures; {len(times)} search requests over HTTP (sequential, keep-alive off)")
    print(f"p50 {pct(50):.2f} ms   p95 {pct(95):.2f} ms   p99 {pct(99):.2f} ms   max {times[-1]:.2f} ms   mean {statistics.mean(times):.2f} ms")
    if pct(95) >= a.target_ms:
        sys.exit(f"p95 {pct(95):.2f} ms is not under {a.target_ms} ms")


if __name__ == "__main__":
    main()
