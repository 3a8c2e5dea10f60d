"""Samtale's own default preparation forms for MUS, GRUS, LUS and En-til-en, in Danish
and English. Written for Samtale, in plain language.

The texts are data, not interface strings: each form exists once per language, and a
conversation uses the variant in its language. ``install`` creates published version 1
of every form that does not exist yet, with the current text; the data migration 0002
calls it, and it can be called again safely (e.g. after an organisation deleted a
default form).

A published version never changes, so a new text of a default form reaches an existing
installation as the form's next version: the earlier text goes into
``earlier_defaults``, and a data migration calls ``upgrade``, which publishes the new
text only where the organisation still uses the earlier one unchanged (MUS version 2,
migration 0003: the strategic goals, the job description, the expectations to each
other and the employee's contribution to the workplace, seed 001; MUS version 3,
migration 0004: the competence grid takes its rows from the person's competence profile
and is rated on the catalogue's levels 1-4, issue 11).

Each text below is a pair (Danish, English).
"""

from __future__ import annotations

from typing import Any

Pair = tuple[str, str]
LANGUAGES = ("da", "en")
FAMILIES = ("mus", "grus", "lus", "en-til-en")

GOOD_BAD: tuple[list[str], list[str]] = (
    ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"],
    ["Very poor", "Poor", "Fair", "Good", "Very good"],
)
WORKLOAD: tuple[list[str], list[str]] = (
    ["Alt for lidt", "Lidt for lidt", "Passende", "Lidt for meget", "Alt for meget"],
    ["Far too little", "A little too little", "About right", "A little too much", "Far too much"],
)
CLARITY: tuple[list[str], list[str]] = (
    ["Meget utydeligt", "Utydeligt", "Delvist tydeligt", "Tydeligt", "Meget tydeligt"],
    ["Very unclear", "Unclear", "Partly clear", "Clear", "Very clear"],
)
COMPETENCE_LEVELS: tuple[list[str], list[str]] = (
    ["Vil udvikle meget", "Vil udvikle noget", "Tilstrækkelig", "God", "Meget god"],
    ["Want to develop a lot", "Want to develop some", "Adequate", "Good", "Very good"],
)
# The competence catalogue's levels 1-4 (``samtale.competences``): a grid whose rows come
# from the person's competence profile is rated on these.
CATALOGUE_LEVELS: tuple[list[str], list[str]] = (
    ["Begynder", "Selvstændig", "Erfaren", "Ekspert"],
    ["Beginner", "Independent", "Experienced", "Expert"],
)
GENERIC_COMPETENCES: tuple[list[str], list[str]] = (
    ["Faglighed", "Samarbejde", "Kommunikation", "Digitale kompetencer", "Omstilling"],
    ["Professional skills", "Cooperation", "Communication", "Digital skills", "Adapting to change"],
)
LEADER_COMPETENCES: tuple[list[str], list[str]] = (
    [
        "Personaleledelse",
        "Faglig ledelse",
        "Strategisk ledelse",
        "Økonomi og drift",
        "Kommunikation",
        "Forandringsledelse",
    ],
    [
        "Leading people",
        "Professional leadership",
        "Strategic leadership",
        "Finances and operations",
        "Communication",
        "Leading change",
    ],
)
PLAN_PROGRESS: tuple[list[str], list[str]] = (
    [
        "Alt er gennemført",
        "Det meste er gennemført",
        "Noget er gennemført",
        "Intet er gennemført endnu",
        "Der var ingen plan",
    ],
    [
        "All of it is done",
        "Most of it is done",
        "Some of it is done",
        "None of it is done yet",
        "There was no plan",
    ],
)
ENVIRONMENT_TOPICS: tuple[list[str], list[str]] = (
    [
        "Arbejdsmængde og tempo",
        "Fysiske rammer",
        "Støj og forstyrrelser",
        "Tydelige opgaver og forventninger",
        "Balance mellem arbejde og fritid",
        "Tone og omgangsform",
    ],
    [
        "Workload and pace",
        "Physical surroundings",
        "Noise and interruptions",
        "Clear tasks and expectations",
        "Balance between work and private life",
        "Tone and manners",
    ],
)


