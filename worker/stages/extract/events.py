"""Event type: weighted lexicon cues over the headline and the opening of the text.

Types follow ACLED's political-violence typology plus disasters, epidemics and crime; subtypes are
ACLED sub-event types or disaster kinds where a cue names one. The headline and the first sentences
weigh most because news puts what happened first.
"""

from __future__ import annotations

import math
import re

TYPES = (
    "battle",
    "explosion_remote_violence",
    "violence_against_civilians",
    "protest",
    "riot",
    "strategic_development",
    "natural_disaster",
    "accident",
    "epidemic",
    "crime",
    "other",
)

# (pattern, type, weight, subtype). Patterns match lower-cased text at word starts.
_CUES: list[tuple[str, str, float, str | None]] = [
    # battle
    (r"clash(?:es|ed)?\b", "battle", 3.0, "armed_clash"),
    (
        r"(?:shoot-?outs?|gunfights?|exchange(?:d)? (?:of )?(?:gun)?fire|heavy weapons|positions\b|frontlines?|"
        r"(?:fired|firing|opened fire) (?:\w+ ){0,4}(?:on|at|upon|towards) (?:\w+ ){0,4}(?:positions|forces|troops|"
        r"soldiers|army|police|military|base|checkpoint))",
        "battle",
        2.0,
        "armed_clash",
    ),
    (r"armed (?:clash|confrontation|engagement)", "battle", 2.0, "armed_clash"),
    (
        r"(?:fighting|fought|battles?\b|battled|firefight|gun ?battle|exchange of fire|exchanged fire)",
        "battle",
        1.8,
        "armed_clash",
    ),
    (
        r"(?:killed|attacked|wounded|shot|targeted|ambushed|pursued|clashed with|fought) (?:\w+ ){0,3}(?:militants|"
        r"insurgents|soldiers|troops|fighters|rebels|police(?:men)?|officers|gunmen|jihadists|elements|combatants)",
        "battle",
        2.5,
        "armed_clash",
    ),
    (
        r"(?:militants|insurgents|soldiers|troops|fighters|rebels|policemen|police officers|elements|combatants|"
        r"members) (?:\w+ ){0,2}(?:were|was) (?:\w+ ){0,2}(?:killed|wounded|shot|injured)",
        "battle",
        2.5,
        "armed_clash",
    ),
    (
        r"(?:military operation|security operation|an operation|operations against|raid on (?:\w+ ){0,2}hideout|"
        r"small arms|bursts? of fire|shots\b|heavy machine ?guns?)",
        "battle",
        1.5,
        "armed_clash",
    ),
    (r"(?:skirmish|engaged|repulsed|repelled|ambush(?:ed)?)", "battle", 1.4, "armed_clash"),
    (
        r"(?:offensive|counter-?attack|assault(?:ed)? (?:on )?(?:positions?|posts?|bases?|the base|military))",
        "battle",
        1.3,
        "armed_clash",
    ),
    (
        r"(?:attacked|attack on|attacks on) (?:\w+ ){0,3}(?:positions?|posts?|checkpoints?|bases?|military|army|troops|"
        r"soldiers|police station|convoy|forces)",
        "battle",
        1.5,
        "armed_clash",
    ),
    (
        r"(?:regain(?:ed|s)?|retook|recaptured|recapture[sd]?|liberated) (?:control|the|\w+ town|territory)",
        "battle",
        1.5,
        "government_regains_territory",
    ),
    (
        r"(?:took|take|seized|seize[sd]?|captured?) (?:control of|over) ",
        "battle",
        1.0,
        "non_state_actor_overtakes_territory",
    ),
    (
        r"(?:militants?|insurgents?|rebels?|jihadists?|fighters|gunmen) (?:\w+ ){0,2}(?:and|with|against) "
        r"(?:\w+ ){0,2}(?:forces|army|military|soldiers|troops)",
        "battle",
        1.0,
        "armed_clash",
    ),
    # explosions / remote violence
    (
        r"(?:air ?strikes?|airstrikes?|air raids?|aerial (?:bombardment|attack)|warplanes?|fighter jets?|"
        r"helicopter gunships?|bombed from the air)",
        "explosion_remote_violence",
        4.0,
        "air_drone_strike",
    ),
    (r"drones? (?:strike|attack)|drone\b|uavs?\b", "explosion_remote_violence", 2.0, "air_drone_strike"),
    (
        r"(?:shell(?:ing|ed|s)\b|artillery|mortars?\b|rockets?\b|missiles?\b|grad\b|katyusha|bombard(?:ed|ment)|"
        r"projectiles?|atgms?\b|anti-tank|rpgs?\b|grenade launchers?|launchers?\b|howitzers?)",
        "explosion_remote_violence",
        3.0,
        "shelling_artillery_missile_attack",
    ),
    (
        r"(?:ieds?\b|improvised explosive|roadside bomb|landmines?|land mines?|mine explosion|explosive device|"
        r"car bomb|vehicle-borne|vbied|booby[- ]trap|detonat|stepped on a mine|magnetic bomb|sticky bomb)",
        "explosion_remote_violence",
        3.5,
        "remote_explosive_landmine_ied",
    ),
    (
        r"(?:suicide (?:bomb|attack|vest|car)|suicide bomber|self-detonat|blew (?:himself|herself|themselves) up)",
        "explosion_remote_violence",
        3.5,
        "suicide_bomb",
    ),
    (r"grenades?\b", "explosion_remote_violence", 2.5, "grenade"),
    (
        r"(?:chemical weapons?|chemical attack|chlorine|sarin|gas attack)",
        "explosion_remote_violence",
        2.0,
        "chemical_weapon",
    ),
    (
        r"(?:bomb(?:ing|ings|s|ed)?\b|blasts?\b|explosions?\b|exploded|explosives?\b)",
        "explosion_remote_violence",
        1.3,
        "remote_explosive_landmine_ied",
    ),
    # violence against civilians
    (
        r"(?:civilians?|villagers?|residents?|farmers?|herders?|women|children|a man|a woman|a boy|a girl|"
        r"unarmed|a civilian|a villager|a trader|a teacher|a journalist|a family)",
        "violence_against_civilians",
        0.6,
        "attack",
    ),
    (
        r"(?:abduct(?:ed|ion|s)?|kidnap(?:ped|ping|s)?|disappear(?:ed|ance)|taken hostage|held hostage)",
        "violence_against_civilians",
        2.0,
        "abduction_forced_disappearance",
    ),
    (
        r"(?:rape[ds]?\b|raping|sexual(?:ly)? (?:violence|assault|abuse)|gang-?raped)",
        "violence_against_civilians",
        2.5,
        "sexual_violence",
    ),
    (
        r"(?:(?:was|were) (?:found|discovered) dead|bod(?:y|ies) (?:of|was|were) (?:\w+ ){0,3}(?:found|discovered|"
        r"recovered)|beheaded|tortured|hacked to death|lynch|massacre|executed|mutilated)",
        "violence_against_civilians",
        2.0,
        "attack",
    ),
    (
        r"(?:gunmen|militia|militiamen|armed men|unidentified (?:armed )?(?:men|assailants|gunmen)|assailants) "
        r"(?:\w+ ){0,3}(?:killed|shot|attacked|abducted|kidnapped|opened fire|stormed|raided)",
        "violence_against_civilians",
        1.5,
        "attack",
    ),
    (
        r"(?:shot dead|killed|attacked|beat(?:en)?|stabbed|hacked|burnt|burned) (?:\w+ ){0,3}(?:civilians?|villagers?|"
        r"a man|a woman|a farmer|a trader|residents?|a resident|a boy|a girl)",
        "violence_against_civilians",
        1.5,
        "attack",
    ),
    # protests
    (
        r"(?:protest(?:s|ed|ers|ors|ing)?|demonstrat(?:ion|ions|ed|ors|ing|e)\b|rall(?:y|ies|ied)\b|sit-?ins?\b|"
        r"march(?:ed|es)? (?:to|through|in|on|against)|picket|petition|hunger strike|boycott)",
        "protest",
        2.0,
        "peaceful_protest",
    ),
    (
        r"(?:demanding|to demand|demanded|in protest|denounc|against the|calling for|to protest|rallied)",
        "protest",
        0.8,
        "peaceful_protest",
    ),
    (
        r"(?:went on strike|on strike|general strike|workers? strike|strike action|striking workers|walk-?out)",
        "protest",
        2.0,
        "peaceful_protest",
    ),
    (
        r"(?:dispersed|tear ?gas|rubber bullets|water cannons?|baton|detained (?:\w+ ){0,2}protesters|"
        r"arrested (?:\w+ ){0,2}protesters)",
        "protest",
        1.0,
        "protest_with_intervention",
    ),
    (r"\[size=", "protest", 0.5, None),
    # riots
    (
        r"(?:rioters|molotov|hurl(?:ed|ing) (?:\w+ ){0,2}(?:rocks|stones|bottles|molotov|petrol)|petrol bombs?)",
        "riot",
        3.5,
        "violent_demonstration",
    ),
    (
        r"(?:two (?:\w+ ){0,2}groups|groups of (?:\w+ ){0,3}(?:clashed|fought)|(?:clashed|fought) (?:with each other|"
        r"among themselves)|over (?:a |the )?(?:land|property|water|family|personal) (?:dispute|issue))",
        "riot",
        3.0,
        "mob_violence",
    ),
    (
        r"(?:protesters|demonstrators|protestors|crowds?|rioters|residents|villagers|students|youths?|supporters) "
        r"(?:\w+ ){0,3}(?:clashed|threw|pelted|attacked|burn(?:ed|t)|vandali[sz]ed|stormed|damaged|set|destroyed|"
        r"beat|assaulted|blocked (?:\w+ ){0,2}with)",
        "riot",
        3.0,
        "violent_demonstration",
    ),
    (
        r"(?:riot(?:s|ed|ers|ing)?\b|rioters|violent (?:protest|demonstration)|vandali[sz]|torched|set (?:\w+ )?ablaze|"
        r"set fire to|pelted|threw (?:stones|rocks|petrol|molotov)|stone-?pelting|burn(?:ed|t|ing) tyres|"
        r"looted|looting)",
        "riot",
        2.0,
        "violent_demonstration",
    ),
    (
        r"(?:mob\b|mobs\b|lynch(?:ed|ing)?|angry (?:crowd|residents|villagers)|a crowd|vigilante|communal clash|"
        r"clashed with each other|group clash|two groups|between (?:two|rival) (?:groups|communities|villages|families)"
        r"|land dispute|property dispute)",
        "riot",
        2.0,
        "mob_violence",
    ),
    # strategic developments
    (
        r"(?:arrest(?:ed|s|ing)?\b|detain(?:ed|s)?|apprehend|taken into custody|rounded up)",
        "strategic_development",
        1.2,
        "arrests",
    ),
    (
        r"(?:agreement|ceasefire|cease-fire|truce|peace deal|peace talks|signed|accord\b|negotiat|reconciliation)",
        "strategic_development",
        1.5,
        "agreement",
    ),
    (
        r"(?:looted|looting|destroyed (?:\w+ ){0,2}(?:houses|homes|property|shops|crops)|burned (?:down )?(?:\w+ )"
        r"{0,2}(?:houses|homes|huts|shops)|torched (?:\w+ ){0,2}(?:houses|homes))",
        "strategic_development",
        1.5,
        "looting_property_destruction",
    ),
    (
        r"(?:defused|dismantled|seized (?:\w+ ){0,3}(?:weapons|arms|ammunition|explosives)|cache|"
        r"disrupted|intercepted|shot down|seized a)",
        "strategic_development",
        2.0,
        "disrupted_weapons_use",
    ),
    (
        r"(?:headquarters|(?:set up|established|build|built|opened) (?:\w+ ){0,3}(?:base|camp|checkpoint|post|"
        r"position|outpost))",
        "strategic_development",
        3.0,
        "headquarters_or_base_established",
    ),
    (
        r"(?:reinforcements|movement of forces|(?:were |was )?deployed to|troop buildup|convoy of)",
        "strategic_development",
        2.0,
        "change_to_group_activity",
    ),
    (
        r"(?:seized|confiscated|intercepted) (?:\w+ ){0,4}(?:packs|drugs|cigarettes|kg|kilograms|tons|weapons|arms|"
        r"ammunition|explosives|contraband|vehicles?)",
        "strategic_development",
        2.5,
        "disrupted_weapons_use",
    ),
    (
        r"(?:withdrew|withdrawn|withdrawal|handed over|non-violent|without (?:a )?(?:fight|resistance)|retreated|"
        r"took over (?:\w+ ){0,2}(?:without|peacefully))",
        "strategic_development",
        1.5,
        "non_violent_transfer_of_territory",
    ),
    (
        r"(?:recruit|surrender(?:ed)?|defect(?:ed|ion)|joined|merged|split|announced|launched a campaign|"
        r"patrol(?:s|led)?|deployed|deployment|curfew|lockdown|distribut|visited|meeting|held a meeting|banned)",
        "strategic_development",
        0.7,
        "other",
    ),
    # natural disasters
    (r"(?:earthquake|quake|tremors?|seismic|aftershock)", "natural_disaster", 3.0, "earthquake"),
    (
        r"(?:flood(?:s|ing|ed|waters)?|flash flood|inundat|heavy rain|torrential|rainfall|overflow)",
        "natural_disaster",
        2.5,
        "flood",
    ),
    (r"(?:tornado(?:es)?|twister|funnel cloud|ef-?\d|ef\d)", "natural_disaster", 3.0, "tornado"),
    (
        r"(?:snow(?:fall|storm|s)?\b|blizzard|ice storm|icy|freezing rain|sleet|winter storm|winter weather|"
        r"frostbite|hypothermia|wind chill|extreme cold|cold weather|frigid|avalanche)",
        "natural_disaster",
        2.5,
        "winter_storm",
    ),
    (
        r"(?:wildfires?|wild fire|bush ?fires?|forest fires?|brush fire|grass fire)",
        "natural_disaster",
        3.0,
        "wildfire",
    ),
    (
        r"(?:hurricane|typhoon|cyclone|tropical storm|storm surge|thunderstorms?|severe storm|storms?\b|"
        r"high winds?|strong winds?|gusts?|damaging winds|downburst|hail)",
        "natural_disaster",
        2.0,
        "storm",
    ),
    (
        r"(?:landslides?|mudslides?|rockslide|volcan|eruption|tsunami|drought|heat ?wave|excessive heat|lightning|"
        r"rip current|high surf|dense fog|avalanches?)",
        "natural_disaster",
        2.5,
        "other_natural_hazard",
    ),
    (
        r"(?:national weather service|nws\b|mph\b|inches of|county (?:road|sheriff)? ?reported|weather|winds?\b|"
        r"rain\b|temperatures?|visibility|trees? (?:were |was )?(?:down|uprooted|snapped|fell)|power lines|"
        r"precipitation|degrees)",
        "natural_disaster",
        1.5,
        None,
    ),
    # accidents
    (
        r"(?:crash(?:ed|es)?\b|collision|collided|derail|capsiz|sank\b|ran aground|plane went down|overturned|"
        r"veered|rolled over|head-on)",
        "accident",
        2.0,
        "transport",
    ),
    (
        r"(?:accident(?:al|ally|s)?\b|mishap|unintentional|negligent discharge|misfir|accidentally (?:shot|discharged))",
        "accident",
        2.5,
        "accident",
    ),
    (
        r"(?:(?:building|house|apartment|factory|mine|bridge|wall|roof) (?:\w+ )?collapse|caved in|gas (?:leak|explosion)|"
        r"boiler|chemical (?:leak|spill)|industrial|factory fire|blaze|house fire|caught fire|fire broke out|"
        r"firefighters)",
        "accident",
        2.0,
        "industrial",
    ),
    # epidemics
    (
        r"(?:covid|coronavirus|sars-cov|pandemic|epidemic|outbreak|infect(?:ed|ions?)|tested positive|confirmed cases|"
        r"new cases|cholera|ebola|measles|malaria|dengue|virus|quarantine)",
        "epidemic",
        1.2,
        "outbreak",
    ),
    (
        r"(?:tested positive|confirmed cases|new cases|cases of|death toll from (?:the )?(?:virus|covid|coronavirus)|"
        r"infection rate|spread of the)",
        "epidemic",
        2.0,
        "outbreak",
    ),
    # crime
    (
        r"(?:police said|sheriff|homicide|murder(?:ed|s)?|suspect(?:s|ed)?\b|robbery|robbed|burglar|carjack|"
        r"stabb(?:ed|ing)|charged with|gang\b|gangs\b|drug|cartel|shooting|shot (?:and|in|multiple|several|once|twice)|"
        r"gunshot|gunfire|opened fire|handgun|pistol|armed robbery|detectives?|investigators?|crime)",
        "crime",
        1.2,
        "crime",
    ),
    (
        r"(?:criminal|organi[sz]ed crime|drug (?:traffick|dealer|cartel)|extortion|hitmen|sicarios)",
        "crime",
        1.5,
        "organized_crime",
    ),
    # other
    (
        r"(?:claimed responsibility|claim(?:ed|s)? (?:of )?responsibility|blamed|attribut|accused|statement|"
        r"election|parliament|minister|president|diplomat|talks with|summit|sanctions|visit(?:ed)?\b|condemn)",
        "other",
        0.4,
        None,
    ),
    (r"(?:killed|shot dead|murdered|fatalit)", "violence_against_civilians", 0.5, "attack"),
]
_COMPILED = [(re.compile(r"\b" + p), t, w, s) for p, t, w, s in _CUES]

