"""Event type and subtype of an article from weighted lexicons over lemmas.

Types follow ACLED's typology for political violence plus natural_disaster, accident, epidemic,
crime and other. Each cue adds its weight to a type (title cues count double); the best-scoring
type wins, `other` when nothing fires. Subtypes come from the cue that fired most for the winner.
"""

from __future__ import annotations

import re
from collections import defaultdict

TYPES = (
    "battle", "explosion_remote_violence", "violence_against_civilians", "protest", "riot",
    "strategic_development", "natural_disaster", "accident", "epidemic", "crime", "other",
)  # fmt: skip

# (regex over lower-cased text, type, weight, subtype or None)
_CUES: list[tuple[str, str, float, str | None]] = [
    # battle
    (r"\bclash(?:ed|es|ing)?\b", "battle", 3.0, "armed_clash"),
    (
        r"\b(?:armed )?(?:fight|fighting|fought|firefight|gunfight|gun battle|exchange of fire|exchanged fire)\b",
        "battle",
        1.5,
        "armed_clash",
    ),
    (r"\bbattles?\b", "battle", 1.5, "armed_clash"),
    # territory taken or cleared by armed forces
    (
        r"\b(?:captur(?:ed|ing)|seiz(?:ed|ing)|freed|liberat(?:ed|ing)|establish(?:ed|ing) control over) "
        r"(?:\w+ ){0,3}(?:neighbou?rhoods?|villages?|towns?|city|cities|areas?|hills?|districts?|territory|"
        r"capital)\b",
        "battle",
        2.0,
        "territory_taken",
    ),
    # an attack that is stopped or pushed back met armed resistance
    (
        r"\b(?:incursions?|thwart(?:ed|ing|s)?|repel(?:led|ling|s)?|fended off)\b",
        "battle",
        2.0,
        "armed_clash",
    ),
    (
        r"\b(?:regain(?:ed|s)?|recaptur(?:e|ed|es)|retook|retake)\b",
        "battle",
        2.0,
        "government_regains_territory",
    ),
    (
        r"\b(?:overran|overrun|captured the|seized control|took control|taken control)\b",
        "battle",
        1.5,
        "non_state_actor_overtakes_territory",
    ),
    (r"\b(?:ambush(?:ed)?|offensive|skirmish(?:es)?|engaged)\b", "battle", 1.0, "armed_clash"),
    (
        r"\b(?:military|army|troops|forces|soldiers)\b.{0,60}\b(?:militants|rebels|insurgents|al-shabaab|taliban|"
        r"boko haram|isis|isil|islamic state|fighters)\b",
        "battle",
        0.7,
        "armed_clash",
    ),
    (
        r"\b(?:positions?|check ?points?|outposts?|military posts?|repuls(?:ed|ing)|small arms|machine ?guns?|"
        r"exchanged fire|counter-?attack(?:ed)?)\b",
        "battle",
        1.5,
        "armed_clash",
    ),
    (
        r"\battack(?:ed|s)? (?:on )?(?:an? |the |their )?(?:\w+ ){0,2}(?:positions?|check ?points?|posts?|bases?|"
        r"convoys?|patrols?|barracks|troops|soldiers|forces)\b",
        "battle",
        2.0,
        "armed_clash",
    ),
    (
        r"\b(?:militants?|rebels?|insurgents?|fighters)\b.{0,40}\b(?:killed|wounded|dead)\b",
        "battle",
        1.0,
        "armed_clash",
    ),
    (
        r"\b(?:shoot-?outs?|exchang(?:ed|ing) (?:of )?fire|ambushed|thwarted an attack|"
        r"attacked [\w\s]{0,30}(?:army|units|forces|police|troops))\b",
        "battle",
        2.0,
        "armed_clash",
    ),
    (r"\b(?:small arms|light weapons)\b", "battle", 3.0, "armed_clash"),
    # fire going both ways is a clash whatever the weapons: two organised sides are present
    (
        r"\b(?:in both directions|both sides|the two sides|(?:traded|returned) fire|shot back|fired back|"
        r"respond(?:ed|ing) (?:with "
        r"(?:gun)?fire|to (?:the |an |their )?(?:[\w-]+ ){0,2}(?:shelling|attack|fire|assault)))\b",
        "battle",
        2.5,
        "armed_clash",
    ),
    # armed victims mean the attacked side could fight back (ACLED: clash), unarmed ones do not
    (
        r"\b(?:soldiers?|troops|militiam[ae]n|militia members?|policem[ae]n|police officers?|officers|"
        r"guards?|"
        r"fighters|gendarmes?|servicem[ae]n|combatants|militants|rebels|insurgents)\b (?:\w+ ){0,2}"
        r"(?:were|was|have been|had been) (?:\w+ )?(?:killed|wounded|injured|shot|attacked|ambushed)|"
        r"\b(?:killing|killed|wounding|injuring|attacked|ambushed|shot at) "
        r"(?:\w+ ){0,3}(?:soldiers?|troops|militiam[ae]n|policem[ae]n|police officers?|officers|guards?|"
        r"fighters|"
        r"gendarmes?|militants|rebels|insurgents)\b",
        "battle",
        2.0,
        "armed_clash",
    ),
    # remote violence
    (
        r"\b(?:air ?strikes?|air force|airstrikes?|air raids?|drone strikes?|drones?|warplanes?|bombard(?:ed|ment))\b",
        "explosion_remote_violence",
        2.5,
        "air_drone_strike",
    ),
    (
        r"\b(?:shell(?:ed|ing|s)?|artillery|mortars?|rockets?|missiles?|bombard)\b",
        "explosion_remote_violence",
        2.0,
        "shelling_artillery_missile_attack",
    ),
    (
        r"\bsuicide (?:bomb(?:er|ing)?s?|attack|vest|car bomb)\b",
        "explosion_remote_violence",
        3.0,
        "suicide_bomb",
    ),
    (
        r"\b(?:ieds?|improvised explosive|landmines?|land mines?|roadside bombs?|explosive devices?|car bombs?|"
        r"bomb(?:s|ing|ed)?|detonat(?:ed|ing|ion|ions)|exploded|explosions?|blasts?)\b",
        "explosion_remote_violence",
        2.0,
        "remote_explosive_landmine_ied",
    ),
    (r"\bgrenades?\b", "explosion_remote_violence", 2.0, "grenade"),
    # crew-served heavy weapons strike from a distance: ACLED codes their fire as shelling, not a clash
    (
        r"\b(?:heavy (?:weapons?|machine ?guns?|artillery)|grenade launchers?|rpgs?|recoilless|"
        r"anti-aircraft guns?|"
        r"artillery fire|medium weapons)\b",
        "explosion_remote_violence",
        2.5,
        "shelling_artillery_missile_attack",
    ),
    (
        r"\b(?:chemical (?:weapons?|attacks?)|poison(?:ous)? gas|(?:sulfur |sulphur )?mustard (?:gas|agent)|"
        r"toxic gas attack|nerve agents?|sarin|"
        r"chlorine (?:gas|attacks?|bombs?))\b",
        "explosion_remote_violence",
        3.0,
        "chemical_weapon",
    ),
    # violence against civilians
    (
        r"\b(?:abduct(?:ed|s|ion)?|kidnap(?:ped|ping|s)?|disappeared|hostages?)\b",
        "violence_against_civilians",
        2.5,
        "abduction_forced_disappearance",
    ),
    (
        r"\b(?:rap(?:e|ed)|sexual(?:ly)? (?:violence|assault(?:ed)?|abuse))\b",
        "violence_against_civilians",
        2.5,
        "sexual_violence",
    ),
    (
        r"\b(?:civilians?|villagers?|residents?|farmers?|herders?|a man|a woman|a boy|a girl|a child|children)\b",
        "violence_against_civilians",
        0.8,
        "attack",
    ),
    (
        r"\b(?:massacre[ds]?|execut(?:ed|ion)|tortur(?:e|ed)|beheaded|lynched|assassinat(?:ed|ion)|hacked|"
        r"shot dead|killed a|attacked (?:a|and)|beat(?:en)? to death|assault(?:ed|ing)|whipp(?:ed|ing)|"
        r"flogg(?:ed|ing))\b",
        "violence_against_civilians",
        1.5,
        "attack",
    ),
    (
        r"\b(?:gunmen|unidentified (?:armed )?(?:men|assailants|gunmen)|militia(?:men)?|bandits|armed men)\b",
        "violence_against_civilians",
        1.0,
        "attack",
    ),
    (
        r"\b(?:armed men|perpetrators|unidentified|unknown (?:gunmen|assailants|armed)|assailants)\b",
        "violence_against_civilians",
        2.0,
        "attack",
    ),
    (r"\b(?:civilians?)\b", "violence_against_civilians", 1.0, "attack"),
    (
        r"\b(?:found dead|bod(?:y|ies) (?:of|was|were)|beheaded|hands tied|killing (?:one|two|a|\d+)|"
        r"killed (?:one|two|three|a|\d+) (?:residents?|civilians?|villagers?|people|persons?|men|man|women|woman))",
        "violence_against_civilians",
        1.5,
        "attack",
    ),
    # protest
    (
        r"\b(?:protest(?:ed|ers|ors|s|ing)?|demonstrat(?:ed|ion|ions|ors|ing)|rall(?:y|ied|ies)|"
        r"(?<!\d )march(?:ed|es)?(?! \d)|"
        r"sit-in|picket(?:ed)?|petition|motorcade|demanding|demanded|demand)\b",
        "protest",
        3.0,
        "peaceful_protest",
    ),
    (r"\b(?:strike|went on strike|walkout|boycott)\b", "protest", 1.0, "peaceful_protest"),
    (r"\b(?:tear ?gas|dispersed|rubber bullets|water cannon)\b", "protest", 1.0, "protest_with_intervention"),
    # demonstrators described as peaceful stay protesters whatever force is used against them
    (
        r"\b(?:peaceful(?:ly)?|non-?violent|unarmed) (?:\w+ ){0,2}(?:protest\w*|demonstrat\w*|march\w*|"
        r"rall\w*|"
        r"sit-ins?|human chains?|gatherings?)|\bhuman chains?\b|\bbaton[- ]charg\w*",
        "protest",
        3.0,
        "protest_with_intervention",
    ),
    # riot
    (r"\b(?:riot(?:s|ed|ers|ing)?|rioters)\b", "riot", 5.0, "violent_demonstration"),
    (r"\bclash(?:ed|es)? with (?:the )?(?:police|security forces)\b", "riot", 3.5, "violent_demonstration"),
    (
        r"\bblock(?:ed|ing) (?:the |major )?(?:roads?|highways?|railways?|thoroughfares|streets)\b",
        "riot",
        1.5,
        "violent_demonstration",
    ),
    (r"\b(?:mob|lynch(?:ed|ing)?|vigilantes?)\b", "riot", 2.5, "mob_violence"),
    (
        r"\b(?:threw stones|stone[- ]?pelting|pelted|torched|set (?:ablaze|fire)|burn(?:ed|t|ing) tyres|vandali[sz]ed|"
        r"clashed with police|violent (?:protest|demonstration)|smash(?:ed|ing) (?:\w+ )?windows|violently|"
        r"marred by violence|outbreaks? of violence|unrest|pelted stones|stones at|"
        r"blocked roads with burning|"
        r"burning (?:objects|tyres|tires))\b",
        "riot",
        2.5,
        "violent_demonstration",
    ),
    # crowd violence: what turns a demonstration into a riot is the demonstrators' own violence
    (
        r"\b(?:thr(?:ew|own|owing)|hurl(?:ed|ing)?|pelt(?:ed|ing)?)\b[\w\s,-]{0,30}\b(?:stones?|rocks?|"
        r"bricks?|bottles?|"
        r"objects|projectiles|missiles|petrol bombs?|molotov)|\b(?:stones?|rocks?|bricks?|bottles?|objects|"
        r"projectiles)"
        r" (?:were |was |had been )?(?:thrown|hurled)|\b(?:stone|rock)-?(?:throwing|pelting)\b",
        "riot",
        3.0,
        "violent_demonstration",
    ),
    (
        r"\b(?:turned violent|became violent|violent (?:protests?|demonstrat\w+|crowds?)|burn(?:ed|t|ing)? "
        r"(?:rubber )?(?:tyres|tires)|barricad(?:e|ed|es|ing)|vandali[sz](?:ed|ing|m)|ransack(?:ed|ing))\b",
        "riot",
        3.0,
        "violent_demonstration",
    ),
    (
        r"\bclash\w*\b.{0,40}\b(?:protesters|demonstrators|rioters|riot police)\b|"
        r"\b(?:protesters|demonstrators)\b.{0,40}\bclash\w*",
        "riot",
        2.5,
        "violent_demonstration",
    ),
    (
        r"\b(?:two|rival|opposing) (?:groups|factions|communities|clans|camps)\b|\bcommunal (?:clash\w*|"
        r"violence)\b",
        "riot",
        2.0,
        "mob_violence",
    ),
    # strategic development
    (
        r"\b(?:defect(?:ed|ion|ions|ors)?|pull(?:ed|s|ing)? back|withdr(?:ew|awn|aw|awal)|retreat(?:ed|ing)?|"
        r"reinforcements?|patrols?|redeploy(?:ed|ment|ing)?|stationed|mobili[sz](?:ed|ing|ation)|(?:ended|"
        r"cut) (?:its|their) (?:affiliation|ties)|"
        r"joined (?:forces|the ranks)|merged)\b",
        "strategic_development",
        2.0,
        "change_to_group_activity",
    ),
    (
        r"\b(?:(?:without|no|not|never) (?:\w+ ){0,2}(?:resistance|a fight|fighting)|unopposed|handover|"
        r"peacefully (?:took|handed))\b",
        "strategic_development",
        3.0,
        "non_violent_transfer_of_territory",
    ),
    (
        r"\b(?:evacuation (?:deal|agreement)|(?:exchange|swap|release)s? (?:\w+ )?of (?:prisoners|detainees|"
        r"captives|"
        r"bodies)|prisoners? (?:exchange|swap)|prisoners of war)\b",
        "strategic_development",
        3.0,
        "agreement",
    ),
    (
        r"\b(?:intercept(?:ed|s)?|seiz(?:ed|ure) (?:of )?[\w\s-]{0,30}(?:guns|weapons|arms|rifles|explosives|"
        r"ammunition)|defus(?:ed|ing)|dismantl(?:ed|ing))\b",
        "strategic_development",
        2.5,
        "disrupted_weapons_use",
    ),
    (
        r"\b(?:curfew|state of emergency|(?:declared|imposed|announced|ordered|enforc\w+|extended) (?:an? |"
        r"the )?"
        r"(?:\w+ ){0,2}(?:lockdown|ban|restrictions?|measures))\b",
        "strategic_development",
        2.5,
        "other",
    ),
    (
        r"\b(?:arson|destruction of (?:\w+ ){0,2}propert(?:y|ies)|(?:shops?|houses?|homes?|property|"
        r"properties|stores?) "
        r"(?:\w+ ){0,2}(?:were|was|have been|had been) (?:burned|burnt|torched|looted|destroyed|razed))\b",
        "strategic_development",
        2.5,
        "looting_property_destruction",
    ),
    (
        r"\b(?:arrest(?:ed|s)?|detain(?:ed|s)?|apprehended|custody|raided|raid)\b",
        "strategic_development",
        1.5,
        "arrests",
    ),
    (
        r"\b(?:agreement|ceasefire|cease-fire|truce|peace (?:deal|talks|accord)|signed|negotiat(?:ion|ions|ed))\b",
        "strategic_development",
        2.0,
        "agreement",
    ),
    (
        r"\b(?:defused|disarmed|seized (?:weapons|arms|ammunition)|weapons cache|arms cache|surrender(?:ed)?|"
        r"recruit(?:ed|ment)|headquarters|base|established|deployed|looted|looting|destroyed|burned down|"
        r"set up|ammunitions?|caches?|confiscated|discovered|seized|fled|displaced|explosives)\b",
        "strategic_development",
        1.5,
        "other",
    ),
    (
        r"\b(?:released|freed|handed over|withdrew|withdrawal|took over)\b",
        "strategic_development",
        1.0,
        "other",
    ),
    # natural disasters
    (r"\b(?:earthquakes?|quake|tremors?|magnitude|seismic)\b", "natural_disaster", 3.0, "earthquake"),
    (
        r"\b(?:flood(?:s|ed|ing|waters)?|flash flood|inundat(?:ed|ion)|heavy rain(?:s|fall)?|downpours?|"
        r"monsoon)\b",
        "natural_disaster",
        2.5,
        "flood",
    ),
    (r"\b(?:tornado(?:es)?|twister|funnel cloud)\b", "natural_disaster", 3.0, "tornado"),
    (
        r"\b(?:snow(?:fall|storm)?|blizzard|ice storm|freezing rain|sleet|icy roads|winter storm|wind ?chill|"
        r"extreme cold|frostbite|hypothermia|cold weather)\b",
        "natural_disaster",
        2.5,
        "winter_storm",
    ),
    (r"\b(?:wild ?fires?|bush ?fires?|forest fires?|brush fire)\b", "natural_disaster", 3.0, "wildfire"),
    (
        r"\b(?:hurricanes?|typhoons?|cyclones?|tropical storm|storm surge)\b",
        "natural_disaster",
        3.0,
        "tropical_storm",
    ),
    (
        r"\b(?:thunderstorms?|storms?|gusts?|high winds?|strong winds?|hail|lightning|rip current|surf|"
        r"mph|knots)\b",
        "natural_disaster",
        1.5,
        "thunderstorm_wind",
    ),
    (
        r"\b(?:avalanches?|landslides?|mudslides?|drought|heat ?wave|tsunami|volcan(?:o|ic)|eruption)\b",
        "natural_disaster",
        3.0,
        "other",
    ),
    (
        r"\b(?:national weather service|nws|emergency management|trees? (?:down|were down|blown)|"
        r"power lines?|"
        r"trees? (?:fell|toppled|uprooted)|(?:blown|blew) (?:over|down)|dense fog|visibility|whiteout|"
        r"crest(?:ed|s)?|"
        r"swift ?water|slick|slippery)\b",
        "natural_disaster",
        1.5,
        "other",
    ),
    (
        r"\b(?:cold|temperatures?|inches|winds?|tides?|water levels?|exposure|weather|heat|rainfall|snowpack|"
        r"river|creek|gauge|freezing|ice|icy|frozen)\b",
        "natural_disaster",
        1.5,
        "other",
    ),
    # accidents
    (
        r"\b(?:crash(?:ed|es)?|collision|collided|derail(?:ed|ment)|capsiz(?:ed|e)|sank|overturned|plunged|"
        r"accident(?:s|al|ally)?|mishap)\b",
        "accident",
        2.5,
        "transport",
    ),
    (
        r"\b(?:plane|aircraft|helicopter|train|bus|ferry|boat|truck|vehicle|car)\b",
        "accident",
        0.5,
        "transport",
    ),
    (
        r"\b(?:collapsed?|collapse of|gas (?:leak|explosion)|industrial|factory fire|building fire|house fire|"
        r"blaze|fire broke out|caught fire|electrocuted|stampede)\b",
        "accident",
        2.0,
        "industrial",
    ),
    # equipment blowing up or leaking is an industrial accident, not an attack
    (
        r"\b(?:plant|factory|refinery|pipeline|tank|tanker|container|cylinder|boiler|warehouse|mine|"
        r"reactor)s? "
        r"(?:\w+ )?(?:explod(?:ed|es)|blew up|explosion|leak(?:ed|s|ing)?|caught fire|burst)|\b(?:gas|"
        r"chemical|oil|"
        r"oxygen|ammonia|chlorine) (?:leaks?|spills?)\b|\b(?:food|alcohol|carbon monoxide) poisoning|"
        r"\bcontaminated\b",
        "accident",
        2.0,
        "industrial",
    ),
    # epidemic
    (
        r"\b(?:covid(?:-19)?|coronavirus|pandemic|virus|quarantine|lockdown|vaccin(?:e|ation)s?)\b",
        "epidemic",
        0.8,
        "disease_outbreak",
    ),
    (
        r"\b(?:epidemic|outbreak|cholera|ebola|measles|malaria|dengue|infections?|infected|tested positive|"
        r"death toll from|died of)\b",
        "epidemic",
        2.0,
        "disease_outbreak",
    ),
    (r"\b(?:new cases|confirmed cases|positive cases)\b", "epidemic", 2.5, "disease_outbreak"),
    # crime
    (r"\b(?:shooting|shot|gunshot|gunfire|gunman|shooter|opened fire)\b", "crime", 1.5, "shooting"),
    (
        r"\b(?:murder(?:ed|s)?|homicide|stabb(?:ed|ing)|robbery|robbed|burglary|carjack(?:ing|ed)|"
        r"armed robbery|gang|drug(?:s)?|suspect|smuggl(?:e|ed|ers?|ing)|counterfeit|sheriff|police said|"
        r"charged with|investigat(?:ors|ion)|"
        r"detectives?)\b",
        "crime",
        1.5,
        "homicide",
    ),
    # other: diplomacy, claims, politics
    (
        r"\b(?:claimed responsibility|claim(?:ed)? of responsibility|blamed|accused|condemned|denied)\b",
        "other",
        1.5,
        "attribution",
    ),
    (
        r"\b(?:minister|president|diplomat(?:ic|s)?|embassy|summit|talks|visit(?:ed)?|met with|election|"
        r"parliament|sanctions?)\b",
        "other",
        0.7,
        "diplomacy",
    ),
]
_COMPILED = [(re.compile(p), t, w, s) for p, t, w, s in _CUES]