def text(q: Pair, help: Pair = ("", "")) -> dict[str, Any]:
    return {"type": "text", "text": q, "help": help, "options": ({}, {})}


def scale(q: Pair, labels: tuple[list[str], list[str]] = GOOD_BAD) -> dict[str, Any]:
    return {
        "type": "scale",
        "text": q,
        "help": ("", ""),
        "options": ({"labels": labels[0]}, {"labels": labels[1]}),
    }


def choice(kind: str, q: Pair, choices: tuple[list[str], list[str]], help: Pair = ("", "")):
    return {
        "type": kind,
        "text": q,
        "help": help,
        "options": ({"choices": choices[0]}, {"choices": choices[1]}),
    }


def grid(q: Pair, rows: tuple[list[str], list[str]], help: Pair) -> dict[str, Any]:
    return {
        "type": "competence_grid",
        "text": q,
        "help": help,
        "options": (
            {"rows": rows[0], "labels": COMPETENCE_LEVELS[0]},
            {"rows": rows[1], "labels": COMPETENCE_LEVELS[1]},
        ),
    }


def catalogue_grid(q: Pair, help: Pair) -> dict[str, Any]:
    """A competence grid whose rows are the competences of the person's profile (the
    catalogue's), rated on the catalogue's levels 1-4."""
    return {
        "type": "competence_grid",
        "text": q,
        "help": help,
        "options": (
            {"rows": [], "labels": CATALOGUE_LEVELS[0], "source": "catalogue"},
            {"rows": [], "labels": CATALOGUE_LEVELS[1], "source": "catalogue"},
        ),
    }


def section(title: Pair, intro: Pair, *questions: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "intro": intro, "questions": list(questions)}


GRID_HELP: Pair = (
    "Sæt et kryds for hver kompetence: 1 betyder, at du gerne vil udvikle dig meget, "
    "5 at du føler dig godt rustet.",
    "Tick one box per competence: 1 means you would like to develop a lot, "
    "5 that you feel well equipped.",
)
CATALOGUE_GRID_HELP: Pair = (
    "Kompetencerne er dem, din stilling kræver (din kompetenceprofil). Vælg for hver det "
    "niveau, du er på i dag, fra 1 begynder til 4 ekspert; under hver kompetence kan du "
    "læse, hvad niveauerne betyder. Som medarbejder vurderer du dig selv; som leder "
    "vurderer du medarbejderen. I samtalen aftaler I niveauet.",
    "The competences are those your job asks for (your competence profile). Choose for "
    "each the level you are at today, from 1 beginner to 4 expert; under each competence "
    "you can read what the levels mean. As the employee you assess yourself; as the "
    "leader you assess the employee. In the conversation you agree the level.",
)
TOPICS_HELP: Pair = (
    "Skriv dem, så den anden kan forberede sig.",
    "Write them down so the other person can prepare.",
)

