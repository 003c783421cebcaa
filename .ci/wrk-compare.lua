-- Load on `POST /api/v1/compare` (docs/serve.md, "Load"): the young graduate of the README's
-- curl example, the same body on every request.
-- wrk -t2 -c64 -d20s --latency -s .ci/wrk-compare.lua 'http://127.0.0.1:8080/api/v1/compare?as_of=2024-06-01'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"birth_date": "2000-05-12", "education": {"level": "bachelor", "full_time": true}, '
    .. '"places": {"hangzhou": {"insured_months": 52, "residence_months": 52, "employed": true}}}'
