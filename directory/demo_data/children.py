"""Demo associations: children, young people and families."""

from .helpers import SCHOOL_YEAR, act, assoc


def scout_group(name: str, venue: str, weekday_offset: int, extra: str) -> dict:
    """A scout group with the usual age branches (mikro, mini, junior, trop)."""
    days = ["man", "tir", "ons", "tor"]
    branches = [
        ("Mikro (0.-1. klasse)", (5, 7)),
        ("Mini (2.-3. klasse)", (8, 9)),
        ("Junior (4.-5. klasse)", (10, 11)),
        ("Trop (6. klasse og op)", (12, 16)),
    ]
    activities = [
        act(title, days[(weekday_offset + i) % 4], "17:00", "18:30", venue, ages=ages,
            group="boern" if ages[1] < 12 else "unge", price="450 kr. pr. halvår",
            season=SCHOOL_YEAR)
        for i, (title, ages) in enumerate(branches)
    ]
    activities.append(
        act("Weekendtur", "lør søn", "", "", None, freq="irregular", group="boern",
            price="Egenbetaling ca. 150 kr.", note="2-3 ture om året; se programmet")
    )
    return assoc(
        name,
        "born natur",
        f"Spejder for piger og drenge fra 5 til 16 år: friluftsliv, bål, lejre og "
        f"fællesskab. {extra}",
        f"""
Som spejder lærer du at klare dig i naturen og at tage ansvar for hinanden. Vi laver bål, bygger
shelters, går på løb og tager på lejr hver sommer.

{extra} Nye spejdere må prøve at komme tre gange, før de melder sig ind. Uniform er ikke et krav det
første år.

Vi søger altid voksne, der vil være frivillige ledere – du behøver ingen spejdererfaring.
""",
        activities,
        groups="boern unge", flags="begin trial",
    )