MUS = {
    "name": ("MUS – medarbejderudviklingssamtale", "MUS – employee development conversation"),
    "description": (
        "Forberedelse til din årlige samtale med din nærmeste leder. Spørgsmålene er en "
        "hjælp til at tænke samtalen igennem; du behøver ikke svare på dem alle.",
        "Preparation for your yearly conversation with your nearest leader. The questions "
        "help you think the conversation through; you do not have to answer them all.",
    ),
    "sections": [
        section(
            ("Siden sidst", "Since last time"),
            (
                "Se tilbage på året, der er gået, og på sidste års udviklingsplan.",
                "Look back at the past year and at last year's development plan.",
            ),
            text(
                (
                    "Hvad er du mest tilfreds med fra det seneste år?",
                    "What are you most pleased with from the past year?",
                )
            ),
            choice(
                "single",
                (
                    "Hvor langt er du nået med aftalerne i sidste års udviklingsplan?",
                    "How far have you come with what was agreed in last year's development plan?",
                ),
                PLAN_PROGRESS,
            ),
            text(
                (
                    "Hvad hjalp dig, og hvad stod i vejen?",
                    "What helped you, and what got in the way?",
                )
            ),
        ),
        section(
            ("Dine opgaver og din stilling", "Your tasks and your job"),
            (
                "Hav gerne din stillingsbeskrivelse ved hånden.",
                "Keep your job description at hand.",
            ),
            text(
                (
                    "Hvilke opgaver fylder mest i din hverdag lige nu?",
                    "Which tasks take up most of your working day at the moment?",
                )
            ),
            scale(
                (
                    "Hvordan passer mængden af opgaver til den tid, du har?",
                    "How well does the amount of work fit the time you have?",
                ),
                WORKLOAD,
            ),
            scale(
                (
                    "Hvor godt passer din stillingsbeskrivelse til det arbejde, du faktisk laver?",
                    "How well does your job description match the work you actually do?",
                )
            ),
            text(
                (
                    "Bør noget i din stillingsbeskrivelse ændres, fx opgaver, der er kommet "
                    "til eller faldet bort?",
                    "Should anything in your job description change, e.g. tasks that have "
                    "been added or have gone?",
                )
            ),
            text(
                (
                    "Er der opgaver, du gerne vil have mere af, mindre af eller prøve for "
                    "første gang?",
                    "Are there tasks you would like more of, less of, or to try for the "
                    "first time?",
                )
            ),
        ),
        section(
            ("Organisationens mål og dit bidrag", "The organisation's goals and your part in them"),
            (
                "Tænk over, hvordan dit arbejde hænger sammen med organisationens strategiske "
                "mål og med de temaer, ledelsen har meldt ud til årets samtaler.",
                "Think about how your work connects with the organisation's strategic goals "
                "and with the themes management has announced for this year's conversations.",
            ),
            text(
                (
                    "Hvilke af organisationens strategiske mål hænger tættest sammen med dit "
                    "arbejde?",
                    "Which of the organisation's strategic goals are most closely linked to "
                    "your work?",
                )
            ),
            scale(
                (
                    "Hvor tydeligt er det for dig, hvordan dit arbejde bidrager til målene?",
                    "How clear is it to you how your work contributes to the goals?",
                ),
                CLARITY,
            ),
            text(
                (
                    "Hvad kan du gøre i den kommende tid for at bidrage til målene, og hvad har "
                    "du brug for til det?",
                    "What can you do in the time ahead to contribute to the goals, and what do "
                    "you need for it?",
                )
            ),
            text(
                (
                    "Hvordan bidrager du til, at arbejdspladsen trives og udvikler sig, og hvad "
                    "vil du gerne bidrage med fremover?",
                    "How do you help your workplace thrive and develop, and what would you "
                    "like to contribute from now on?",
                )
            ),
        ),
        section(
            (
                "Samarbejde og forventninger til hinanden",
                "Cooperation and what you expect of each other",
            ),
            (
                "Samtalen går begge veje: I siger, hvad I forventer af hinanden i den kommende "
                "tid, og giver hinanden feedback.",
                "The conversation goes both ways: you say what you expect of each other in "
                "the time ahead, and you give each other feedback.",
            ),
            scale(
                (
                    "Hvordan fungerer samarbejdet med dine kolleger?",
                    "How well does cooperation with your colleagues work?",
                )
            ),
            scale(
                (
                    "Hvordan fungerer samarbejdet med din leder?",
                    "How well does cooperation with your leader work?",
                )
            ),
            text(
                (
                    "Hvad forventer du af din leder i den kommende tid, og hvad tror du, din "
                    "leder forventer af dig?",
                    "What do you expect of your leader in the time ahead, and what do you "
                    "think your leader expects of you?",
                )
            ),
            text(
                (
                    "Hvad gør din leder, som hjælper dig i dit arbejde, og hvad kunne din leder "
                    "gøre anderledes?",
                    "What does your leader do that helps you in your work, and what could your "
                    "leader do differently?",
                )
            ),
            text(
                (
                    "Hvad vil du gerne have feedback på fra din leder?",
                    "What would you like feedback on from your leader?",
                )
            ),
        ),
        section(
            ("Trivsel og arbejdsmiljø", "Wellbeing and working environment"),
            ("", ""),
            scale(
                (
                    "Hvordan trives du på arbejdet for tiden?",
                    "How are you doing at work these days?",
                )
            ),
            text(
                (
                    "Hvad giver dig energi i arbejdet, og hvad tager energien fra dig?",
                    "What gives you energy at work, and what drains it?",
                )
            ),
            choice(
                "multiple",
                (
                    "Er der noget i dit arbejdsmiljø, du gerne vil tale om?",
                    "Is there anything in your working environment you would like to talk about?",
                ),
                ENVIRONMENT_TOPICS,
                ("Vælg gerne flere.", "Choose as many as you like."),
            ),
            text(
                (
                    "Hvad kunne gøre din arbejdsdag bedre?",
                    "What could make your working day better?",
                )
            ),
        ),
        section(
            ("Kompetencer og udvikling", "Competences and development"),
            ("", ""),
            catalogue_grid(
                (
                    "På hvilket niveau er kompetencerne i dag?",
                    "At which level are the competences today?",
                ),
                CATALOGUE_GRID_HELP,
            ),
            text(
                (
                    "Hvilke kompetencer får du brug for til dine opgaver og organisationens mål "
                    "i den kommende tid?",
                    "Which competences will you need for your tasks and the organisation's "
                    "goals in the time ahead?",
                )
            ),
            text(
                (
                    "Hvad vil du gerne blive bedre til i det kommende år?",
                    "What would you like to get better at in the coming year?",
                )
            ),
            choice(
                "multiple",
                ("Hvordan lærer du bedst?", "How do you learn best?"),
                (
                    [
                        "Kursus eller uddannelse",
                        "Sparring med en kollega",
                        "Nye opgaver i hverdagen",
                        "Netværk med andre",
                        "Læsning på egen hånd",
                    ],
                    [
                        "A course or education",
                        "Sparring with a colleague",
                        "New tasks in everyday work",
                        "A network with others",
                        "Reading on my own",
                    ],
                ),
            ),
            text(
                (
                    "Hvor vil du gerne være om nogle år?",
                    "Where would you like to be in a few years?",
                )
            ),
        ),
        section(
            (
                "Udviklingsplan og emner til samtalen",
                "Development plan and topics for the conversation",
            ),
            (
                "I samtalen aftaler I din udviklingsplan for det kommende år: mål, "
                "aktiviteter, hvornår og hvem der har ansvaret.",
                "In the conversation you agree your development plan for the coming year: "
                "goals, activities, by when and who is responsible.",
            ),
            text(
                (
                    "Hvilke mål og aktiviteter vil du foreslå til din udviklingsplan?",
                    "Which goals and activities would you suggest for your development plan?",
                ),
                (
                    "Fx et kursus, sparring med en kollega eller en ny opgave, og hvornår.",
                    "For example a course, sparring with a colleague or a new task, and when.",
                ),
            ),
            text(
                (
                    "Hvilke emner vil du især gerne tale om?",
                    "Which topics would you particularly like to talk about?",
                ),
                TOPICS_HELP,
            ),
        ),
    ],
}

