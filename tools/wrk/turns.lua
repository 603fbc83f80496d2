-- wrk script: patients' turns on POST /api/messages (deliveryMode expectReplies, the replies come back in the body).
--
--   wrk -t2 -c64 -d20s -s tools/wrk/turns.lua http://127.0.0.1:3978 -- <questions file> [distinct|mixed] [offset]
--
-- The questions file has one question per line (tools/wrk/run.sh writes it from corpus/questions.txt and
-- corpus/not-covered.txt). Each question sent is made distinct by an opening and a closing inside its sentence
-- ("Hi, what is ... please?"), so neither the whole message nor its question sentence was ever sent before and no
-- cache of question vectors can help; some messages also carry a short courtesy sentence before or after ("Thank
-- you."), which repeats as it does in real conversations. Over 600,000 come before one repeats. Each thread starts
-- at offset + 50,000 × its number: a run that should not repeat an earlier run's questions (a host keeps the vectors
-- of the questions it saw last) gives an offset beyond the earlier runs' (tools/wrk/run.sh gives each run its own).
--   distinct: every turn a new question, each conversation 6 of them (the first one also gets the welcome).
--   mixed:    a conversation is 4 new questions, one "tell me more" and one example question sent as is (a
--             suggested-action button), the way the web page's patients talk.
-- Replies are checked: an HTTP status other than 200, or a body without a reply, counts as an error.

local openers = { "", "Hi, ", "Hello, ", "Quick question: ", "Please tell me ", "I was wondering, ", "Can you help: ",
  "For my husband: ", "For my mom, ", "Question: ", "Hey, ", "One more thing: ", "Okay, ", "So ", "My doctor asked me to look up ",
  "Sorry to bother you, " }
local closers = { "", ", please", " thanks", " for my case", " in simple words", ", if you know", " (asking for a friend)",
  " exactly", " again", ", thank you", " for a patient", " right now", " in plain English", " briefly", " for my dad",
  " for my wife", " honestly", " at this point", " for someone my age", " in short" }
-- Courtesy sentences around the question, the same few again and again.
local leads = { "", "", "", "", "My doctor mentioned this.", "Sorry if this is a silly question." }
local tails = { "", "", "", "", "Thank you.", "Thanks so much!" }
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
  local file = args[1] or error("usage: -- <questions file> [distinct|mixed] [offset]")
  mix = args[2] or "distinct"
  if mix ~= "distinct" and mix ~= "mixed" then error("mix must be distinct or mixed, not " .. mix) end
  local offset = tonumber(args[3] or "0") or error("offset must be a number, not " .. args[3])
  for line in io.lines(file) do
    -- A question of several sentences becomes one, joined by commas; one with a stop inside a word or a
    -- number ("0.1 percent", "U.S.") is left out, since each sentence of a message is embedded on its own and its
    -- part after the stop would come again with every opening.
    local stem, mark = line:match("^(.-)([%?%.!]*)$")
    stem = stem:gsub("[%.!%?]+%s+", ", ")
    if line:match("%S") and not stem:find("[%.!%?]") then
      -- Split once here: a request should cost wrk, which shares the cores with the hosts, as little as it can.
      table.insert(questions, { stem = stem, lowered = stem:sub(1, 1):lower() .. stem:sub(2),
        capitalised = stem:sub(2, 2):match("%l") ~= nil, mark = mark })
    end
  end
  if #questions == 0 then error(file .. " holds no questions") end
  -- Threads start far apart in the sequence, so they never send the same question.
  cursor = offset + thread_id * 50000
  for i = 1, conversations do
    turn_in_conversation[i] = 0
    conversation_serial[i] = 0
  end
end

-- The n-th distinct question: every question with every opening, then with the next closing (put before the
-- question's own final punctuation); a courtesy sentence by n as well.
local function distinct_question(n)
  local b = #questions
  local o = #openers
  local q = questions[n % b + 1]
  local opener = openers[math.floor(n / b) % o + 1]
  local closer = closers[math.floor(n / (b * o)) % #closers + 1]
  local stem = (opener ~= "" and q.capitalised) and q.lowered or q.stem
  local courtesy = (n * 7) % (#leads * #tails)
  local lead = leads[courtesy % #leads + 1]
  local tail = tails[math.floor(courtesy / #leads) % #tails + 1]
  local text = opener .. stem .. closer .. q.mark
  if lead ~= "" then text = lead .. " " .. text end
  if tail ~= "" then text = text .. " " .. tail end
  return text
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
