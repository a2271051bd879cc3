"""Word lists and patterns the STAR analyzer matches; tuned on the "tune" split only.

Everything is lowercase and matched against a lowercased sentence. Phrases are regular
expressions so that "cut ... from $42k" and "went from 310 ms to 120 ms" fall out of
one pattern each; the analyzer in :mod:`mldrills.feedback.star` says how they combine.
"""

from __future__ import annotations

import re

_NUMBER_WORDS = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"a few|several|a couple of|\d+(?:\.\d+)?)"
)
_TIME_UNIT = (
    r"(?:hours?|days?|weeks?|months?|quarters?|years?|sprints?|half-year|"
    r"season|weekend|minutes?)"
)
MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|q[1-4])"
)

# An explicit label such as "Situation:" at the start of a sentence settles its part.
LABELS = {
    "situation": re.compile(r"^\s*(?:situation|context|background)\s*[:\-]"),
    "task": re.compile(r"^\s*(?:task|goal|objective)\s*[:\-]"),
    "action": re.compile(r"^\s*(?:actions?|what i did)\s*[:\-]"),
    "result": re.compile(r"^\s*(?:results?|outcome|impact)\s*[:\-]"),
}

# Each part: (pattern, weight). A sentence's score for a part is the sum of the weights
# of the patterns it matches.
CUES: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    "situation": tuple(
        (re.compile(p), w)
        for p, w in (
            (
                r"\b(?:at|in) (?:my|our|a|an) (?:last |previous |former |current )?"
                r"(?:company|job|role|team|start-up|startup|employer|client)\b",
                2.0,
            ),
            (r"\b(?:when i joined|early in my career|at the time|back then)\b", 1.5),
            (
                r"\b(?:we had|there was|there were|we were|our team|"
                r"our \w+ (?:was|were|ran|had|used))\b",
                1.0,
            ),
            (r"\b(?:used to|was a|were a|had no|had a|nobody owned|every)\b", 0.7),
            (
                r"\b(?:company|customers?|users?|clients?|team|fleet|platform|service|system|"
                r"product|business|marketplace|pipeline)\b",
                0.5,
            ),
            (r"\b(?:was|were|had|ran|used|served|kept|started)\b", 0.5),
            (r"\bhad (?:just |already |never |recently )?\w+(?:ed|en|wn|ght|t)\b", 0.5),
        )
    ),
    "task": tuple(
        (re.compile(p), w)
        for p, w in (
            (
                r"\b(?:my|the|our) (?:goal|task|job|responsibility|role|mandate|objective|aim)\b",
                2.5,
            ),
            (
                r"\b(?:i was|i am|i'm) (?:responsible|asked|tasked|the owner|in charge|on call)\b",
                2.5,
            ),
            (
                r"\b(?:asked (?:me|us) to|i needed to|i had to|we needed to|i wanted|was given|"
                r"to make sure|i owned|was mine to|took it on|picked it up|"
                r"(?:we|i) (?:were|was) asked|had to (?:choose|decide|deliver|ship|fix|get|make|"
                r"find|cut|reduce|bring)|i was (?:the|leading)(?: \w+)? (?:on-call|owner|lead|only|"
                r"migration|engineer)|the owner of|in charge of)\b",
                1.8,
            ),
            (r"\b(?:target|deadline|before the|in time for|budget)\b", 0.6),
        )
    ),
    "action": tuple(
        (re.compile(p), w)
        for p, w in (
            (
                r"\b(?:i|we)(?: then| first| also| quickly| personally)? (?:\w+ed|built|wrote|"
                r"ran|set|took|made|led|chose|sat|spent|told|moved|found|dug|cut|split|"
                r"rolled|put|began|brought|drove|kept|shipped|paired|sought|did|went|"
                r"gave|met|asked|pushed|proposed|decided|traced|disagreed|committed|rewrote|"
                r"drew|thought|taught|bought|sent|spoke|read|got|held|saw|became|fed|won|"
                r"redesigned|reused|restored|recomputed|reverted|argued|benchmarked|analysed|"
                r"analyzed|introduced|distilled|automated|negotiated|recommended|removed|"
                r"replaced|rebuilt|reproduced|wrote)\b",
                1.5,
            ),
            (r"\b(?:then|next|after that|so i|so we|to do that|first,)\b", 0.5),
            (r"\bthe team (?:\w+ed|put|built|wrote|made|ran|set)\b", 1.0),
        )
    ),
    "result": tuple(
        (re.compile(p), w)
        for p, w in (
            (
                r"\b(?:as a result|in the end|the result|the outcome|which meant|ended up|"
                r"since then|afterwards|a year later)\b",
                2.0,
            ),
            (
                r"\b(?:fell|dropped|rose|grew|increased|decreased|improved|halved|doubled|"
                r"tripled|went (?:up|down|back|from)|came down|climbed|saved|saving|lift|"
                r"got better|reduced|cut|lowered|raised|shortened|shrank|declined|boosted|"
                r"gained|recovered|reached|went live|is live|was live|rolled out|approved|"
                r"signed off|delivered|completed|landed|succeeded|avoided|prevented|"
                r"eliminated|no longer|is still|still running|now (?:runs?|takes?|is|are|has)|"
                r"we now|today|have not|has not|never needed|went fine|went well|"
                r"confirmed|turned out|actually|shipped on|on the original date)\b",
                1.3,
            ),
            (
                r"\b(?:we met|i met|met the|hit the|launched|adopted|now take|now use|"
                r"was confirmed|relaunch|no drop|no difference|never reached|stopped us|"
                r"were migrated|no missed|caught|beat|exceeded|achieved)\b",
                1.3,
            ),
            (r"\d[\d,.]*\s?\S* (?:more|fewer|less|higher|lower|faster|slower|cheaper)\b", 1.3),
            (
                r"\bfrom [$€£]?\d[\d,.]*\S* (?:\S+ ){0,4}?to "
                r"(?:about |under |below |roughly )?[$€£]?\d",
                2.0,
            ),
        )
    ),
}