GRUS = {
    "name": ("GRUS – gruppeudviklingssamtale", "GRUS – team development conversation"),
    "description": (
        "Forberedelse til teamets årlige samtale med lederen. Tal spørgsmålene igennem i "
        "teamet, og skriv det, I er enige om, og det, I ser forskelligt på.",
        "Preparation for the team's yearly conversation with its leader. Talk the questions "
        "through in the team, and write down what you agree on and where you see things "
        "differently.",
    ),
    "sections": [
        section(
            ("Siden sidst", "Since last time"),
            (
                "Se tilbage på teamets år og på aftalerne fra sidste samtale.",
                "Look back at the team's year and at what was agreed last time.",
            ),
            text(
                (
                    "Hvad er vi som team lykkedes med det seneste år?",
                    "What have we succeeded with as a team in the past year?",
                )
            ),
            choice(
                "single",
                (
                    "Hvor langt er vi med aftalerne fra sidste års samtale?",
                    "How far have we come with what was agreed in last year's conversation?",
                ),
                PLAN_PROGRESS,
            ),
            text(
                (
                    "Hvad har vi lært af det, der ikke lykkedes?",
                    "What have we learnt from what did not succeed?",
                )
            ),
        ),
        section(
            ("Teamets opgaver nu og fremover", "The team's tasks now and ahead"),
            ("", ""),
            text(
                (
                    "Hvilke opgaver er de vigtigste for teamet lige nu?",
                    "Which tasks matter most for the team right now?",
                )
            ),
            scale(
                (
                    "Hvor godt passer teamets opgaver til organisationens mål?",
                    "How well do the team's tasks fit the organisation's goals?",
                )
            ),
            text(
                (
                    "Hvilke nye opgaver eller ændringer venter os, og hvordan gør vi os klar?",
                    "Which new tasks or changes lie ahead, and how do we get ready for them?",
                )
            ),
        ),
        section(
            ("Samarbejde og trivsel i teamet", "Cooperation and wellbeing in the team"),
            ("", ""),
            scale(("Hvordan trives vi i teamet?", "How are we doing as a team?")),
            scale(
                (
                    "Hvordan fungerer samarbejdet med andre teams og faggrupper?",
                    "How well does cooperation with other teams and professional groups work?",
                )
            ),
            text(
                (
                    "Hvad gør vi godt sammen, og hvad vil vi gøre anderledes?",
                    "What do we do well together, and what do we want to do differently?",
                )
            ),
        ),
        section(
            ("Arbejdsmiljø", "Working environment"),
            ("", ""),
            choice(
                "multiple",
                (
                    "Hvad i arbejdsmiljøet vil teamet gerne tale om?",
                    "What in the working environment would the team like to talk about?",
                ),
                ENVIRONMENT_TOPICS,
                ("Vælg gerne flere.", "Choose as many as you like."),
            ),
            text(
                (
                    "Hvad kan vi selv gøre, og hvad har vi brug for hjælp til?",
                    "What can we do ourselves, and what do we need help with?",
                )
            ),
        ),
        section(
            ("Teamets kompetencer og udvikling", "The team's competences and development"),
            ("", ""),
            grid(
                ("Hvor står teamet samlet set?", "Where does the team stand as a whole?"),
                GENERIC_COMPETENCES,
                (
                    "1 betyder, at teamet gerne vil udvikle sig meget, 5 at teamet står stærkt.",
                    "1 means the team would like to develop a lot, 5 that the team is strong.",
                ),
            ),
            text(
                (
                    "Hvilke kompetencer mangler teamet for at løse fremtidens opgaver?",
                    "Which competences does the team lack for the tasks ahead?",
                )
            ),
            text(
                (
                    "Hvilke fælles udviklingsaktiviteter ønsker vi os?",
                    "Which shared development activities would we like?",
                )
            ),
        ),
        section(
            ("Feedback begge veje", "Feedback both ways"),
            ("", ""),
            text(
                (
                    "Hvad har teamet brug for fra lederen?",
                    "What does the team need from its leader?",
                )
            ),
            text(
                (
                    "Hvilken feedback vil teamet give lederen?",
                    "What feedback would the team like to give the leader?",
                )
            ),
            text(
                (
                    "Hvilke emner vil teamet især tale om?",
                    "Which topics would the team particularly like to talk about?",
                ),
                TOPICS_HELP,
            ),
        ),
    ],
}

