-- wrk script for run.sh: POST the body read from the file named by $BENCH_BODY_FILE, keep-alive.
-- With BENCH_CHECK_OK=1 every answer's body must contain "status":"ok" (an `_execute` success); the ones
-- that do not are counted and printed by done() as "not-ok bodies: N".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["kbn-xsrf"] = "x"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")
local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()

if os.getenv("BENCH_CHECK_OK") == "1" then
  local threads = {}

  function setup(thread)
    table.insert(threads, thread)
  end

  function init(args)
    not_ok = 0
  end

  function response(status, headers, body)
    if not string.find(body, '"status":"ok"', 1, true) then
      not_ok = not_ok + 1
    end
  end

  function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
      total = total + thread:get("not_ok")
    end
    io.write(string.format("not-ok bodies: %d\n", total))
  end
end
