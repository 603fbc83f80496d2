using System.Text.RegularExpressions;

namespace CmlBot.Bot.Understanding.Safety;

/// <summary>
/// Whether a trigger stands in a question about how often or why a sign happens to people in general, or in a
/// hypothetical ("how common are seizures with interferon?", "do most people get breathless on dasatinib?",
/// "why do some patients collapse after a transplant?", "hypothetically, if he stopped breathing…", "would the team want
/// to know if I ever coughed up blood?", "in the unlikely event of a stroke on nilotinib", "when should I worry about a
/// nosebleed?"), or in what a leaflet, an article or someone else says ("the printout says call 911 for chest pain"),
/// or asks what a word means ("what are petechiae?"), or is an item of a list of examples ("things like fainting,
/// bleeding, fever"), or stands in a message written to study, teach or plan ahead ("pharmacy student here"), and nothing in the
/// message says the writer or someone with them has it now ("I have", "right now", "today"). Such a question asks what
/// the summary knows; the advice to call for help would answer something it did not say. Like a negation, a trigger
/// dismissed this way also keeps the sentence model from raising its group's alarm. "Is it normal that …" and "is this
/// a side effect" are how patients report what they have, and are not read this way.
/// </summary>
public static partial class GeneralQuestion
{
    [GeneratedRegex(@"^ ?(how (common|often|likely|rare|frequent|frequently)|what (are the chances|are the odds|percentage|proportion)|why (do|does|would|might) (some|many|most|people|patients|ppl)|do ([a-z]+ ){0,2}(people|ppl|patients)|does (everyone|anyone|everybody)|how many (people|ppl|patients)|hypothetically|in theory"
        // "What stroke warning signs should a carer learn?": signs to know ahead.
        + @"|(what|which) ([a-z]+ ){0,3}(warning signs|signs|symptoms|red flags) (should|do|would|must|to)"
        // "How dangerous is an imatinib overdose?", "for how long after transplant is a fever serious?", "are kids with
        // CML more prone to seizures?": what a sign means or whom it strikes.
        + @"|how (dangerous|serious|risky|deadly) (is|are|would|can)|(for )?how long (after|before|into) |what (makes|causes|can cause|could cause) |what happens (in general )?if (someone|somebody|a person|you|people|patients|a patient) |(are|is) ([a-z]+ ){0,5}(more |less )?(prone|susceptible) to"
        // "does CML make fainting more likely?", "is seizure a known thing with dasatinib?"
        + @"|(does|do|can|could|would|will|is|are) [a-z ]{0,40}\b(more|less) (likely|common|prone|easily|often)|how (is|are) (a |an |the )?[a-z ]{0,30}\b(managed|treated|handled)|(is|are) ([a-z]+ ){0,3}(a )?(known|common|usual|recognised|recognized) (thing|side effect|problem|issue|risk)"
        // "can low hemoglobin make people pass out?", "how high a temp is too high?": what a sign comes from, or where it starts.
        + @"|(can|could|does|do|will|would) [a-z ]{0,30}\b(make|makes) (people|ppl|patients|someone|somebody|a person)\b|how (high|low|long|bad|much|many) ([a-z]+ ){0,3}is too (high|low|long|bad|much|many)"
        // "What would count as heavy bleeding?", "how long should a nosebleed go on before you worry?", "managing a collapsed
        // patient", "when a patient on nilotinib reports chest pain", "things like fainting": what a sign is, how carers
        // and clinicians handle it, or examples of signs.
        // "Stroke is common with CML treatment?": how often a sign goes with a treatment.
        + @")\b|\b((is|are) (common|rare|frequent|likely) (with|on|in|after|for|when)|what (would|does|should|do|could) (count|counts) as|before (you|i|we|one|someone|people|a patient) (should )?(worry|start worrying|call|ring|seek help)|(managing|manage|treating|treat|handling|handle|assessing|assess|approaching|approach to) (a|an) ([a-z]+ ){0,2}(patient|casualty|person)|(the )?difference between|(general|usual|standard|typical) (management|treatment|approach|protocol)|(when|if|whenever) (a|an) ([a-z]+ ){0,2}(patient|client) ([a-z]+ ){0,3}(reports|has|develops|presents|complains|gets|comes in)|refer (a|an) ([a-z]+ ){0,2}(patient|client) with)\b|^ ?(things|stuff|symptoms|signs|problems) like\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex GeneralRx();

    // Someone studying, teaching or caring for patients at work ("ICU nurse here"), or writing a plan or a sheet ahead ("pharmacy student here", "revising for exams",
    // "writing a teaching sheet", "I'm writing his care plan", "for a class presentation", "nursing homework"), or asking
    // ahead with nothing happening ("just so I know, nothing is happening"): the message asks what the summary knows.
    [GeneratedRegex(@"\b(student here|(icu|ward|oncology|haematology|hematology|cancer|district|practice|research|er|ae) nurse here|(paramedic|pharmacist|physician|registrar) here|revising for|(for|in) (my|an|the) exams?|teaching (sheet|class|lesson|materials|handout)|i teach (patients|people|students|nurses)|(writing|making|preparing|creating|putting together) (an?|my|his|her|the|our) ([a-z]+ ){0,2}(essay|assignment|dissertation|thesis|leaflet|handout|care plan|protocol|teaching sheet)|for (a|an|my|our) (class |school |uni |university |college |nursing |group )?(presentation|assignment|project|essay|exam|quiz|lecture|seminar|module|coursework)|(pharmacology|biology|nursing|medical|chemistry|science|school|uni|college) homework|homework (question|help|task)|(writing|write) a (short )?(story|novel|book|script|play)|nothings happening|nothing is happening|asking so (i|we) know|just so (i|we) know)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex StudyingRx();

    // "What are petechiae?": the meaning of a word, the trigger the whole of what is asked.
    [GeneratedRegex(@"^ ?(what|whats) (is|are|s|does|do)? ?(an? |the )?$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex WhatIsRx();

    [GeneratedRegex(@"^ ?(mean|means|exactly|again|look like|in simple terms)? ?$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex DefinitionEndRx();

    // A message that opens as a hypothetical ("Hypothetically, if he stopped breathing …") asks one throughout.
    [GeneratedRegex(@"^ ?(purely )?(hypothetically|in theory)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex HypotheticalRx();

    // "If I ever coughed up blood, …", "if I get a fever, …", "in the unlikely event of a stroke": a hypothetical, wherever
    // it starts in the clause, up to the trigger's end.
    [GeneratedRegex(@"\b(if (i|he|she|they|we|you|someone|somebody|anyone|my [a-z]+|his [a-z]+|her [a-z]+) (ever|were to|get|gets|got|develop|develops)|if (i|he|she|they|we|my [a-z]+)( [a-z]+){1,4} ever|if [a-z]+ ever|(god|heaven|lord) forbid|(said|says|told (me|us)|advised|explained) (that )?if|if (someone|somebody|anyone|a person|a patient|you) (takes|took|ate|swallowed|misses|missed|doubles|doubled)|in case (i|he|she|they|we|you|someone|my [a-z]+) ever|in the (unlikely |rare )?event (of|that)|in (the )?case of|if (my|his|her|our) [a-z]+( [a-z]+){0,3} (gets|get|got|develops|spikes|runs|starts)|(?:(?<=^ ?)|(?<=\blets )|(?<=\blet s ))(say|suppose|supposing|imagine) (i|he|she|they|we|someone|my [a-z]+) (ever )?(got|get|had|have|has|was|were|developed)|when (should|do|would|does|must) (i|we|you|a carer|carers|someone|a patient|patients|people|my [a-z]+) (worry|be worried|call|ring|phone|seek help)( [a-z0-9]+){0,3} (about|if)|how (would|do|will|can|could) (i|we|you) (know|tell) if|if it (ever )?(happens|happened|does happen)|if (my|his|her) [a-z]+ (are|is|were|was) (low|high|down)|if (my|his|her|our) [a-z]+( [a-z]+){0,2} (drop|drops|fall|falls|go|goes|get|gets) (below|under|down to|less than|lower than))\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex SupposingRx();

    // "If she had a seizure, would she be able to call anyone?": a supposition, told by the "would" after it.
    [GeneratedRegex(@"\bif (i|he|she|they|we|you|someone|my [a-z]+|his [a-z]+|her [a-z]+) (had|were)\b[^|]{0,60}\b(would|could|should)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex CounterfactualRx();

    // What a leaflet, a label or an article says ("the pharmacy printout says call 911 for chest pain"), or a story in one,
    // up to the trigger.
    [GeneratedRegex(@"\b(leaflet|label|poster|printout|print out|insert|booklet|pamphlet|handout|blog|blog post|instagram post|facebook post|tweet|patient info|patient information|info sheet|information sheet|article|website|forum post|forum thread|forum member|study|studies|paper|book|warning|tiktok|youtube|podcast|memoir|novel|episode|documentary|tv show|tv drama|movie) ([a-z]+ ){0,4}(says|say|said|warns|warned|mentions|mentioned|lists|listed|describes|described|talks about|posted|wrote|has a (boxed )?warning|has a (page|section|list)|covered|featured|claimed|claiming)\b"
        // "Grey's Anatomy had a CML patient who had a stroke".
        + @"|\b(had|featured|showed|shows|has) a ([a-z]+ ){0,2}(patient|character) who\b"
        // "someone described her throat swelling up", "someone in a facebook group said she had a stroke": what another
        // wrote of; what staff said of the writer's own ("a member of staff said my dad had a stroke") is a report.
        + @"|\b(someone|somebody|a (woman|man|guy|lady|girl|member|user|poster)|people|others)( [a-z]+){0,4} (described|posted|wrote|mentioned|shared|talked about|(said|says)(?! (that )?(my|our|i|im|we|me|your|you)\b))\b"
        // "my friend says chest pain is a side effect": what someone holds of a sign, not what the writer has ("my friend
        // told me to call because i'm bleeding" is a report, and so is a bystander's "neighbour says he's passing black
        // stools" or "friend says her period is soaking a pad").
        + @"|\b(friend|mate|neighbour|neighbor|colleague|coworker|cousin) (says|said|reckons|thinks)(?! (that )?(my|our|i|im|we|me|your|you|he|hes|she|shes|his|her|they|theyre|their)\b)"
        // "heard on a podcast that a guy had seizures", "a hospital drama last night where …".
        + @"|\bheard (on|in|from|about) (a|an|the|some) ([a-z]+ ){0,2}(podcast|show|programme|program|radio|video|forum|group|news|documentary|story)\b"
        + @"|\b(drama|film|movie|documentary|episode|series|show|programme|program|podcast|video)( [a-z]+){1,3} (where|in which)\b"
        // "read a news article that a man overdosed", "prayed for a man who had a heart attack": someone else's story.
        + @"|\b(article|story|news story|report|news report|post|thread|piece|headline) (that|saying|which said)\b"
        + @"|\b(for|about|of|knew|know|met|meet) (a|an|one|this|some) (man|woman|guy|lady|person|patient|girl|boy|gentleman|bloke|fellow) who\b"
        // "saw a TV drama where someone coughed up blood", "an article about a man who collapsed": a story, not a report.
        + @"|\b(tv drama|tv show|tv series|drama|film|movie|documentary|episode|series|soap|article|story|news story|news report|book|novel|memoir|biography|post|tiktok|video|reel|clip|youtube video|programme|program|podcast|thread) (where|in which|about (a|an|someone|somebody|people|a man|a woman|a patient|patients|a guy|a girl|a boy|a child|a kid))\b"
        + @"|\bin (the|a|this|that) (book|novel|film|movie|show|tv show|series|drama|documentary|episode|soap)( [a-z]+){0,4} (a|the|one) (character|man|woman|guy|girl|boy|patient|hero|mum|dad)\b"
        // "on greys anatomy someones throat closed up", "my coworker says her cousin passed out": a show's or a third person's story.
        + @"|^ ?on (greys anatomy|tv|telly|the telly|the tv|youtube|tiktok|netflix|reddit|the news)\b"
        + @"|\b(coworker|co worker|colleague|workmate|friend|mate|neighbour|neighbor|boss|hairdresser) (says|said|told me) (that )?(her|his|their) (cousin|friend|mum|mom|dad|brother|sister|aunt|uncle|neighbour|neighbor|husband|wife|son|daughter)\b"
        // "the doctor asks about fainting before nilotinib": what a form or a doctor asks about.
        + @"|\b(doctor|doctors|dr|nurse|nurses|form|questionnaire|pharmacist|team|consultant|oncologist|haematologist|hematologist|specialist|gp|clinic) (asks|asked|ask|asking) ([a-z]+ ){0,2}about\b"
        // "a woman in my support group said her friend …", "there was a character on EastEnders who …": someone else's story.
        + @"|\b(a|one|this) (woman|man|lady|guy|bloke|member|person|girl|patient)( [a-z]+){0,4} (says|said|told me|told us) (that )?(her|his|their) "
        + @"|\bthere (was|is) (a|this|one) (character|storyline|plot|contestant)\b"
        // "my favourite Korean drama the hero gets a stroke", "watching Casualty, there was a man on tablets who …",
        // "a TV doc about priapism": a story or a programme, not a report.
        + @"|\b(drama|film|movie|documentary|episode|series|show|soap|programme|program|anatomy|casualty|holby|eastenders|emmerdale|corrie)( [a-z]+){0,2} (the|a) (hero|heroine|character|man|woman|patient|guy|girl|boy|lady)\b"
        + @"|\b(tv|telly) (doc|documentary|programme|program|show) (about|on)\b|\bthere (was|is) a (man|woman|guy|lady|patient|bloke|character)( [a-z]+){0,4} who\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex ReportedRx();

    // "in the documentary we watched, a man in blast crisis was coughing up blood": a clause that opens a story, and
    // the clause after it tells the story.
    [GeneratedRegex(@"^ ?(in|on) (the|a|this|that|one) ([a-z]+ ){0,2}(documentary|film|movie|show|series|drama|episode|soap|book|novel|podcast|video|news|programme|program)( [a-z]+){0,4} ?$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex StoryOpeningRx();

    // "watched greys anatomy, a guy vomited blood": something watched or read, then a stranger in the next clause.
    [GeneratedRegex(@"^ ?((i|we) )?(watched|watching|was watching|were watching|saw|seen|read|reading|was reading)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex WatchedRx();

    [GeneratedRegex(@"^ ?(a|one|some|this) (guy|man|woman|character|patient|lady|girl|boy|person|kid|bloke|chap)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex StrangerRx();

    // "What would chest pain from the heart feel like?", "what does a non-blanching rash look like?": what a sign is like,
    // asked before it happens.
    [GeneratedRegex(@"^ ?what (would|might|does|do) [^|]{0,60}\b(feel|look|be) like\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex WhatItIsLikeRx();

    // "Now" said of being well again ("he is home and well now"), or of the writer's worry ("and now i'm paranoid"),
    // tells of no one having the sign; nor does "nothing's happening".
    [GeneratedRegex(@"\b(i have(?! (not|never|no)\b)|i ve got|ive got|ive had|i ve had|im having|i am having|he has|she has|hes got|shes got|hes having|shes having|(?<!\b(none|not|nothing|no) )right now|(?<!\b(well|fine|ok|okay|better|great|good|home|recovered|normal) )now(?! (im |i am |i m |i feel )?(so |really |a bit |totally )?(paranoid|worried|scared|anxious|terrified|nervous|panicking|worrying|freaked|freaking))|today|tonight|this morning|this evening|(?<!\b(well|fine|ok|okay|stable|good|great|better) )at the moment|currently|since|(?<!\bever )started|keeps?|(?<!\b(nothing|nothings|not|isnt|nothing is) )happening)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex NowRx();

    // The head of a list of examples: "symptoms like fainting", "signs such as".
    [GeneratedRegex(@"\b(things|stuff|symptoms|signs|problems|issues|emergencies) (like|such as)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: SafetyTrigger.MatchTimeoutMilliseconds)]
    private static partial Regex ExamplesRx();

    /// <summary>
    /// Whether the match is an item of a list of examples ("things like fainting, bleeding, fever"): each item after the
    /// first stands in a clause of its own, a word or three long, back to the clause that opens the list.
    /// </summary>
    private static bool InListOfExamples(string prepared, int index, int length)
    {
        var clause = SafetyText.ClauseAround(prepared, index, length);
        var at = index;
        for (var items = 0; items < 8 && Words(clause) <= 3; items++)
        {
            var bar = prepared.LastIndexOf(SafetyText.Clause, at);
            if (bar <= 0) return false;
            at = bar - 1;
            clause = SafetyText.ClauseAround(prepared, at, 0);
            if (ExamplesRx().IsMatch(clause)) return true;
        }
        return false;
    }

    /// <summary>Whether the clause asks only what the matched words mean ("what are petechiae", "whats anaphylaxis exactly").</summary>
    private static bool AsksMeaning(string prepared, int index, int length)
    {
        var clause = SafetyText.ClauseAround(prepared, index, length);
        var start = index - SafetyText.ClauseStart(prepared, index);
        return WhatIsRx().IsMatch(clause[..start]) && DefinitionEndRx().IsMatch(clause[(start + length)..]);
    }

    private static bool OpensWithStory(string prepared, int index)
    {
        var start = SafetyText.ClauseStart(prepared, index);
        if (start < 2) return false;
        var opening = SafetyText.ClauseAround(prepared, start - 2, 0);
        return StoryOpeningRx().IsMatch(opening) || (WatchedRx().IsMatch(opening) && StrangerRx().IsMatch(SafetyText.ClauseAround(prepared, index, 0)));
    }

    private static int Words(ReadOnlySpan<char> clause)
    {
        var words = 0;
        for (var i = 0; i < clause.Length; i++)
            if (clause[i] != ' ' && (i == 0 || clause[i - 1] == ' ')) words++;
        return words;
    }

    /// <summary>
    /// True when the clause of <paramref name="prepared"/> (as <see cref="SafetyText.Prepare"/> writes it) that holds
    /// the match asks about people in general, and the message tells of no one having it now. A pattern that runs out
    /// of time throws: the screen tries once more and then keeps the sign.
    /// </summary>
    public static bool IsAsked(string prepared, int index, int length)
    {
        var clause = SafetyText.ClauseAround(prepared, index, length);
        // Up to the end of the trigger: "if my grandson ever got hold of my tablets" supposes inside the trigger itself.
        var before = SafetyText.ClauseUpTo(prepared, index, length);
        return (GeneralRx().IsMatch(clause) || WhatItIsLikeRx().IsMatch(clause) || HypotheticalRx().IsMatch(prepared) || SupposingRx().IsMatch(before) || CounterfactualRx().IsMatch(clause) || ReportedRx().IsMatch(before) || OpensWithStory(prepared, index) || InListOfExamples(prepared, index, length)
                || StudyingRx().IsMatch(prepared) || AsksMeaning(prepared, index, length))
            && !NowRx().IsMatch(prepared) && !HappeningNow.IsSaid(prepared);
    }
}
