-- wrk script: patients' turns on POST /api/messages (deliveryMode expectReplies, the replies come back in the body).
--
--   wrk -t2 -c64 -d20s -s tools/wrk/turns.lua http://127.0.0.1:3978 -- <questions file> [distinct|mixed]
--
-- The questions file has one question per line (tools/wrk/run.sh writes it from corpus/questions.txt and
-- corpus/not-covered.txt). Each question sent is made distinct by an opening and a closing taken in turn
-- ("Hi, ... thanks"), so no cache of question vectors can help; tens of thousands come before one repeats.
--   distinct: every turn a new question, each conversation 6 of them (the first one also gets the welcome).
--   mixed:    a conversation is 4 new questions, one "tell me more" and one example question sent as is (a
--             suggested-action button), the way the web page's patients talk.
-- Replies are checked: an HTTP status other than 200, or a body without a reply, counts as an error.

local openers = { "", "Hi, ", "Hello. ", "Quick question: ", "Please tell me ", "My doctor mentioned this. ",
  "I was wondering, ", "Sorry to ask again, ", "Can you help? ", "For my husband: ", "For my mom, ", "Question: " }
local closers = { "", " thanks", " Thank you.", " please", " ??", " (asking for a friend)" }
local examples = { "What is relative failure on imatinib?", "Is Tasigna an alternative after imatinib resistance?",
  "What is a buffy coat infusion?", "Can interferon help after relapse from a stem cell transplant?" }

local questions = {}
local mix = "distinct"
thread_id = 0 -- set per thread by setup()
errors = 0 -- read by done()
local conversations = 64
local sent, turn_in_conversation, conversation_serial, cursor = 0, {}, {}, 0
local slot = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local function escape(s)
  return (s:gsub("\\", "\\\\"):gsub('"', '\\"'))
end

function init(args)
  local file = args[1] or error("usage: -- <questions file> [distinct|mixed]")
  mix = args[2] or "distinct"
  if mix ~= "distinct" and mix ~= "mixed" then error("mix must be distinct or mixed, not " .. mix) end
  for line in io.lines(file) do
    if line:match("%S") then table.insert(questions, line) end
  end
  if #questions == 0 then error(file .. " holds no questions") end
  -- Threads start far apart in the sequence, so they never send the same question.
  cursor = thread_id * 100003
  for i = 1, conversations do
    turn_in_conversation[i] = 0
    conversation_serial[i] = 0
  end
end

-- The n-th distinct question: every question with every opening, then with the next closing.
local function distinct_question(n)
  local b = #questions
  local o = #openers
  local q = questions[n % b + 1]
  local opener = openers[math.floor(n / b) % o + 1]
  local closer = closers[math.floor(n / (b * o)) % #closers + 1]
  return opener .. q .. closer
end

local function text_for(turn)
  if mix == "mixed" and turn == 3 then return "tell me more" end
  if mix == "mixed" and turn == 5 then return examples[cursor % #examples + 1] end
  cursor = cursor + 1
  return distinct_question(cursor)
end

function request()
  slot = slot % conversations + 1
  local turn = turn_in_conversation[slot]
  if turn == 0 then conversation_serial[slot] = conversation_serial[slot] + 1 end
  turn_in_conversation[slot] = (turn + 1) % 6
  sent = sent + 1
  local id = string.format("w%d-%d-%d", thread_id, slot, conversation_serial[slot])
  local body = string.format(
    '{"type":"message","id":"m%d","channelId":"loadtest","serviceUrl":"http://127.0.0.1:9/",' ..
    '"deliveryMode":"expectReplies","conversation":{"id":"%s"},"from":{"id":"u%s"},"recipient":{"id":"cmlbot"},' ..
    '"text":"%s"}', sent, id, id, escape(text_for(turn)))
  return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 or not body:find('"text"', 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + (thread:get("errors") or 0) end
  io.write(string.format("checked: %d replies, %d errors\n", summary.requests, failed))
end