LUS = {
    "name": ("LUS – lederudviklingssamtale", "LUS – leader development conversation"),
    "description": (
        "Forberedelse til din årlige samtale med din chef eller bestyrelsesformand om dine "
        "ledelsesopgaver, din trivsel og din udvikling, og om institutionens udvikling.",
        "Preparation for your yearly conversation with your chief or board chair about "
        "your management tasks, your wellbeing and your development, and about the "
        "institution's development.",
    ),
    "sections": [
        section(
            ("Siden sidst", "Since last time"),
            (
                "Se tilbage på året og på sidste års udviklingsplan.",
                "Look back at the year and at last year's development plan.",
            ),
            text(
                (
                    "Hvilke resultater er du mest tilfreds med fra det seneste år?",
                    "Which results are you most pleased with from the past year?",
                )
            ),
            choice(
                "single",
                (
                    "Hvor langt er du nået med sidste års udviklingsplan?",
                    "How far have you come with last year's development plan?",
                ),
                PLAN_PROGRESS,
            ),
            text(
                (
                    "Hvad har været sværest som leder i året, der gik?",
                    "What has been hardest as a leader in the past year?",
                )
            ),
        ),
        section(
            ("Strategiske dokumenter", "Strategic documents"),
            (
                "Læs dokumenterne igennem før samtalen, og hav dem ved hånden.",
                "Read the documents before the conversation and keep them at hand.",
            ),
            choice(
                "multiple",
                (
                    "Hvilke dokumenter har du læst igennem til samtalen?",
                    "Which documents have you read for the conversation?",
                ),
                (
                    [
                        "Min stillingsbeskrivelse",
                        "Kvalitetsrapporten",
                        "Trivselsmålinger, fx medarbejder- eller forældretilfredshed",
                        "Sidste års udviklingsplan",
                    ],
                    [
                        "My job description",
                        "The quality report",
                        "Wellbeing surveys, e.g. staff or parent satisfaction",
                        "Last year's development plan",
                    ],
                ),
            ),
            text(
                (
                    "Hvad fortæller dokumenterne om institutionen og om din ledelse?",
                    "What do the documents tell you about the institution and your leadership?",
                )
            ),
        ),
        section(
            ("Ledelsesopgaver og ansvar", "Management tasks and responsibilities"),
            ("", ""),
            text(
                (
                    "Hvilke ledelsesopgaver fylder mest, og hvilke får for lidt plads?",
                    "Which management tasks take up most of your time, and which get too little?",
                )
            ),
            scale(
                (
                    "Hvor tydeligt er dit ansvar og det, du har lov til at beslutte?",
                    "How clear are your responsibilities and what you may decide?",
                ),
                CLARITY,
            ),
            text(
                (
                    "Er der noget i din stillingsbeskrivelse, der bør ændres?",
                    "Is there anything in your job description that should change?",
                )
            ),
        ),
        section(
            ("Institutionens udvikling", "The institution's development"),
            ("", ""),
            scale(
                (
                    "Hvordan har institutionen udviklet sig det seneste år?",
                    "How has the institution developed in the past year?",
                )
            ),
            text(
                (
                    "Hvor skal institutionen hen de næste år?",
                    "Where should the institution be heading in the coming years?",
                )
            ),
            text(
                (
                    "Hvilke af organisationens strategiske mål er vigtigst for jer, og hvordan "
                    "arbejder I med dem?",
                    "Which of the organisation's strategic goals matter most to you, and how do "
                    "you work with them?",
                )
            ),
        ),
        section(
            ("Trivsel og arbejdsmiljø som leder", "Wellbeing and working environment as a leader"),
            ("", ""),
            scale(
                ("Hvordan trives du i dit lederjob?", "How are you doing in your job as a leader?")
            ),
            scale(
                (
                    "Hvordan passer din arbejdsmængde til din tid?",
                    "How well does your workload fit your time?",
                ),
                WORKLOAD,
            ),
            text(
                (
                    "Hvem sparrer du med, og er det nok?",
                    "Who do you talk things through with, and is that enough?",
                )
            ),
        ),
        section(
            ("Lederkompetencer og udvikling", "Leadership competences and development"),
            ("", ""),
            grid(
                (
                    "Hvordan ser du dine lederkompetencer i dag?",
                    "How do you see your leadership competences today?",
                ),
                LEADER_COMPETENCES,
                GRID_HELP,
            ),
            choice(
                "multiple",
                (
                    "Hvilke former for lederudvikling kunne være relevante for dig?",
                    "Which kinds of leadership development could be relevant for you?",
                ),
                (
                    [
                        "Kursus eller efteruddannelse",
                        "Diplom- eller masteruddannelse",
                        "Coaching",
                        "En mentor",
                        "Netværk med andre ledere",
                        "Jobrotation",
                    ],
                    [
                        "A course or further training",
                        "A diploma or master's degree",
                        "Coaching",
                        "A mentor",
                        "A network with other leaders",
                        "Job rotation",
                    ],
                ),
            ),
            text(
                (
                    "Hvad vil du gerne udvikle dig i det kommende år?",
                    "What would you like to develop in the coming year?",
                )
            ),
        ),
        section(
            ("Feedback begge veje", "Feedback both ways"),
            ("", ""),
            text(
                (
                    "Hvad har du brug for fra din chef eller bestyrelse?",
                    "What do you need from your chief or board?",
                )
            ),
            text(
                (
                    "Hvilken feedback vil du give din chef eller bestyrelse?",
                    "What feedback would you like to give your chief or board?",
                )
            ),
            text(
                (
                    "Hvilke emner vil du især gerne tale om?",
                    "Which topics would you particularly like to talk about?",
                ),
                TOPICS_HELP,
            ),
        ),
    ],
}

