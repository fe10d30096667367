-- Sends WRK_METHOD to WRK_PATH with WRK_BODY, each '{id}' in them replaced by the next line of WRK_IDS, in turn
-- per connection, so the load spreads over many carts or products (or one, if the file has one line).
local ids = {}
for line in io.lines(os.getenv("WRK_IDS")) do ids[#ids + 1] = line end
local method, path, body = os.getenv("WRK_METHOD"), os.getenv("WRK_PATH"), os.getenv("WRK_BODY")
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function request()
  offset = offset + 1
  local id = ids[(offset % #ids) + 1]
  local headers = { ["Content-Type"] = "application/json" }
  return wrk.format(method, path:gsub("{id}", id), headers, body and body:gsub("{id}", id) or nil)
end

dofile(os.getenv("WRK_REPORT"))