# Type evidence that only counts as violence when someone wields it: "military" nudges towards
# political violence and away from crime.
_CONFLICT = re.compile(
    r"\b(?:military|army|troops|soldiers|militants?|rebels?|insurgents?|jihadists?|al-shabaab|taliban|boko haram|"
    r"isis|isil|islamic state|militia|armed forces|security forces|sdf|ypg|pkk|houthis?|jnim|iswap|fighters|"
    r"armed (?:men|individuals|group|assailants)|perpetrators?|gunmen)\b"
)


_RIOT_SHARE = 0.6
_SD_DAMP = 0.5

_VIOLENCE = re.compile(
    r"\b(?:killed|killing|injured|injuring|wounded|wounding|dead|died|fatalit(?:y|ies)|casualt(?:y|ies)|"
    r"attack(?:ed|s|ing)?|shot|gunfire|shoot-?out|fighting|clash(?:ed|es)?|beat(?:en)?|stabbed|"
    r"exchange of fire)\b"
)

_EPIDEMIC_BACKDROP = re.compile(
    r"\b(?:amid(?:st)?|during|due to|because of|against|curb|over|in response to|"
    r"as part of)\b (?:[\w-]+ ){0,5}"
    r"(?:coronavirus|covid(?:-19)?|pandemic|outbreak|lockdown|epidemic|virus)\b"
)
_DISRUPTED = re.compile(
    r"\b(?:defus(?:ed|ing)|demin(?:ed|ing)|(?:clear(?:ed|ing)|remov(?:ed|ing)|destroy(?:ed|"
    r"ing)) (?:\w+ ){0,3}(?:landmines|mines|"
    r"ieds|explosives|caches)|caches? of (?:\w+ ){0,2}(?:weapons|arms|explosives|ammunition)|"
    r"air defen[cs]es?|"
    r"intercept(?:ed|ing)? (?:\w+ ){0,2}(?:missiles?|rockets?|drones?|shipments?|weapons|arms))\b"
)


