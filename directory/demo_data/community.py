"""Demo associations: community life, food and neighbourhood networks."""

from .helpers import OUTDOOR_SEASON, act, assoc

ASSOCIATIONS = [
    assoc(
        "Fællesspisning i Tornhøj",
        "faelles",
        "Aftensmad for hele familien hver anden onsdag. Frivillige laver maden, og det koster "
        "30 kr. for voksne og 15 kr. for børn.",
        """
Fællesspisningen er for alle, der bor i Tornhøj og omegn – og for dem, der er på besøg. Vi laver mad
fra mange køkkener, og der er altid et vegetarisk alternativ og halal-kød.

Har du lyst til at stå i køkkenet en gang, så sig til. Kokkene spiser gratis.
""",
        [
            act("Fællesspisning", "ons", "17:30", "19:30", "kvarterhuset", freq="biweekly",
                group="alle", price="30 kr. for voksne, 15 kr. for børn",
                note="Tilmelding senest mandag"),
        ],
        groups="alle familier", langs="da ar so", flags="nodansk wheel",
    ),
    assoc(
        "Madklubben Verdens Køkken",
        "faelles kultur",
        "Vi laver mad fra et nyt land hver måned. En af deltagerne viser sin families "
        "opskrifter – og så spiser vi sammen.",
        """
Madklubben er for alle, der kan lide at lave mad og smage noget nyt. Hver gang er der en ny kok fra
klubben, der viser retter fra sit hjemland: fra somalisk sambusa til dansk frikadeller.

Vi er højst 20, så tilmelding er nødvendig.
""",
        [
            act("Madaften", "tor", "17:00", "20:00", "kvarterhuset", freq="monthly",
                ages=(16, None), group="voksne", price="40 kr. pr. gang"),
        ],
        groups="voksne", langs="da en ar so", flags="nodansk",
    ),
    assoc(
        "Fødevarefællesskabet Øst",
        "faelles natur",
        "Økologiske grøntsager fra lokale landmænd til en god pris. Medlemmerne henter deres "
        "pose torsdag og tager en vagt en gang om måneden.",
        """
Fødevarefællesskabet er drevet af medlemmerne. Vi køber økologisk frugt og grønt direkte hos
nordjyske landmænd og pakker poserne sammen.

En pose koster 100 kr. om ugen, og man betaler kun for de uger, man bestiller.
""",
        [
            act("Udlevering", "tor", "16:00", "18:00", "trekanten", ages=(18, None),
                group="voksne", price="100 kr. pr. pose", note="Bestil senest søndag"),
        ],
        groups="voksne familier", langs="da en",
    ),
    assoc(
        "Kvindenetværket i Øst",
        "faelles sundhed",
        "Netværk for kvinder i alle aldre: kaffe, udflugter, oplæg og venskab. Mandag "
        "eftermiddag i Sundheds- og Kvarterhuset.",
        """
Kvindenetværket er et sted, hvor kvinder mødes på tværs af alder og baggrund. Vi snakker, laver mad,
går ture og inviterer gæster, der fortæller om sundhed, økonomi og rettigheder.

Du er velkommen til at tage en veninde med.
""",
        [
            act("Netværkseftermiddag", "man", "13:00", "15:30", "kvarterhuset",
                ages=(18, None), group="kvinder", price="Gratis"),
            act("Udflugt", "lør", "10:00", "16:00", None, freq="irregular", group="kvinder",
                price="Egenbetaling efter tur", note="Se programmet"),
        ],
        groups="kvinder", langs="da ar so tr ku", flags="nodansk begin",
    ),
    assoc(
        "Mændenes Værksted 9220",
        "faelles sundhed",
        "Værksted og fællesskab for mænd: træ, metal, reparationer og kaffe. Tirsdag og "
        "torsdag formiddag.",
        """
Mændenes Værksted er for mænd, der kan lide at arbejde med hænderne – og at være sammen med andre.
Vi reparerer ting for naboerne, bygger fuglekasser og bænke og hjælper hinanden med egne projekter.

Mange kommer også bare for kaffen og snakken.
""",
        [
            act("Værkstedet er åbent", "tir tor", "09:00", "12:00", "kvarterhuset",
                ages=(18, None), group="maend", price="Gratis"),
        ],
        groups="maend aeldre", langs="da ar", flags="begin",
    ),
    assoc(
        "Nabocaféen Smedegaard",
        "faelles beboer",
        "Naboer mødes over kaffe og kage i Smedegaards fælleslokale hver lørdag formiddag.",
        """
Nabocaféen er startet af beboere, der gerne ville kende deres naboer bedre. Her kan du låne en
boremaskine, finde en barnepige eller bare få en snak.
""",
        [
            act("Nabocafé", "lør", "10:00", "12:00", None, group="alle", price="Gratis",
                note="I fælleslokalet i Smedegaard"),
        ],
        groups="alle", langs="da ar so", flags="nodansk",
    ),
    assoc(
        "Ny i Øst – netværk for tilflyttere",
        "faelles sprog",
        "Er du lige flyttet til Aalborg Øst? Mød andre nye beboere og få gode råd om "
        "bydelen den sidste torsdag i måneden.",
        """
Vi hjælper nye beboere med at finde rundt: hvor er lægen, hvilke foreninger findes, og hvordan
fungerer affaldssorteringen? Og vi laver ture rundt i bydelen.
""",
        [
            act("Tilflyttercafé", "tor", "17:00", "19:00", "trekanten", freq="last-of-month",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne familier", langs="da en ar uk", flags="nodansk",
    ),
    assoc(
        "Festudvalget for Sommerfest i Øst",
        "faelles frivillig",
        "Frivillige, der planlægger bydelens sommerfest i juni. Vi mødes én gang om måneden "
        "fra januar – og søger flere hjælpere.",
        """
Sommerfesten samler tusindvis af beboere med musik, boder, mad og aktiviteter for børn. Det hele
bliver til, fordi frivillige tager en tjans.

Du kan være frivillig i planlægningen eller kun på selve dagen.
""",
        [
            act("Planlægningsmøde", "tir", "19:00", "21:00", "trekanten", freq="monthly",
                ages=(16, None), group="voksne", price="Gratis", season=("01-01", "06-30")),
            act("Sommerfesten", "lør", "11:00", "22:00", "tornhoejhave", freq="irregular",
                group="alle", price="Gratis", note="En lørdag i juni"),
        ],
        groups="voksne alle",
    ),
    assoc(
        "Loppemarkedet ved Trekanten",
        "faelles natur",
        "Loppemarked den første lørdag i måneden fra april til oktober. Stadepladsen er "
        "gratis for private.",
        """
Sælg det, du ikke bruger længere, og find skatte til en god pris. Markedet er arrangeret af
frivillige, og overskuddet fra kaffeboden går til børneaktiviteter i bydelen.
""",
        [
            act("Loppemarked", "lør", "09:00", "14:00", "trekanten", freq="first-of-month",
                group="alle", price="Gratis", season=OUTDOOR_SEASON),
        ],
        groups="alle",
    ),
    assoc(
        "Kaffeklubben i Tornhøjhave",
        "faelles aeldre",
        "Kaffe på bænkene i Tornhøjhave onsdag formiddag hele sommeren. Tag en kop med – vi "
        "har kanden.",
        """
Kaffeklubben er det enkleste fællesskab i bydelen: en termokande, nogle bænke og naboer, der har tid
til at snakke. Når det regner, flytter vi ind på Trekanten.
""",
        [
            act("Kaffe i parken", "ons", "10:00", "11:30", "tornhoejhave", group="alle",
                price="Gratis", season=("05-01", "09-30")),
        ],
        groups="aeldre alle", flags="wheel",
    ),
    assoc(
        "Torsdagsklubben",
        "faelles sundhed",
        "Klub for voksne med udviklingshandicap: spil, musik, udflugter og aftensmad hver "
        "torsdag.",
        """
Torsdagsklubben er et fast mødested for voksne med udviklingshandicap. Frivillige og medlemmer
planlægger programmet sammen: det kan være bowling, disko, sang eller en tur i biografen.
""",
        [
            act("Klubaften", "tor", "17:00", "21:00", "trekanten", ages=(18, None),
                group="voksne", price="50 kr. pr. gang inkl. aftensmad"),
        ],
        groups="voksne", flags="wheel",
    ),
]
