-- wrk script: GET /v1/videos/{id} with ids drawn at random from the file given after "--".
local ids = {}

function init(args)
  for line in io.lines(args[1]) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", "/v1/videos/" .. ids[math.random(#ids)])
end
