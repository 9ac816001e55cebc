"""Demo associations: seniors and health."""

from .helpers import act, assoc


def senior_club(area: str, venue: str | None, day: str, note: str = "") -> dict:
    return assoc(
        f"Seniorklubben i {area}",
        "aeldre faelles",
        f"Seniorklub for beboere i {area}: kortspil, banko, foredrag og udflugter. Vi mødes "
        f"hver uge over en kop kaffe.",
        f"""
Seniorklubben i {area} er for alle over 60, der har lyst til selskab. Vi spiller kort og banko,
holder foredrag og tager på udflugter et par gange om året.

Medlemskab koster 100 kr. om året, og kaffen koster 10 kr. Nye medlemmer er altid velkomne – kig ind
en dag og se, om det er noget for dig.
""",
        [
            act("Klubdag", day, "13:00", "16:00", venue, ages=(60, None), group="aeldre",
                price="100 kr. pr. år", note=note),
            act("Udflugt", "", "", "", None, freq="irregular", ages=(60, None),
                group="aeldre", price="Egenbetaling", note="Forår og efterår"),
        ],
        groups="aeldre", flags="wheel begin",
    )


ASSOCIATIONS = [
    senior_club("Tornhøj", "trekanten", "ons"),
    senior_club("Smedegaard", None, "tir", "I fælleslokalet i Smedegaard"),
    senior_club("Kildeparken", "kvarterhuset", "tor"),
    senior_club("Øster Uttrup", None, "man", "I beboerhuset i Øster Uttrup"),
    assoc(
        "Kortklubben Hjerter Dame",
        "aeldre faelles",
        "Whist og bridge tirsdag eftermiddag på Trekanten. Begyndere kan lære bridge på vores "
        "kursus i januar.",
        """
Vi spiller whist ved fire borde og bridge ved tre. Der er præmier til de bedste hver måned – og kage
til alle.
""",
        [
            act("Kortspil", "tir", "13:00", "16:30", "trekanten", ages=(50, None),
                group="aeldre", price="150 kr. pr. halvår"),
        ],
        groups="aeldre", flags="wheel",
    ),
    assoc(
        "Seniordans Øst",
        "aeldre sport kultur",
        "Dans for seniorer fredag formiddag: linedance, pardans og kædedans. Du behøver ikke "
        "en partner.",
        """
Vi danser til musik fra alle årtier og har en instruktør, der viser trinene langsomt. Dansen holder
både krop og hoved i gang.
""",
        [
            act("Seniordans", "fre", "10:00", "11:30", "trekanten", ages=(60, None),
                group="aeldre", price="250 kr. pr. halvår"),
        ],
        groups="aeldre", flags="begin trial",
    ),
    assoc(
        "Besøgsvennerne Øst",
        "aeldre frivillig",
        "Frivillige besøgsvenner besøger ældre, der sidder meget alene. Vi søger både "
        "frivillige og ældre, der gerne vil have besøg.",
        """
En besøgsven kommer hjem til dig en gang om ugen eller hver anden uge. I kan drikke kaffe, gå en tur
eller spille et spil – det bestemmer I sammen.

Vil du være frivillig besøgsven? Du får et introduktionskursus og møder de andre frivillige hver
måned.
""",
        [
            act("Besøg", "", "", "", None, freq="irregular", ages=(65, None),
                group="aeldre", price="Gratis", note="Tid aftales mellem besøgsven og værten"),
            act("Møde for frivillige", "man", "19:00", "20:30", "trekanten", freq="monthly",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="aeldre voksne",
    ),
    assoc(
        "Ældretræf på tværs af kulturer",
        "aeldre faelles tro",
        "Ældre fra mange lande mødes torsdag formiddag: te, sang, gymnastik på stol og "
        "samtaler med tolk.",
        """
Ældretræffet er for ældre, der ikke altid føler sig hjemme i de andre klubber. Vi taler dansk,
arabisk, tyrkisk og bosnisk, og der er altid en tolk.

En gang om måneden kommer en sygeplejerske og fortæller om sundhed og medicin.
""",
        [
            act("Ældretræf", "tor", "10:00", "12:30", "kvarterhuset", ages=(60, None),
                group="aeldre", price="Gratis"),
        ],
        groups="aeldre", langs="da ar tr bs", flags="nodansk wheel",
    ),
    assoc(
        "Erindringsværkstedet",
        "aeldre kultur",
        "Skriv og fortæl dine erindringer. Vi mødes hver anden onsdag og hjælper hinanden "
        "med at få livshistorien ned på papir.",
        """
I Erindringsværkstedet skriver vi korte tekster om vores liv: barndommen, arbejdet, flytningen til
Aalborg Øst. Når vi læser op for hinanden, kommer de bedste historier frem.
""",
        [
            act("Skrivegruppe", "ons", "10:00", "12:00", "trekanten", freq="biweekly",
                ages=(60, None), group="aeldre", price="Gratis"),
        ],
        groups="aeldre", flags="begin",
        status="paused",
    ),
    assoc(
        "Gågruppen i Bundgaardsparken",
        "sundhed sport faelles",
        "Vi går en tur på 3-5 km mandag og onsdag kl. 10 fra indgangen til Bundgaardsparken. "
        "Gratis, og alle kan være med.",
        """
Gågruppen er for dig, der gerne vil bevæge dig mere – og have nogen at gå sammen med. Vi går i
roligt tempo og venter på hinanden.

Der er en kortere rute for dem, der har brug for det.
""",
        [
            act("Gåtur", "man ons", "10:00", "11:00", "bundgaardsparken", group="alle",
                price="Gratis"),
        ],
        groups="alle aeldre", langs="da ar", flags="begin nodansk",
    ),
    assoc(
        "Diabetesnetværket Øst",
        "sundhed faelles",
        "Netværk for mennesker med diabetes og deres pårørende. Oplæg, madlavning og "
        "erfaringer én gang om måneden.",
        """
Netværket giver plads til at dele erfaringer med at leve med diabetes. Vi inviterer diætister,
sygeplejersker og fodterapeuter, og vi laver sund mad sammen.
""",
        [
            act("Netværksmøde", "tir", "17:00", "19:00", "kvarterhuset", freq="monthly",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne aeldre", langs="da ar tr", flags="nodansk wheel",
    ),
    assoc(
        "Pårørendegruppen for demens",
        "sundhed aeldre frivillig",
        "Samtalegruppe for pårørende til mennesker med demens. Ledet af frivillige med "
        "erfaring, den første tirsdag i måneden.",
        """
Når en, man holder af, får demens, ændrer hverdagen sig. I pårørendegruppen kan du tale med andre i
samme situation og få gode råd.

Vi mødes i et mødelokale ved Aalborg Universitetshospital, Brandevej. Det er gratis, og du behøver
ikke tilmelde dig.
""",
        [
            act("Samtalegruppe", "tir", "17:00", "18:30", "hospital", freq="first-of-month",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne aeldre", flags="wheel",
    ),
    assoc(
        "Sorggruppen Øst",
        "sundhed frivillig",
        "Samtalegruppe for voksne, der har mistet en nær person. Otte møder over fire "
        "måneder med frivillige samtaleledere.",
        """
I sorggruppen mødes 6-8 voksne, der har mistet en ægtefælle, et barn, en forælder eller en ven. Der
er plads til både tårer og latter.

Kontakt os for en uforpligtende samtale, før gruppen starter.
""",
        [
            act("Sorggruppe", "man", "18:30", "20:30", "kvarterhuset", freq="biweekly",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne",
    ),
    assoc(
        "Samtalegruppen Mental Sundhed Øst",
        "sundhed faelles",
        "Fællesskab for mennesker med angst, depression eller stress. Vi mødes hver torsdag i "
        "et trygt rum med en frivillig tovholder.",
        """
Her mødes mennesker, der ved, hvordan det er at have det svært. Vi taler sammen, går ture og hjælper
hinanden med små skridt.

Du må gerne bare lytte de første gange.
""",
        [
            act("Samtalegruppe", "tor", "16:00", "18:00", "kvarterhuset", ages=(18, None),
                group="voksne", price="Gratis"),
        ],
        groups="voksne unge",
    ),
    assoc(
        "Sund Mad Sammen",
        "sundhed faelles",
        "Madlavningskursus om sund og billig hverdagsmad. Fire aftener, hvor vi laver mad og "
        "spiser sammen.",
        """
Kurset viser, hvordan man laver sund mad til familien for få penge. Vi bruger grøntsager fra sæsonen
og giver opskrifter med hjem på flere sprog.
""",
        [
            act("Madlavningskursus", "man", "17:00", "19:30", "kvarterhuset",
                freq="irregular", ages=(18, None), group="voksne", price="Gratis",
                note="Nye hold i september og februar"),
        ],
        groups="voksne familier", langs="da ar so", flags="nodansk",
    ),
    assoc(
        "Kvindernes Sundhedscafé",
        "sundhed faelles",
        "Sundhedscafé kun for kvinder med frivillige sygeplejersker. Spørg om krop, graviditet, "
        "overgangsalder og medicin – fortroligt.",
        """
Sundhedscaféen er et sted, hvor kvinder kan stille spørgsmål om helbred i fortrolighed. De
frivillige er sygeplejersker og jordemødre, og der er tolk til arabisk og somali.

Vi henviser til lægen, når det er nødvendigt, men vi erstatter ikke lægen.
""",
        [
            act("Sundhedscafé", "ons", "10:00", "12:00", "kvarterhuset", freq="biweekly",
                ages=(16, None), group="kvinder", price="Gratis"),
        ],
        groups="kvinder", langs="da ar so", flags="nodansk wheel",
    ),
    assoc(
        "Mindfulness for unge",
        "sundhed born",
        "Kursus i mindfulness og stresshåndtering for unge fra 15 til 22 år. Otte gange på "
        "Trekanten.",
        """
Mange unge føler sig pressede af skole, sociale medier og forventninger. På kurset lærer du enkle
øvelser, der hjælper med at falde til ro og sove bedre.
""",
        [
            act("Mindfulnesskursus", "man", "16:30", "18:00", "trekanten", freq="irregular",
                ages=(15, 22), group="unge", price="Gratis",
                note="Næste hold starter efter sommerferien"),
        ],
        groups="unge",
        status="paused",
    ),
]