EN_TIL_EN = {
    "name": ("En-til-en-samtale", "One-to-one conversation"),
    "description": (
        "En kort samtale om, hvordan det går. Skriv et par stikord, hvis du har lyst.",
        "A short conversation about how things are going. Jot down a few notes if you like.",
    ),
    "sections": [
        section(
            ("Hvordan går det?", "How are things?"),
            ("", ""),
            scale(
                ("Hvordan har du det på arbejdet lige nu?", "How are you doing at work right now?")
            ),
            text(
                (
                    "Hvad har fyldt mest siden sidst?",
                    "What has taken up most of your time since last time?",
                )
            ),
        ),
        section(
            ("Hverdagen og samarbejdet", "Everyday work and cooperation"),
            ("", ""),
            choice(
                "single",
                ("Hvordan er din arbejdsmængde for tiden?", "How is your workload at the moment?"),
                (["For lille", "Passende", "For stor"], ["Too small", "About right", "Too big"]),
            ),
            text(
                (
                    "Er der noget i samarbejdet med kolleger eller din leder, du vil tale om?",
                    "Is there anything about working with colleagues or your leader you would "
                    "like to talk about?",
                )
            ),
        ),
        section(
            ("Fremad", "Looking ahead"),
            ("", ""),
            text(
                (
                    "Har du brug for hjælp eller sparring til noget?",
                    "Do you need help or someone to talk something through with?",
                )
            ),
            text(
                (
                    "Hvad vil du gerne tale om i dag?",
                    "What would you like to talk about today?",
                )
            ),
        ),
    ],
}