# Armed actors: when they act, killing is political violence rather than crime.
_ARMED = re.compile(
    r"\b(?:militants?|insurgents?|rebels?|jihadists?|al-shabaab|al shabaab|boko haram|taliban|isis|isil|islamic state|"
    r"houthi|militia|militiamen|armed forces|army|military|soldiers|troops|security forces|police forces|"
    r"fighters|gunmen|armed group|sdf|ypg|hts|ansar|jnim|iswap|aqap|anti-balaka|ex-seleka|ambazonian|fulani)\b"
)
_US = re.compile(
    r"\b(?:police said|sheriff|county|deputies|detectives?|homicide|911|police department|block of|"
    r"(?:ala|ariz|ark|calif|colo|conn|fla|ga|ill|ind|kan|ky|la|md|mass|mich|minn|miss|mo|mont|neb|nev|okla|ore|pa|"
    r"tenn|tex|va|wash|wis|wyo)\.|n\.c\.|s\.c\.|n\.y\.|n\.j\.|d\.c\.)"
)


def classify(text: str, title: str | None = None, head_chars: int = 1500) -> tuple[str, str | None, dict]:
    """Return (type, subtype, scores) with scores summing to 1 over TYPES."""
    body = text[:head_chars].lower()
    head = (title or "").lower()
    first = body[:300]
    raw = {t: 0.0 for t in TYPES}
    sub_votes: dict[str, dict[str, float]] = {t: {} for t in TYPES}
    for rx, kind, weight, sub in _COMPILED:
        n_body = len(rx.findall(body))
        n_head = len(rx.findall(head)) if head else 0
        n_first = len(rx.findall(first))
        if not (n_body or n_head):
            continue
        # diminishing returns: a word repeated ten times is not ten times the evidence
        score = weight * (math.log1p(n_body) + 1.5 * n_head + 0.5 * min(n_first, 2))
        raw[kind] += score
        if sub:
            sub_votes[kind][sub] = sub_votes[kind].get(sub, 0.0) + score
    armed = bool(_ARMED.search(head + " " + body))
    us = bool(_US.search(head + " " + body))
    if us and not armed:
        # a police-blotter story: shootings, fights and arrests are crime, not armed conflict
        for kind in (
            "battle",
            "violence_against_civilians",
            "strategic_development",
            "explosion_remote_violence",
        ):
            raw["crime"] += raw[kind] * 0.8
            raw[kind] *= 0.2
        raw["crime"] += 1.0
    else:
        # outside a police-blotter story, killings by armed men are political violence in ACLED's terms
        raw["crime"] *= 0.4
    if raw["natural_disaster"] >= 3.0:
        # crashes on icy roads and trees falling on houses are the storm's toll
        raw["accident"] *= 0.4
    if raw["protest"] > 0 or raw["riot"] > 0:
        # "protest against the lockdown" is a protest about an epidemic, not an epidemic report
        raw["epidemic"] *= 0.3
    if max(raw.values()) <= 0.0:
        raw["other"] = 1.0
    best = max(raw, key=lambda t: raw[t])
    subs = sub_votes[best]
    # a specific cue ("abducted") names the subtype better than the generic ones that come with it
    subtype = max(subs, key=lambda s: subs[s] * (0.5 if s in ("attack", "other") else 1.0)) if subs else None
    total = sum(math.exp(min(v, 50.0) / 2.0) for v in raw.values())
    scores = {t: round(math.exp(min(v, 50.0) / 2.0) / total, 4) for t, v in raw.items()}
    return best, subtype, scores
