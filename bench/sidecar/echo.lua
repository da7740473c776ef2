-- wrk script: POSTs the decisions of a JSON Lines file to the bare Micronaut echo endpoint (fi.tutka.bench.EchoServer).
local lines = {}
for line in io.lines(os.getenv("DECISIONS") or "decisions.jsonl") do
  if #line > 0 then lines[#lines + 1] = line end
end
local headers = {["Content-Type"] = "application/json"}
local i = 0
function request()
  i = i % #lines + 1
  return wrk.format("POST", "/echo", headers, lines[i])
end
