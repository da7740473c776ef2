-- wrk script: POSTs the decisions of a JSON Lines file (one a line) to /v1/decisions in turn, each thread from its
-- own starting line. DECISIONS names the file; TOKEN, when set, is sent as the bearer token.
local lines = {}
for line in io.lines(os.getenv("DECISIONS") or "decisions.jsonl") do
  if #line > 0 then lines[#lines + 1] = line end
end
local headers = {["Content-Type"] = "application/json"}
if os.getenv("TOKEN") then headers["Authorization"] = "Bearer " .. os.getenv("TOKEN") end

local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local i
function init(args)
  i = (offset * math.floor(#lines / 2)) % #lines
end

function request()
  i = i % #lines + 1
  return wrk.format("POST", "/v1/decisions", headers, lines[i])
end