def classify(
    text: str, title: str | None = None, limit: int = 3000
) -> tuple[str, str | None, dict[str, float]]:
    """(event_type, event_subtype, scores) for one article; scores are normalised to sum to 1."""
    scores: dict[str, float] = defaultdict(float)
    sub_scores: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    parts = [((title or "").lower(), 2.0), (text[:limit].lower(), 1.0)]
    conflict = 0
    for chunk, factor in parts:
        if not chunk:
            continue
        conflict += len(_CONFLICT.findall(chunk))
        for rx, typ, weight, sub in _COMPILED:
            hits = len(rx.findall(chunk))
            if hits:
                # diminishing returns: a long article repeating one word should not swamp the rest
                gain = weight * factor * (1 + 0.5 * min(hits - 1, 4))
                scores[typ] += gain
                if sub:
                    # the most specific cue names the subtype: weight first, then how much it fired
                    sub_scores[typ][sub] = max(sub_scores[typ][sub], weight * 100 + gain)
    if conflict:
        scores["crime"] *= 0.4
        scores["accident"] *= 0.6
    else:
        for typ in ("battle", "violence_against_civilians", "explosion_remote_violence"):
            scores[typ] *= 0.6
    if _EPIDEMIC_BACKDROP.search(parts[1][0]) and any(
        scores[t] >= 2.0 for t in TYPES if t not in ("epidemic", "other", "natural_disaster")
    ):
        # "amid the lockdown", "due to the pandemic": the outbreak is the setting of another event
        scores["epidemic"] *= 0.4
    if _DISRUPTED.search(parts[1][0]) or _DISRUPTED.search(parts[0][0]):
        # bombs, mines and missiles that are defused, cleared or intercepted name the weapon, not an attack
        scores["explosion_remote_violence"] *= 0.5
        scores["strategic_development"] += 2.0
        sub_scores["strategic_development"]["disrupted_weapons_use"] += 1000.0
    if _VIOLENCE.search(parts[1][0]) or _VIOLENCE.search(parts[0][0]):
        # strategic developments are by definition non-violent: once people are hurt or fighting is
        # reported, arrests, withdrawals and seizures are the aftermath of a violent event
        scores["strategic_development"] *= _SD_DAMP
    if scores["riot"] >= 2.5 and scores["protest"] > 0:
        # a demonstration where the crowd itself turns violent is a riot, however much it is called a protest
        scores["riot"] += _RIOT_SHARE * scores["protest"]
    if scores["natural_disaster"] >= 2.0:
        # crashes on icy roads and trees on houses are weather events in storm reports
        scores["accident"] *= 0.5
    if not scores or max(scores.values()) < 0.5:
        scores["other"] += 0.5
    total = sum(scores.values()) or 1.0
    norm = {t: round(scores.get(t, 0.0) / total, 4) for t in TYPES}
    best = max(TYPES, key=lambda t: norm[t])
    subs = sub_scores.get(best)
    subtype = max(subs, key=lambda s: subs[s]) if subs else None
    return best, subtype, norm
