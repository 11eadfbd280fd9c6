-- wrk script: optional method/body/cookie from the environment, and a JSON
-- summary with the percentiles wrk's own report leaves out (p95).
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local host = os.getenv("BENCH_HOST")

request = function()
  local headers = {}
  if cookie and cookie ~= "" then headers["Cookie"] = cookie end
  if content_type and content_type ~= "" then headers["Content-Type"] = content_type end
  if host and host ~= "" then headers["Host"] = host end
  if body and body ~= "" then
    return wrk.format(method, nil, headers, body)
  end
  return wrk.format(method, nil, headers)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCHJSON {\"requests\": %d, \"duration_us\": %d, \"errors\": %d, \"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d}\n",
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
