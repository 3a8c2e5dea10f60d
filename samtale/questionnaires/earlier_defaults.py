"""The default forms as Samtale shipped them before their current text, oldest first.

Nobody fills these in any more. They are kept, as plain data, only so that
``defaults.upgrade`` can recognise a form that the organisation still uses exactly as
shipped and publish the current text as its next version; a form the organisation has
changed is left alone. Never edit a text here: it must stay what was shipped.

Each entry is a language -> the sections, in the shape of ``defaults.form_data``.
"""

from __future__ import annotations

from typing import Any

Sections = list[dict[str, Any]]

# MUS version 1 (2026): the form before it asked about the organisation's strategic
# goals, the job description and the expectations to each other.
MUS_1: dict[str, Sections] = {
    "da": [
        {
            "title": "Siden sidst",
            "intro": "Se tilbage på året, der er gået, og på sidste års udviklingsplan.",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvad er du mest tilfreds med fra det seneste år?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "single",
                    "text": "Hvor langt er du nået med aftalerne i sidste års udviklingsplan?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "Alt er gennemført",
                            "Det meste er gennemført",
                            "Noget er gennemført",
                            "Intet er gennemført endnu",
                            "Der var ingen plan",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad hjalp dig, og hvad stod i vejen?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Dine opgaver nu og fremover",
            "intro": "",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvilke opgaver fylder mest i din hverdag lige nu?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "scale",
                    "text": "Hvordan passer mængden af opgaver til den tid, du har?",
                    "help_text": "",
                    "options": {
                        "labels": [
                            "Alt for lidt",
                            "Lidt for lidt",
                            "Passende",
                            "Lidt for meget",
                            "Alt for meget",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Er der opgaver, du gerne vil have mere af, mindre af eller "
                    "prøve for første gang?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Samarbejde og trivsel",
            "intro": "",
            "questions": [
                {
                    "type": "scale",
                    "text": "Hvordan trives du på arbejdet for tiden?",
                    "help_text": "",
                    "options": {
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"]
                    },
                },
                {
                    "type": "scale",
                    "text": "Hvordan fungerer samarbejdet med dine kolleger?",
                    "help_text": "",
                    "options": {
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad giver dig energi i arbejdet, og hvad tager energien fra dig?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Arbejdsmiljø",
            "intro": "",
            "questions": [
                {
                    "type": "multiple",
                    "text": "Er der noget i dit arbejdsmiljø, du gerne vil tale om?",
                    "help_text": "Vælg gerne flere.",
                    "options": {
                        "choices": [
                            "Arbejdsmængde og tempo",
                            "Fysiske rammer",
                            "Støj og forstyrrelser",
                            "Tydelige opgaver og forventninger",
                            "Balance mellem arbejde og fritid",
                            "Tone og omgangsform",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad kunne gøre din arbejdsdag bedre?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Kompetencer og udviklingsønsker",
            "intro": "",
            "questions": [
                {
                    "type": "competence_grid",
                    "text": "Hvordan ser du dine kompetencer i dag?",
                    "help_text": "Sæt et kryds for hver kompetence: 1 betyder, at du "
                    "gerne vil udvikle dig meget, 5 at du føler dig godt "
                    "rustet.",
                    "options": {
                        "rows": [
                            "Faglighed",
                            "Samarbejde",
                            "Kommunikation",
                            "Digitale kompetencer",
                            "Omstilling",
                        ],
                        "labels": [
                            "Vil udvikle meget",
                            "Vil udvikle noget",
                            "Tilstrækkelig",
                            "God",
                            "Meget god",
                        ],
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad vil du gerne blive bedre til i det kommende år?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "multiple",
                    "text": "Hvordan lærer du bedst?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "Kursus eller uddannelse",
                            "Sparring med en kollega",
                            "Nye opgaver i hverdagen",
                            "Netværk med andre",
                            "Læsning på egen hånd",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvor vil du gerne være om nogle år?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Feedback begge veje",
            "intro": "Samtalen går begge veje: din leder giver dig feedback, og du giver din "
            "leder feedback.",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvad gør din leder, som hjælper dig i dit arbejde?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Hvad kunne din leder gøre anderledes?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Hvad vil du gerne have feedback på fra din leder?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Til samtalen",
            "intro": "",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvilke emner vil du især gerne tale om?",
                    "help_text": "Skriv dem, så den anden kan forberede sig.",
                    "options": {},
                }
            ],
        },
    ],
    "en": [
        {
            "title": "Since last time",
            "intro": "Look back at the past year and at last year's development plan.",
            "questions": [
                {
                    "type": "text",
                    "text": "What are you most pleased with from the past year?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "single",
                    "text": "How far have you come with what was agreed in last year's "
                    "development plan?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "All of it is done",
                            "Most of it is done",
                            "Some of it is done",
                            "None of it is done yet",
                            "There was no plan",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "What helped you, and what got in the way?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Your tasks now and ahead",
            "intro": "",
            "questions": [
                {
                    "type": "text",
                    "text": "Which tasks take up most of your working day at the moment?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "scale",
                    "text": "How well does the amount of work fit the time you have?",
                    "help_text": "",
                    "options": {
                        "labels": [
                            "Far too little",
                            "A little too little",
                            "About right",
                            "A little too much",
                            "Far too much",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Are there tasks you would like more of, less of, or to try "
                    "for the first time?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Cooperation and wellbeing",
            "intro": "",
            "questions": [
                {
                    "type": "scale",
                    "text": "How are you doing at work these days?",
                    "help_text": "",
                    "options": {"labels": ["Very poor", "Poor", "Fair", "Good", "Very good"]},
                },
                {
                    "type": "scale",
                    "text": "How well does cooperation with your colleagues work?",
                    "help_text": "",
                    "options": {"labels": ["Very poor", "Poor", "Fair", "Good", "Very good"]},
                },
                {
                    "type": "text",
                    "text": "What gives you energy at work, and what drains it?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Working environment",
            "intro": "",
            "questions": [
                {
                    "type": "multiple",
                    "text": "Is there anything in your working environment you would like "
                    "to talk about?",
                    "help_text": "Choose as many as you like.",
                    "options": {
                        "choices": [
                            "Workload and pace",
                            "Physical surroundings",
                            "Noise and interruptions",
                            "Clear tasks and expectations",
                            "Balance between work and private life",
                            "Tone and manners",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "What could make your working day better?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Competences and development wishes",
            "intro": "",
            "questions": [
                {
                    "type": "competence_grid",
                    "text": "How do you see your competences today?",
                    "help_text": "Tick one box per competence: 1 means you would like to "
                    "develop a lot, 5 that you feel well equipped.",
                    "options": {
                        "rows": [
                            "Professional skills",
                            "Cooperation",
                            "Communication",
                            "Digital skills",
                            "Adapting to change",
                        ],
                        "labels": [
                            "Want to develop a lot",
                            "Want to develop some",
                            "Adequate",
                            "Good",
                            "Very good",
                        ],
                    },
                },
                {
                    "type": "text",
                    "text": "What would you like to get better at in the coming year?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "multiple",
                    "text": "How do you learn best?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "A course or education",
                            "Sparring with a colleague",
                            "New tasks in everyday work",
                            "A network with others",
                            "Reading on my own",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Where would you like to be in a few years?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Feedback both ways",
            "intro": "The conversation goes both ways: your leader gives you feedback, and you "
            "give your leader feedback.",
            "questions": [
                {
                    "type": "text",
                    "text": "What does your leader do that helps you in your work?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "What could your leader do differently?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "What would you like feedback on from your leader?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "For the conversation",
            "intro": "",
            "questions": [
                {
                    "type": "text",
                    "text": "Which topics would you particularly like to talk about?",
                    "help_text": "Write them down so the other person can prepare.",
                    "options": {},
                }
            ],
        },
    ],
}

# MUS version 2 (2026): the form whose competence grid had fixed rows rated 1 to 5, before
# its rows came from the person's competence profile, rated on the catalogue's levels 1-4.
MUS_2: dict[str, Sections] = {
    "da": [
        {
            "title": "Siden sidst",
            "intro": "Se tilbage på året, der er gået, og på sidste års udviklingsplan.",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvad er du mest tilfreds med fra det seneste år?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "single",
                    "text": "Hvor langt er du nået med aftalerne i sidste års udviklingsplan?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "Alt er gennemført",
                            "Det meste er gennemført",
                            "Noget er gennemført",
                            "Intet er gennemført endnu",
                            "Der var ingen plan",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad hjalp dig, og hvad stod i vejen?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Dine opgaver og din stilling",
            "intro": "Hav gerne din stillingsbeskrivelse ved hånden.",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvilke opgaver fylder mest i din hverdag lige nu?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "scale",
                    "text": "Hvordan passer mængden af opgaver til den tid, du har?",
                    "help_text": "",
                    "options": {
                        "labels": [
                            "Alt for lidt",
                            "Lidt for lidt",
                            "Passende",
                            "Lidt for meget",
                            "Alt for meget",
                        ]
                    },
                },
                {
                    "type": "scale",
                    "text": "Hvor godt passer din stillingsbeskrivelse til det arbejde, du "
                    "faktisk laver?",
                    "help_text": "",
                    "options": {
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"]
                    },
                },
                {
                    "type": "text",
                    "text": "Bør noget i din stillingsbeskrivelse ændres, fx opgaver, der "
                    "er kommet til eller faldet bort?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Er der opgaver, du gerne vil have mere af, mindre af eller "
                    "prøve for første gang?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Organisationens mål og dit bidrag",
            "intro": "Tænk over, hvordan dit arbejde hænger sammen med organisationens strategiske "
            "mål og med de temaer, ledelsen har meldt ud til årets samtaler.",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvilke af organisationens strategiske mål hænger tættest "
                    "sammen med dit arbejde?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "scale",
                    "text": "Hvor tydeligt er det for dig, hvordan dit arbejde bidrager til "
                    "målene?",
                    "help_text": "",
                    "options": {
                        "labels": [
                            "Meget utydeligt",
                            "Utydeligt",
                            "Delvist tydeligt",
                            "Tydeligt",
                            "Meget tydeligt",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad kan du gøre i den kommende tid for at bidrage til målene, "
                    "og hvad har du brug for til det?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Hvordan bidrager du til, at arbejdspladsen trives og udvikler "
                    "sig, og hvad vil du gerne bidrage med fremover?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Samarbejde og forventninger til hinanden",
            "intro": "Samtalen går begge veje: I siger, hvad I forventer af hinanden i den "
            "kommende tid, og giver hinanden feedback.",
            "questions": [
                {
                    "type": "scale",
                    "text": "Hvordan fungerer samarbejdet med dine kolleger?",
                    "help_text": "",
                    "options": {
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"]
                    },
                },
                {
                    "type": "scale",
                    "text": "Hvordan fungerer samarbejdet med din leder?",
                    "help_text": "",
                    "options": {
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad forventer du af din leder i den kommende tid, og hvad "
                    "tror du, din leder forventer af dig?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Hvad gør din leder, som hjælper dig i dit arbejde, og hvad "
                    "kunne din leder gøre anderledes?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Hvad vil du gerne have feedback på fra din leder?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Trivsel og arbejdsmiljø",
            "intro": "",
            "questions": [
                {
                    "type": "scale",
                    "text": "Hvordan trives du på arbejdet for tiden?",
                    "help_text": "",
                    "options": {
                        "labels": ["Meget dårligt", "Dårligt", "Nogenlunde", "Godt", "Meget godt"]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad giver dig energi i arbejdet, og hvad tager energien fra dig?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "multiple",
                    "text": "Er der noget i dit arbejdsmiljø, du gerne vil tale om?",
                    "help_text": "Vælg gerne flere.",
                    "options": {
                        "choices": [
                            "Arbejdsmængde og tempo",
                            "Fysiske rammer",
                            "Støj og forstyrrelser",
                            "Tydelige opgaver og forventninger",
                            "Balance mellem arbejde og fritid",
                            "Tone og omgangsform",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvad kunne gøre din arbejdsdag bedre?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Kompetencer og udvikling",
            "intro": "",
            "questions": [
                {
                    "type": "competence_grid",
                    "text": "Hvordan ser du dine kompetencer i dag?",
                    "help_text": "Sæt et kryds for hver kompetence: 1 betyder, at du gerne "
                    "vil udvikle dig meget, 5 at du føler dig godt rustet.",
                    "options": {
                        "rows": [
                            "Faglighed",
                            "Samarbejde",
                            "Kommunikation",
                            "Digitale kompetencer",
                            "Omstilling",
                        ],
                        "labels": [
                            "Vil udvikle meget",
                            "Vil udvikle noget",
                            "Tilstrækkelig",
                            "God",
                            "Meget god",
                        ],
                    },
                },
                {
                    "type": "text",
                    "text": "Hvilke kompetencer får du brug for til dine opgaver og "
                    "organisationens mål i den kommende tid?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Hvad vil du gerne blive bedre til i det kommende år?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "multiple",
                    "text": "Hvordan lærer du bedst?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "Kursus eller uddannelse",
                            "Sparring med en kollega",
                            "Nye opgaver i hverdagen",
                            "Netværk med andre",
                            "Læsning på egen hånd",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Hvor vil du gerne være om nogle år?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Udviklingsplan og emner til samtalen",
            "intro": "I samtalen aftaler I din udviklingsplan for det kommende år: mål, "
            "aktiviteter, hvornår og hvem der har ansvaret.",
            "questions": [
                {
                    "type": "text",
                    "text": "Hvilke mål og aktiviteter vil du foreslå til din udviklingsplan?",
                    "help_text": "Fx et kursus, sparring med en kollega eller en ny opgave, "
                    "og hvornår.",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Hvilke emner vil du især gerne tale om?",
                    "help_text": "Skriv dem, så den anden kan forberede sig.",
                    "options": {},
                },
            ],
        },
    ],
    "en": [
        {
            "title": "Since last time",
            "intro": "Look back at the past year and at last year's development plan.",
            "questions": [
                {
                    "type": "text",
                    "text": "What are you most pleased with from the past year?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "single",
                    "text": "How far have you come with what was agreed in last year's "
                    "development plan?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "All of it is done",
                            "Most of it is done",
                            "Some of it is done",
                            "None of it is done yet",
                            "There was no plan",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "What helped you, and what got in the way?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Your tasks and your job",
            "intro": "Keep your job description at hand.",
            "questions": [
                {
                    "type": "text",
                    "text": "Which tasks take up most of your working day at the moment?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "scale",
                    "text": "How well does the amount of work fit the time you have?",
                    "help_text": "",
                    "options": {
                        "labels": [
                            "Far too little",
                            "A little too little",
                            "About right",
                            "A little too much",
                            "Far too much",
                        ]
                    },
                },
                {
                    "type": "scale",
                    "text": "How well does your job description match the work you actually do?",
                    "help_text": "",
                    "options": {"labels": ["Very poor", "Poor", "Fair", "Good", "Very good"]},
                },
                {
                    "type": "text",
                    "text": "Should anything in your job description change, e.g. tasks "
                    "that have been added or have gone?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Are there tasks you would like more of, less of, or to try for "
                    "the first time?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "The organisation's goals and your part in them",
            "intro": "Think about how your work connects with the organisation's strategic goals "
            "and with the themes management has announced for this year's conversations.",
            "questions": [
                {
                    "type": "text",
                    "text": "Which of the organisation's strategic goals are most closely "
                    "linked to your work?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "scale",
                    "text": "How clear is it to you how your work contributes to the goals?",
                    "help_text": "",
                    "options": {
                        "labels": ["Very unclear", "Unclear", "Partly clear", "Clear", "Very clear"]
                    },
                },
                {
                    "type": "text",
                    "text": "What can you do in the time ahead to contribute to the goals, "
                    "and what do you need for it?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "How do you help your workplace thrive and develop, and what "
                    "would you like to contribute from now on?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Cooperation and what you expect of each other",
            "intro": "The conversation goes both ways: you say what you expect of each other in "
            "the time ahead, and you give each other feedback.",
            "questions": [
                {
                    "type": "scale",
                    "text": "How well does cooperation with your colleagues work?",
                    "help_text": "",
                    "options": {"labels": ["Very poor", "Poor", "Fair", "Good", "Very good"]},
                },
                {
                    "type": "scale",
                    "text": "How well does cooperation with your leader work?",
                    "help_text": "",
                    "options": {"labels": ["Very poor", "Poor", "Fair", "Good", "Very good"]},
                },
                {
                    "type": "text",
                    "text": "What do you expect of your leader in the time ahead, and what "
                    "do you think your leader expects of you?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "What does your leader do that helps you in your work, and what "
                    "could your leader do differently?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "What would you like feedback on from your leader?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Wellbeing and working environment",
            "intro": "",
            "questions": [
                {
                    "type": "scale",
                    "text": "How are you doing at work these days?",
                    "help_text": "",
                    "options": {"labels": ["Very poor", "Poor", "Fair", "Good", "Very good"]},
                },
                {
                    "type": "text",
                    "text": "What gives you energy at work, and what drains it?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "multiple",
                    "text": "Is there anything in your working environment you would like "
                    "to talk about?",
                    "help_text": "Choose as many as you like.",
                    "options": {
                        "choices": [
                            "Workload and pace",
                            "Physical surroundings",
                            "Noise and interruptions",
                            "Clear tasks and expectations",
                            "Balance between work and private life",
                            "Tone and manners",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "What could make your working day better?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Competences and development",
            "intro": "",
            "questions": [
                {
                    "type": "competence_grid",
                    "text": "How do you see your competences today?",
                    "help_text": "Tick one box per competence: 1 means you would like to "
                    "develop a lot, 5 that you feel well equipped.",
                    "options": {
                        "rows": [
                            "Professional skills",
                            "Cooperation",
                            "Communication",
                            "Digital skills",
                            "Adapting to change",
                        ],
                        "labels": [
                            "Want to develop a lot",
                            "Want to develop some",
                            "Adequate",
                            "Good",
                            "Very good",
                        ],
                    },
                },
                {
                    "type": "text",
                    "text": "Which competences will you need for your tasks and the "
                    "organisation's goals in the time ahead?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "What would you like to get better at in the coming year?",
                    "help_text": "",
                    "options": {},
                },
                {
                    "type": "multiple",
                    "text": "How do you learn best?",
                    "help_text": "",
                    "options": {
                        "choices": [
                            "A course or education",
                            "Sparring with a colleague",
                            "New tasks in everyday work",
                            "A network with others",
                            "Reading on my own",
                        ]
                    },
                },
                {
                    "type": "text",
                    "text": "Where would you like to be in a few years?",
                    "help_text": "",
                    "options": {},
                },
            ],
        },
        {
            "title": "Development plan and topics for the conversation",
            "intro": "In the conversation you agree your development plan for the coming year: "
            "goals, activities, by when and who is responsible.",
            "questions": [
                {
                    "type": "text",
                    "text": "Which goals and activities would you suggest for your "
                    "development plan?",
                    "help_text": "For example a course, sparring with a colleague or a new "
                    "task, and when.",
                    "options": {},
                },
                {
                    "type": "text",
                    "text": "Which topics would you particularly like to talk about?",
                    "help_text": "Write them down so the other person can prepare.",
                    "options": {},
                },
            ],
        },
    ],
}

# family -> the texts shipped before the current one, oldest first.
EARLIER: dict[str, list[dict[str, Sections]]] = {"mus": [MUS_1, MUS_2]}