FORMS: dict[str, dict[str, Any]] = {
    "mus": MUS,
    "grus": GRUS,
    "lus": LUS,
    "en-til-en": EN_TIL_EN,
}


def form_data(family: str, language: str) -> dict[str, Any]:
    """One default form in one language, as plain data (name, description, sections with
    their questions)."""
    i = LANGUAGES.index(language)
    spec = FORMS[family]
    return {
        "name": spec["name"][i],
        "description": spec["description"][i],
        "sections": [
            {
                "title": s["title"][i],
                "intro": s["intro"][i],
                "questions": [
                    {
                        "type": q["type"],
                        "text": q["text"][i],
                        "help_text": q["help"][i],
                        "options": q["options"][i],
                    }
                    for q in s["questions"]
                ],
            }
            for s in spec["sections"]
        ],
    }


def _models(apps: Any) -> tuple[Any, Any, Any, Any]:
    """Questionnaire, QuestionnaireVersion, Section and Question: the historical models
    of a migration (``apps``) or the real ones."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    return (
        apps.get_model("questionnaires", "Questionnaire"),
        apps.get_model("questionnaires", "QuestionnaireVersion"),
        apps.get_model("questionnaires", "Section"),
        apps.get_model("questionnaires", "Question"),
    )


def _publish(apps: Any, form: Any, number: int, sections: list[dict[str, Any]]) -> None:
    """A published version ``number`` of ``form`` with these sections and questions."""
    from django.utils import timezone

    _, Version, Section, Question = _models(apps)
    version = Version.objects.create(questionnaire=form, number=number, status="draft")
    for s_order, s in enumerate(sections, start=1):
        sec = Section.objects.create(
            version=version, order=s_order, title=s["title"], intro=s["intro"]
        )
        Question.objects.bulk_create(
            Question(
                section=sec,
                order=q_order,
                type=q["type"],
                text=q["text"],
                help_text=q["help_text"],
                required=False,
                options=q["options"],
            )
            for q_order, q in enumerate(s["questions"], start=1)
        )
    Version.objects.filter(pk=version.pk).update(status="published", published_at=timezone.now())


def _sections_of(apps: Any, version_pk: int) -> list[dict[str, Any]]:
    """A stored version's sections and questions, in the shape of ``form_data``."""
    _, _, Section, Question = _models(apps)
    sections = []
    for sec in Section.objects.filter(version_id=version_pk).order_by("order", "pk").values():
        questions = Question.objects.filter(section_id=sec["id"]).order_by("order", "pk")
        sections.append(
            {
                "title": sec["title"],
                "intro": sec["intro"],
                "questions": list(questions.values("type", "text", "help_text", "options")),
            }
        )
    return sections