# A number with a unit: currency, percent, time, size, rate, counts of people or things.
QUANTITY = re.compile(
    r"(?:[$€£]\s?\d[\d,.]*\s?[km]?\b"
    r"|\b\d[\d,.]*\s?(?:%|percent|pp\b|points?\b|x\b|times\b|ms\b|milliseconds?|"
    r"s\b|seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|"
    r"gb\b|tb\b|mb\b|gib\b|k\b|usd|eur|dollars|users?|customers?|requests|queries|"
    r"qps|jobs?|engineer-\w+|people|incidents?|rollbacks?|tickets|orders|releases)"
    r"|\b(?:auc|ndcg(?:@\d+)?|f1|recall(?:@\d+)?|precision|accuracy|error|ece|"
    r"wer|word error rate|ctr|calibration error)\b[^.]{0,40}?\b\d?\.\d+"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve) "
    r"(?:months?|weeks?|days?|hours?|engineers?) of (?:work|effort)"
    r"|\bfrom (?:about |roughly )?(?:a|an|one|two|three|four|five|six) "
    r"(?:hours?|days?|weeks?|months?)\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"half a|a third of|a quarter of|a tenth of|a fifth of) (?:\w+ )?(?:months?|weeks?|"
    r"days?|hours?|minutes?|points?|the cost|the time|countries|teams|models)\b"
    r"|\b\d[\d,.]*\s?[a-z]+s\b"
    r"|\bfrom (?:one|two|three|four|five|six|seven|eight|nine|ten) [^.]{0,30}? to "
    r"(?:one|two|three|four|five|zero|\d))"
)

BASELINE_AFTER = re.compile(
    r"(?:\bfrom (?:about |roughly |around |over |under )?[$€£]?(?:\d|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|a week)[^;]{0,40}?\bto (?:about |roughly |around |under |"
    r"below |over |just )?[$€£]?(?:\d|one|two|three|four|five|zero|a day|a week)"
    r"|\b(?:up|down) from (?:about |roughly )?[$€£]?\d"
    r"|\b(?:\d[\d,.]*|one|two|three|four|five|six|half a|a) \w+ instead of (?:a |an )?"
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|week|day|month|year|hour)"
    r"|\bfrom (?:a third|a quarter|half|a fifth|a tenth|none|nothing) to\b"
    r"|\b\d[\d,.]*\s?\S*\s?(?:->|→)\s?\d"
    r"|\bcompared with [$€£]?\d[^.]{0,30}? (?:before|previously|the baseline)"
    r"|\b(?:was|were) [$€£]?\d[\d,.]*[^.]{0,40}\b(?:now|is now|are now) [$€£]?\d)"
)

