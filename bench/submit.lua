-- wrk script: complete 14-theme submissions, each with a unique client-made UUID per thread.
local counter = 0

local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
local themes = {"moving_around","public_transport","traffic_parking","streets_spaces","natural_space","play_recreation","facilities_services","work_economy","housing_community","social_interaction","identity_belonging","feeling_safe","care_maintenance","influence_control"}
request = function()
  counter = counter + 1
  local id = string.format("%08x-0000-4000-8000-%012x", tid, counter)
  local parts = {}
  for i, t in ipairs(themes) do
    local good = (i == 1) and '"Fint"' or 'null'
    local better = (i == 2) and '"Mer lys"' or 'null'
    parts[#parts+1] = string.format('"%s":{"score":%d,"good":%s,"better":%s}', t, 1 + (counter + i) % 7, good, better)
  end
  local body = string.format('{"id":"%s","area":"sentrum","mode":"survey","locale":"nb","answers":{%s},"profile":{"age_band":"25-34","gender":"female","years_in_area":"5_9"}}', id, table.concat(parts, ","))
  return wrk.format("POST", nil, {["Content-Type"]="application/json"}, body)
end