def install(apps: Any = None, schema_editor: Any = None) -> int:
    """Create published version 1 of each default form that does not exist yet.

    Works with the historical models of a migration (``apps``) or the real ones. Returns
    the number of forms created."""
    Questionnaire = _models(apps)[0]
    created = 0
    for family in FAMILIES:
        for language in LANGUAGES:
            if Questionnaire.objects.filter(family=family, language=language).exists():
                continue
            data = form_data(family, language)
            form = Questionnaire.objects.create(
                name=data["name"],
                family=family,
                language=language,
                description=data["description"],
            )
            _publish(apps, form, 1, data["sections"])
            created += 1
    return created


def upgrade(apps: Any = None, schema_editor: Any = None) -> int:
    """Publish the current text of a default form as the next version wherever the
    organisation still uses a text Samtale shipped before (``earlier_defaults``): its
    newest published version is exactly that text, and it has no draft. A form the
    organisation has changed, or is changing, stays as it is; conversations keep the
    version they were created with. Data migrations call this when a default form gets a
    new text; calling it again changes nothing. Returns the number of versions published."""
    from samtale.questionnaires.earlier_defaults import EARLIER

    Questionnaire, Version, _, _ = _models(apps)
    published = 0
    for family, earlier in EARLIER.items():
        for language in LANGUAGES:
            form = Questionnaire.objects.filter(family=family, language=language).first()
            if form is None:
                continue
            versions = Version.objects.filter(questionnaire=form)
            newest = versions.filter(status="published").order_by("-number").first()
            if newest is None or versions.filter(status="draft").exists():
                continue
            if _sections_of(apps, newest.pk) not in [shipped[language] for shipped in earlier]:
                continue
            number = max(versions.values_list("number", flat=True)) + 1
            _publish(apps, form, number, form_data(family, language)["sections"])
            published += 1
    return published
