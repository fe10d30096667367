-- Sends WRK_METHOD to WRK_PATH with WRK_BODY, each '{id}' in them replaced by the next line of WRK_IDS, in turn
-- per connection, so the load spreads over many carts or products (or one, if the file has one line). A line may
-- carry, after a tab, the access token of the user the id is for (obtained before the run), sent as a bearer token.
local ids, tokens = {}, {}
for line in io.lines(os.getenv("WRK_IDS")) do
  local id, token = line:match("^([^\t]*)\t?(.*)$")
  ids[#ids + 1] = id
  tokens[#tokens + 1] = token
end
local method, path, body = os.getenv("WRK_METHOD"), os.getenv("WRK_PATH"), os.getenv("WRK_BODY")
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function request()
  offset = offset + 1
  local index = (offset % #ids) + 1
  local id = ids[index]
  local headers = { ["Content-Type"] = "application/json" }
  if tokens[index] ~= "" then headers["Authorization"] = "Bearer " .. tokens[index] end
  return wrk.format(method, path:gsub("{id}", id), headers, body and body:gsub("{id}", id) or nil)
end

dofile(os.getenv("WRK_REPORT"))
