-- wrk: form posts to /intake/form-website, each with its own email, phone and Idempotency-Key (run id + thread +
-- counter), so every request is a new lead: country US with a phone, rule us-with-phone of bench/policy/bench-50-reps.
-- The phone is a valid US number (+1 212/415/650, exchange 200-999 without N11 codes, as libphonenumber accepts),
-- distinct within a run (5 million per thread) and starting at an offset from the run id. RUN_ID in the environment
-- keeps runs apart; NO_PHONE=1 leaves the phone out. LEADS_PER_THREAD: each wrk thread stops once that many answers
-- came back (requests then in flight on its other connections still reach the service) and appends its number to
-- the file DONE_FILE; wrk itself runs until its -d has passed or it gets SIGINT (bench/load.sh sends it).
local threads = {}
local run = os.getenv("RUN_ID") or tostring(os.time())
local limit = tonumber(os.getenv("LEADS_PER_THREAD") or "")
local done_file = os.getenv("DONE_FILE")
local with_phone = os.getenv("NO_PHONE") ~= "1"
local AREAS = {212, 415, 650}
local PHONES = 3 * 792 * 10000

local function phone(k)
  k = k % PHONES
  local subscriber = k % 10000
  local rest = math.floor(k / 10000)
  local e = rest % 792
  local r = e % 99
  if r >= 11 then r = r + 1 end
  return string.format("+1%d%03d%04d", AREAS[math.floor(rest / 792) + 1], 200 + math.floor(e / 99) * 100 + r, subscriber)
end

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  answered = 0
  prefix = run .. "-" .. tid .. "-"
  offset = 0
  for i = 1, #run do offset = (offset * 31 + run:byte(i)) % PHONES end
  offset = offset + (tid - 1) * 5000000
  wrk.method = "POST"
  wrk.path = "/intake/form-website"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local key = prefix .. n
  wrk.headers["Idempotency-Key"] = key
  local tel = with_phone and ('"phone":"' .. phone(offset + n) .. '",') or ''
  wrk.body = '{"email":"wrk-' .. key .. '@example.com",' .. tel .. '"firstName":"Ada","lastName":"Lovelace","company":"Acme",'
    .. '"title":"CTO","country":"US","message":"Please call me"}'
  return wrk.format()
end

-- only with a limit: a response() callback makes wrk hand every answer to Lua
if limit then
  function response(status, headers, body)
    answered = answered + 1
    if answered == limit then
      if done_file then
        local f = io.open(done_file, "a")
        f:write(tid, "\n")
        f:close()
      end
      wrk.thread:stop()
    end
  end
end