def parents_network(school: str, venue: str, weekday: str) -> dict:
    return assoc(
        f"Forældrenetværket ved {school}",
        "born faelles sprog",
        f"Netværk for forældre med børn på {school}. Vi mødes én gang om måneden og taler "
        f"om skole, fritid og det at være forælder.",
        f"""
Forældrenetværket ved {school} er et sted, hvor forældre kan stille spørgsmål om skolen,
lektier, Aula og fritidsaktiviteter – og hjælpe hinanden. Der er altid tolkning til arabisk og
somali, og vi inviterer jævnligt lærere og pædagoger.

Til hvert møde er der te, kaffe og noget sødt, og der er børnepasning, så du kan tage de mindste
med.
""",
        [
            act("Forældremøde", weekday, "19:00", "20:30", venue, freq="monthly",
                group="familier", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="familier", langs="da ar so", flags="nodansk",
    )


ASSOCIATIONS = [
    scout_group("Spejdergruppen Fyrtårnet", "mellervangskolen", 0,
                "Vi holder til ved Mellervangskolen."),
    scout_group("Spejdergruppen Ugleredet", "tornhoejhave", 1,
                "Vi mødes i Tornhøjhave og er mest udendørs – hele året."),
    scout_group("Spejdergruppen Østvinden", "humlebakkeskolen", 2,
                "Vores møder er ved Humlebakkeskolen, og vi har en tropsgruppe kun for piger."),
    assoc(
        "Ungecaféen Trekanten",
        "born faelles",
        "Et frirum for unge fra 13 til 17 år: spil, musik, lektier og snak med voksne, "
        "der har tid. Gratis og åbent fire dage om ugen.",
        """
I Ungecaféen kan du hænge ud med vennerne, spille bordtennis eller PlayStation, lave lektier eller
bare slappe af. Der er altid voksne til stede, som du kan tale med om stort og småt.

Om torsdagen laver vi mad sammen, og det koster 10 kr. at spise med.
""",
        [
            act("Åben café", "man tir ons tor", "15:00", "20:00", "trekanten", ages=(13, 17),
                group="unge", price="Gratis"),
            act("Madklub", "tor", "17:00", "19:00", "trekanten", ages=(13, 17), group="unge",
                price="10 kr. pr. gang"),
        ],
        groups="unge", langs="da ar so", flags="nodansk wheel",
    ),
    assoc(
        "Pigeklubben Øst",
        "born faelles",
        "Klub kun for piger fra 10 til 15 år. Vi laver mad, går på tur, taler om livet og "
        "har det sjovt sammen.",
        """
Pigeklubben er et trygt sted, hvor piger kan mødes på tværs af skoler og baggrunde. Lederne er unge
kvinder, der selv er vokset op i Aalborg Øst.

Hvert halvår vælger pigerne selv, hvad vi skal lave – sidst var det kagebagning, klatring og en tur
til Skagen.
""",
        [
            act("Pigeklub", "ons", "16:00", "18:30", "kvarterhuset", ages=(10, 15),
                group="boern", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="boern unge kvinder", langs="da ar so", flags="begin nodansk",
    ),
    assoc(
        "Drengegruppen 9220",
        "born frivillig",
        "Gruppe for drenge fra 10 til 14 år med frivillige mentorer. Sport, ture og snak "
        "om at blive ung.",
        """
Drengegruppen mødes hver tirsdag. Vi spiller bold, tager på fisketur og hjælper hinanden med det,
der er svært. Mentorerne er voksne mænd fra området, der har fået træning i at være rollemodeller.
""",
        [
            act("Drengegruppe", "tir", "16:30", "18:30", "kvarterhuset", ages=(10, 14),
                group="boern", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="boern maend", langs="da ar so ku",
    ),
    assoc(
        "Børneteatret på Trekanten",
        "born kultur",
        "Teater for børn fra 8 til 12 år. Vi øver torsdag og spiller forestilling for "
        "familierne hver vinter og forår.",
        """
På teaterholdet lærer børnene at bruge stemme og krop, at improvisere og at stå på en scene. Alle
får en rolle i forestillingen, og børnene er selv med til at skrive stykket.
""",
        [
            act("Teaterhold", "tor", "16:00", "17:30", "trekanten", ages=(8, 12),
                group="boern", price="350 kr. pr. halvår", season=SCHOOL_YEAR),
        ],
        groups="boern", flags="trial",
    ),
    assoc(
        "Kodeklubben NOVI",
        "born sprog",
        "Programmering for børn fra 9 til 14 år lørdag formiddag hos NOVI. Spil, robotter og "
        "hjemmesider – ingen forkundskaber.",
        """
I Kodeklubben lærer børn at programmere i Scratch og Python, at bygge robotter og at lave deres egne
spil. Instruktørerne er frivillige studerende og udviklere.

Vi har computere til låns. Forældre er velkomne til at blive og kode med.
""",
        [
            act("Kodeklub", "lør", "10:00", "12:00", "novi", freq="biweekly", ages=(9, 14),
                group="boern", price="Gratis", season=SCHOOL_YEAR),
        ],
        groups="boern", langs="da en", flags="begin",
    ),
    assoc(
        "LEGO-klubben på biblioteket",
        "born kultur",
        "Byg med LEGO på Trekanten den første lørdag i måneden. For børn fra 6 til 10 år "
        "og deres voksne.",
        """
Hver måned har vi et nyt tema – rumskibe, byer, dyr eller maskiner. Bygværkerne udstilles på
biblioteket resten af måneden.
""",
        [
            act("LEGO-lørdag", "lør", "10:30", "12:30", "trekanten", freq="first-of-month",
                ages=(6, 10), group="familier", price="Gratis"),
        ],
        groups="boern familier", flags="nodansk wheel",
    ),
    assoc(
        "Familieklubben Øst",
        "born faelles",
        "Ture og oplevelser for børnefamilier: skov, strand, zoo og museer. Vi tager af sted "
        "sammen den første lørdag i måneden.",
        """
Familieklubben er for familier, der gerne vil opleve Nordjylland sammen med andre. Vi arrangerer bus
eller samkørsel, og prisen holdes lav, så alle kan være med.

Tilmelding til hver tur sker på Trekanten eller hos kontaktpersonen.
""",
        [
            act("Familietur", "lør", "10:00", "15:00", "trekanten", freq="first-of-month",
                group="familier", price="20 kr. pr. person pr. tur",
                note="Mødested ved Trekanten; tilmelding nødvendig"),
        ],
        groups="familier", langs="da ar so tr", flags="nodansk",
    ),
    assoc(
        "Babycaféen på Trekanten",
        "born faelles sundhed",
        "Mødested for forældre på barsel og deres babyer (0-1 år). Onsdag formiddag med "
        "kaffe, snak og sang.",
        """
Babycaféen er et uformelt sted at møde andre forældre på barsel. Der er puslebord, plads til
barnevogne og en sundhedsplejerske på besøg én gang om måneden.

Vi synger babysalmer og rim sammen hver gang kl. 10.30.
""",
        [
            act("Babycafé", "ons", "10:00", "12:00", "trekanten", ages=(0, 1),
                group="familier", price="Gratis"),
        ],
        groups="familier", langs="da en ar", flags="wheel nodansk",
    ),
    parents_network("Humlebakkeskolen", "humlebakkeskolen", "tir"),
    parents_network("Mellervangskolen", "mellervangskolen", "ons"),
    assoc(
        "Far-barn-klubben 9220",
        "born faelles",
        "Fædre og børn mødes hver anden lørdag til leg, mad over bål og ture i naturen.",
        """
Far-barn-klubben giver fædre og deres børn tid sammen – og fædre mulighed for at lære andre fædre at
kende. Vi er udendørs det meste af året.
""",
        [
            act("Far og barn", "lør", "10:00", "13:00", "tornhoejhave", freq="biweekly",
                ages=(3, 12), group="familier", price="Gratis"),
        ],
        groups="familier maend", langs="da ar so", flags="nodansk begin",
    ),
    assoc(
        "Sommerferieaktiviteter i Øst",
        "born faelles frivillig",
        "Gratis aktiviteter for børn og unge i sommerferien: fodbold, kreaværksted, ture og "
        "fællesspisning.",
        """
Hver sommer samler foreninger og frivillige i Aalborg Øst et program med aktiviteter i hele
skoleferien. Programmet kommer ud i juni på Trekanten og i opgangene.

Vi har brug for frivillige til at hjælpe på dagene – også hvis du kun har en enkelt eftermiddag.
""",
        [
            act("Sommerprogram", "man tir ons tor fre", "10:00", "15:00", "trekanten",
                freq="irregular", ages=(6, 17), group="boern", price="Gratis",
                season=("06-25", "08-10"), note="Se programmet for dagens aktivitet"),
        ],
        groups="boern unge familier", langs="da ar so", flags="nodansk",
    ),
    assoc(
        "Ungerådet Aalborg Øst",
        "born beboer",
        "Unge fra 14 til 22 år, der giver de unges stemme i bydelen: vi mødes hver anden "
        "mandag og kommer med forslag til politikere og boligorganisationer.",
        """
Ungerådet er unge, der vil være med til at bestemme, hvordan Aalborg Øst skal udvikle sig. Vi har
fået lavet en ny multibane og flere aktiviteter for unge om aftenen.

Du behøver ikke have erfaring med foreninger – vi lærer undervejs.
""",
        [
            act("Rådsmøde", "man", "17:00", "18:30", "trekanten", freq="biweekly",
                ages=(14, 22), group="unge", price="Gratis", note="Der er aftensmad"),
        ],
        groups="unge", flags="begin",
    ),
    assoc(
        "Ungementorerne Øst",
        "born frivillig sprog",
        "Frivillige mentorer hjælper unge fra 15 til 25 år med uddannelse, job og fritid. "
        "Vi søger både unge og frivillige mentorer.",
        """
En mentor er en voksen, du mødes med en gang om ugen i et halvt år. I kan tale om skole,
uddannelsesvalg, ansøgninger eller noget helt andet.

Vil du være frivillig mentor? Vi klæder dig på med et kursus og faste netværksmøder.
""",
        [
            act("Mentormøder", "", "", "", None, freq="irregular", ages=(15, 25),
                group="unge", price="Gratis", note="Tid og sted aftales med din mentor"),
            act("Netværksmøde for frivillige mentorer", "tor", "19:00", "21:00", "trekanten",
                freq="monthly", ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="unge voksne",
    ),
]
