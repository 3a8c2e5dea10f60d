"""Word lists for the demo organisation: Danish first and last names, and the parts that
unit and team names are made of. Data only; samtale.demo.builder draws from them."""

from __future__ import annotations

FIRST_NAMES_F = (
    "Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Marianne",
    "Lone", "Camilla", "Pia", "Louise", "Charlotte", "Tina", "Gitte", "Bente", "Inge",
    "Karen", "Jette", "Julie", "Sofie", "Ida", "Emma", "Laura", "Cecilie", "Mathilde",
    "Sara", "Signe", "Line", "Maja", "Katrine", "Rikke", "Birgit", "Dorthe", "Ulla",
    "Lotte", "Trine", "Nanna", "Stine", "Christina", "Malene", "Heidi", "Annette",
    "Vibeke", "Britt", "Kamilla", "Freja", "Clara", "Astrid", "Ellen", "Karin", "Anja",
    "Mie", "Pernille", "Sanne", "Jane", "Nadia", "Amalie", "Josefine", "Fatima", "Aisha",
)  # fmt: skip

FIRST_NAMES_M = (
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels",
    "Martin", "Christian", "Anders", "Jesper", "Morten", "Rasmus", "Mads", "Kasper",
    "Jakob", "Mikkel", "Frederik", "Lasse", "Simon", "Kim", "Bo", "Ole", "Erik", "Hans",
    "Poul", "Torben", "Claus", "Steen", "Brian", "Per", "Kenneth", "Carsten", "Jørgen",
    "Allan", "René", "Flemming", "Jonas", "Emil", "Oliver", "William", "Magnus", "Noah",
    "Tobias", "Nikolaj", "Philip", "Troels", "Ulrik", "Kristian", "Bjarne", "Finn",
    "Knud", "Preben", "Esben", "Asger", "Ahmed", "Ali", "Omar",
)  # fmt: skip

LAST_NAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
    "Jakobsen", "Jacobsen", "Mikkelsen", "Olesen", "Frederiksen", "Laursen", "Henriksen",
    "Lund", "Schmidt", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen",
    "Andreasen", "Iversen", "Jeppesen", "Vestergaard", "Mogensen", "Nissen",
    "Lauridsen", "Kjær", "Jespersen", "Dahl", "Bach", "Østergaard", "Berg", "Skov",
    "Bertelsen", "Nørgaard", "Eriksen", "Søndergaard", "Brandt", "Thygesen", "Friis",
    "Juhl", "Lind", "Dam", "Bak", "Krogh", "Winther", "Kofoed", "Bech", "Ravn",
    "Hedegaard", "Toft", "Lykke", "Mathiasen", "Gregersen", "Storm", "Bang", "Kjeldsen",
    "Hjorth", "Overgaard", "Ibsen", "Koch", "Hald", "Nygaard", "Holst", "Rahbek",
    "Gade", "Kirk", "Mølgaard", "Hussein", "Yilmaz",
)  # fmt: skip

# Middle names, given to some people ("Anne Marie Holm", "Peter Skov Jensen").
MIDDLE_NAMES = (
    "Marie", "Louise", "Kristine", "Sofie", "Skov", "Holm", "Lund", "Bach", "Munk",
    "Juul", "Krog", "Dahl", "Vang", "Bro",
)  # fmt: skip

# Districts: copies of an area or institution at scale get these names.
DISTRICTS = (
    "Nord", "Syd", "Øst", "Vest", "Centrum", "Strand", "Skovby", "Bakkely", "Engdal",
    "Havnen", "Kirkeby", "Møllevang", "Nørreby", "Søby", "Vesterhede", "Østervang",
)  # fmt: skip

DAYCARE_PREFIXES = ("Børnehuset", "Vuggestuen", "Børnehaven", "Daginstitutionen")
DAYCARE_NAMES = (
    "Solsikken", "Mælkebøtten", "Regnbuen", "Troldehøjen", "Myretuen", "Spiren",
    "Humlebien", "Kastanjen", "Egernet", "Bikuben", "Skovtrolden", "Lærkereden",
    "Valmuen", "Mariehønen", "Svalereden", "Krudtuglen", "Stjernen", "Ællingen",
)  # fmt: skip

SCHOOL_PLACES = (
    "Nord", "Søndervang", "Bakke", "Engbo", "Lind", "Strand", "Vester", "Øster",
    "Skovvang", "Holme", "Kirkebakke", "Bøge", "Åby", "Hasle", "Rosen", "Elme",
)  # fmt: skip

CARE_NAMES = (
    "Egely", "Lindegården", "Rosenhaven", "Bøgehøj", "Solgården", "Kildevang",
    "Humlehaven", "Enggården", "Skovbrynet", "Åparken", "Fyrrebakken", "Møllehuset",
)  # fmt: skip

RESIDENCE_NAMES = (
    "Kastanjen", "Skovbrynet", "Fyrtårnet", "Ankerhus", "Birkely", "Toften",
    "Hybenhuset", "Pilehuset", "Vindrosen", "Lyngbakken",
)  # fmt: skip