TIMEFRAME = re.compile(
    r"(?:\b(?:within|in|over|after|for|during|across|inside) (?:the |a |an )?"
    r"(?:next |following |first |last |same |whole |past )?(?:" + _NUMBER_WORDS + r" )?"
    r"(?:\w+ )?" + _TIME_UNIT + r"\b"
    r"|\b\d+-(?:day|week|month|quarter|year)\b"
    r"|\b(?:one|two|three|four|five|six|ten|twelve|a|an)-(?:day|week|month|quarter|year)\b"
    r"|\bby the end of\b|\bby " + MONTHS + r"\b|\bin " + MONTHS + r"\b"
    r"|\b(?:a|one|two|three|six) (?:days?|weeks?|months?|years?|quarters?) later\b"
    r"|\bbefore the (?:spring|summer|autumn|fall|winter|end|deadline|launch|release)\b"
    r"|\bmet the deadline\b|\bon time\b|\bahead of schedule\b|\bon the original date\b"
    r"|\bon day \w+\b|\b(?:rest|end) of the (?:quarter|year|half|month|season)\b"
    r"|\b" + _NUMBER_WORDS + r" " + _TIME_UNIT + r" (?:now|later|ago|on)\b)"
)

# A concession or a price paid: the words people use when they name what they gave up.
TRADEOFF = re.compile(
    r"\b(?:trade-?offs?|trade off|traded|at the (?:cost|expense) of|the cost was|"
    r"the price (?:of|was)|in exchange|in return|rather than|gave up|give up|giving up|"
    r"sacrific\w*|even though|although|cut (?:the |some )?\S* ?(?:scope|part)|"
    r"chose (?:\w+ ){1,4}(?:over|because|even though)|which i negotiated|"
    r"accept(?:ed|ing)? (?:as|the|a|an|slightly|some|lower|higher|longer|more|less)\b|"
    r"smaller (?:feature set|model) than|kept the old|downside|the catch|but not both|"
    r"one of the two|deferred|postponed|delay(?:ed|ing)?|wait(?:ed)? (?:a|another|one|two)|"
    r"skipp(?:ed|ing) (?:the|some|a)|signed off|worth it|was worth|worse for|"
    r"costs? (?:slightly |a bit |a little |much )?more|cost more than|"
    r"favou?r(?:ed|ing|s)? (?:\w+ ){0,2}(?:over|because|at)|"
    r"prioriti[sz](?:ed|ing|e) (?:\w+ ){1,3}over|"
    r"at a (?:fraction|tenth|third|quarter|half) of the cost|"
    r"but (?:it |that |this )?(?:kept|meant|cost|made|saved|slowed|added))\b"
)

# Something that went wrong; a negated mention ("without an incident") does not count.
FAILURE = re.compile(
    r"\b(?<!no )(?<!without an )(?<!without a )(?<!without any )(?:mistakes?|failed|fails?|"
    r"failure|went wrong|broke|broken|outage|incident|missed|far too many|i was wrong|"
    r"we were wrong|bugs?|drifted|drift started|dropped by|timing out|timed out|ran out|"
    r"did not go as planned|didn't go as planned|rolled back|roll back|rollback to|"
    r"(?<!logistic )(?<!linear )regressions?|noticed before i did|false result|"
    r"underestimated|overlooked|misjudged|forgot|forgotten|complained|complaints|silently|"
    r"not the story|we would not make|off by|crash(?:ed|es)?|(?:my|an) error|slipped|"
    r"leak(?:ed|s)?|rejected|(?:were|was|ran) late|arrived late|hallucinat\w*|invented|"
    r"went stale|ignored|lost|too low|overran|over-predicted|under-predicted|empty lists|"
    r"garbled|corrupted|degraded|(?:accuracy|quality|conversion|performance) (?:dropped|fell)|"
    r"kept disagreeing|did not work|didn't work|wrong)\b"
)

LESSON = re.compile(
    r"\b(?:learn(?:ed|t) (?:that|to|how|from|the)|lessons?|taught me|i now|now i|"
    r"since then i|next time|in hindsight|looking back|would have (?:\w+ )?(?:done|involved|"
    r"asked|started|built|tested)|would do (?:it )?differently|what i took from|"
    r"now always|now use|the takeaway|i realised that|i realized that|i now budget|"
    r"so that nobody repeats|takeaway|in retrospect|should have|i would now|i'd now|"
    r"from now on|i have since|i've since|taught us)\b"
)

FIRST_SINGULAR = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|myself)\b")
FIRST_PLURAL = re.compile(r"\b(?:we|we're|we've|we'd|we'll|us|ourselves)\b")
