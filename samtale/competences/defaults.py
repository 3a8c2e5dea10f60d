"""The catalogue a municipality starts with: four categories, five competences each, with
a description of each of the four levels. Written for a Danish municipality; HR changes
it to fit. ``install`` is idempotent: it adds what is missing by name and changes nothing
that exists (the data migration and ``samtale competences_defaults`` call it)."""

from __future__ import annotations

from typing import Any

# Level 1: begynder (under oplæring), 2: selvstændig, 3: erfaren (kan lære fra sig),
# 4: ekspert (udvikler praksis for andre).
# (category, its description, [(competence, description, (level 1, 2, 3, 4)), ...])
CATALOGUE: list[tuple[str, str, list[tuple[str, str, tuple[str, str, str, str]]]]] = [
    (
        "Faglige kompetencer",
        "Den viden og de færdigheder, som opgaverne kræver.",
        [
            (
                "Faglig viden",
                "Viden om fagets metoder, regler og den nyeste praksis på området.",
                (
                    "Kender fagets grundbegreber og løser opgaver med vejledning.",
                    "Har den viden, de daglige opgaver kræver, og løser dem selvstændigt.",
                    "Har bred og dyb faglig viden, holder sig opdateret og vejleder kolleger.",
                    "Er faglig kapacitet på området, udvikler metoder og deler dem på tværs.",
                ),
            ),
            (
                "Kvalitet og dokumentation",
                "Arbejder efter de gældende standarder og dokumenterer, så andre kan "
                "bygge videre på det.",
                (
                    "Kender kravene til kvalitet og dokumentation og følger dem med hjælp.",
                    "Dokumenterer korrekt og rettidigt og følger op på egne fejl.",
                    "Ser mangler i praksis og foreslår forbedringer af arbejdsgangene.",
                    "Udvikler standarder og sikrer, at de bliver brugt i hele enheden.",
                ),
            ),
            (
                "Digitale kompetencer",
                "Bruger fagsystemer og digitale redskaber sikkert og hensigtsmæssigt.",
                (
                    "Kan de mest nødvendige funktioner i fagsystemerne med hjælp.",
                    "Bruger fagsystemerne sikkert i det daglige og overholder reglerne "
                    "for databeskyttelse.",
                    "Udnytter systemernes muligheder fuldt ud og hjælper kolleger i gang.",
                    "Tager initiativ til nye digitale løsninger og leder indførelsen af dem.",
                ),
            ),
            (
                "Lovgivning og regler",
                "Kender og anvender den lovgivning og de kommunale retningslinjer, der "
                "gælder for opgaverne.",
                (
                    "Kender de vigtigste regler og spørger, når noget er uklart.",
                    "Anvender reglerne korrekt i de almindelige sager.",
                    "Håndterer også de svære sager og forklarer reglerne for andre.",
                    "Fortolker nye regler og omsætter dem til praksis og retningslinjer.",
                ),
            ),
            (
                "Borger- og brugerfokus",
                "Tager udgangspunkt i borgerens eller brugerens behov og ressourcer.",
                (
                    "Møder borgeren venligt og kender sin rolle i forløbet.",
                    "Inddrager borgeren og tilpasser indsatsen til den enkeltes behov.",
                    "Håndterer komplekse forløb og konflikter med borgere professionelt.",
                    "Udvikler enhedens måde at inddrage borgere og pårørende på.",
                ),
            ),
        ],
    ),
    (
        "Personlige kompetencer",
        "Måden den enkelte griber opgaverne og sig selv an på.",
        [
            (
                "Ansvarlighed",
                "Tager ansvar for egne opgaver og for helheden.",
                (
                    "Udfører de opgaver, der er aftalt, og siger til, hvis noget ikke kan nås.",
                    "Tager ansvar for egne opgaver fra start til slut.",
                    "Tager ansvar ud over egne opgaver og griber det, der falder mellem stolene.",
                    "Går forrest og skaber en kultur, hvor ansvar deles.",
                ),
            ),
            (
                "Initiativ og engagement",
                "Er opsøgende og bidrager med idéer og energi.",
                (
                    "Gør det, der bliver bedt om, og viser interesse for opgaverne.",
                    "Går selv i gang med opgaverne og kommer med forslag.",
                    "Tager initiativ til forbedringer og får andre med.",
                    "Sætter nye tiltag i gang, der gør en forskel for hele enheden.",
                ),
            ),
            (
                "Omstillingsparathed",
                "Møder forandringer åbent og finder sig til rette i nye opgaver.",
                (
                    "Accepterer forandringer, når de er forklaret.",
                    "Tilpasser sig nye opgaver og arbejdsgange uden at miste overblikket.",
                    "Ser muligheder i forandringer og hjælper kolleger igennem dem.",
                    "Driver forandringer og omsætter dem til ny praksis.",
                ),
            ),
            (
                "Planlægning og struktur",
                "Prioriterer, planlægger og holder overblik over opgaverne.",
                (
                    "Løser opgaverne i den rækkefølge, de bliver givet.",
                    "Planlægger egne opgaver og overholder frister.",
                    "Prioriterer i travle perioder og planlægger også for andre.",
                    "Skaber strukturer, som hele enheden planlægger efter.",
                ),
            ),
            (
                "Læring og refleksion",
                "Lærer af erfaringer og søger ny viden.",
                (
                    "Tager imod vejledning og lærer af den.",
                    "Reflekterer over egen praksis og søger selv ny viden.",
                    "Deler erfaringer og bidrager til kollegers læring.",
                    "Skaber rammer for læring og faglig refleksion i enheden.",
                ),
            ),
        ],
    ),
    (
        "Sociale kompetencer",
        "Samspillet med kolleger, borgere og samarbejdspartnere.",
        [
            (
                "Samarbejde",
                "Arbejder godt sammen med kolleger og andre faggrupper.",
                (
                    "Indgår i samarbejdet, når det er tilrettelagt af andre.",
                    "Samarbejder konstruktivt og deler viden med kolleger.",
                    "Samarbejder på tværs af faggrupper og enheder og løser knuder.",
                    "Skaber samarbejde på tværs af organisationen og med eksterne parter.",
                ),
            ),
            (
                "Kommunikation",
                "Formidler klart i tale og skrift og lytter til andre.",
                (
                    "Kommunikerer klart i enkle situationer.",
                    "Tilpasser sproget til modtageren, mundtligt og skriftligt.",
                    "Formidler svære budskaber og faglige emner, så de bliver forstået.",
                    "Formidler for enheden udadtil og rådgiver andre om kommunikation.",
                ),
            ),
            (
                "Konflikthåndtering",
                "Forebygger og håndterer uenigheder og konflikter.",
                (
                    "Siger til, når der er uenighed, og søger hjælp.",
                    "Håndterer hverdagens uenigheder sagligt og roligt.",
                    "Håndterer konflikter med kolleger og borgere og dæmper dem.",
                    "Mægler i fastlåste konflikter og lærer andre at forebygge dem.",
                ),
            ),
            (
                "Relationer og empati",
                "Opbygger tillid og forstår andres perspektiv.",
                (
                    "Er venlig og imødekommende over for andre.",
                    "Sætter sig i andres sted og opbygger tillidsfulde relationer.",
                    "Skaber relationer også i svære situationer og med mennesker i krise.",
                    "Er forbillede for andre i at skabe tillid og gode relationer.",
                ),
            ),
            (
                "Videndeling og sparring",
                "Deler viden og giver og modtager sparring.",
                (
                    "Tager imod sparring fra kolleger.",
                    "Deler viden og giver kolleger konstruktiv sparring.",
                    "Er oplæringsansvarlig og sparringspartner for nye kolleger.",
                    "Opbygger fællesskaber, hvor viden deles systematisk.",
                ),
            ),
        ],
    ),
    (
        "Ledelsesmæssige kompetencer",
        "Ledelse af opgaver, mennesker og forandringer (for ledere og koordinatorer).",
        [
            (
                "Personaleledelse",
                "Leder, motiverer og udvikler medarbejderne.",
                (
                    "Holder medarbejdersamtaler og følger op på aftaler med støtte.",
                    "Giver tydelige rammer og feedback og udvikler den enkelte.",
                    "Leder forskellige faggrupper og håndterer svære personalesager.",
                    "Udvikler andre ledere og organisationens ledelseskultur.",
                ),
            ),
            (
                "Strategisk ledelse",
                "Omsætter politiske mål og strategier til retning og prioriteringer.",
                (
                    "Kender organisationens mål og forklarer dem for medarbejderne.",
                    "Omsætter mål til konkrete prioriteringer i enheden.",
                    "Sætter retning for enheden og bidrager til forvaltningens strategi.",
                    "Formulerer strategier og leder dem igennem på tværs af organisationen.",
                ),
            ),
            (
                "Forandringsledelse",
                "Leder enheden gennem forandringer.",
                (
                    "Gennemfører forandringer efter en fastlagt plan.",
                    "Planlægger forandringer og inddrager medarbejderne.",
                    "Leder større forandringer og håndterer modstand.",
                    "Leder omfattende omstillinger på tværs af enheder.",
                ),
            ),
            (
                "Økonomi og ressourcer",
                "Styrer budget, ressourcer og drift.",
                (
                    "Kender enhedens budget og følger forbruget med hjælp.",
                    "Styrer budgettet og planlægger ressourcerne i hverdagen.",
                    "Prioriterer ressourcerne strategisk og skaber råderum.",
                    "Leder økonomien på tværs af enheder og rådgiver andre ledere.",
                ),
            ),
            (
                "Arbejdsmiljø og trivsel",
                "Skaber et godt psykisk og fysisk arbejdsmiljø sammen med AMR og TR.",
                (
                    "Kender reglerne for arbejdsmiljø og reagerer på henvendelser.",
                    "Følger systematisk op på trivsel og sygefravær sammen med MED.",
                    "Forebygger problemer og skaber en kultur med tryghed og tillid.",
                    "Udvikler arbejdsmiljøarbejdet i hele forvaltningen.",
                ),
            ),
        ],
    ),
]


def install(category_model: Any = None, competence_model: Any = None) -> int:
    """Add the categories and competences that are missing (by name, case-insensitive);
    return how many competences were added. The models may be a migration's."""
    if category_model is None or competence_model is None:
        from samtale.competences.models import Competence, CompetenceCategory

        category_model, competence_model = CompetenceCategory, Competence
    existing = {n.lower() for n in competence_model.objects.values_list("name", flat=True)}
    added = 0
    for c_order, (cat_name, cat_description, competences) in enumerate(CATALOGUE, start=1):
        category = category_model.objects.filter(name__iexact=cat_name).first()
        if category is None:
            category = category_model.objects.create(
                name=cat_name, description=cat_description, order=c_order
            )
        for order, (name, description, levels) in enumerate(competences, start=1):
            if name.lower() in existing:
                continue
            competence_model.objects.create(
                category=category,
                name=name,
                description=description,
                order=order,
                **{f"level_{n}": text for n, text in enumerate(levels, start=1)},
            )
            existing.add(name.lower())
            added += 1
    return added
