-- wrk: form posts to /intake/form-website, each with its own email and Idempotency-Key (run id + thread + counter),
-- so every request is a new lead. RUN_ID in the environment keeps runs apart.
local threads = {}
local run = os.getenv("RUN_ID") or tostring(os.time())

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  prefix = run .. "-" .. tid .. "-"
  wrk.method = "POST"
  wrk.path = "/intake/form-website"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local key = prefix .. n
  wrk.headers["Idempotency-Key"] = key
  wrk.body = '{"email":"wrk-' .. key .. '@example.com","firstName":"Ada","lastName":"Lovelace","company":"Acme",'
    .. '"title":"CTO","country":"US","message":"Please call me"}'
  return wrk.format()
end
