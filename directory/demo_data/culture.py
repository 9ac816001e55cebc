"""Demo associations: culture and creativity."""

from .helpers import INDOOR_SEASON, SCHOOL_YEAR, act, assoc

ASSOCIATIONS = [
    assoc(
        "Koret Østlyd",
        "kultur faelles",
        "Blandet kor for voksne, der synger alt fra danske sange til popmusik og "
        "verdensmusik. Onsdag aften på Trekanten.",
        """
Østlyd er et kor for alle, der kan lide at synge. Du behøver ikke kunne læse noder – vi lærer
stemmerne efter gehør, og der er lydfiler at øve med hjemme.

Vi giver to koncerter om året og synger gerne til arrangementer i bydelen.
""",
        [
            act("Korprøve", "ons", "19:00", "21:30", "trekanten", ages=(18, None),
                group="voksne", price="600 kr. pr. halvår", season=("08-15", "06-15")),
        ],
        groups="voksne", flags="begin trial",
    ),
    assoc(
        "Seniorkoret Sangglade",
        "kultur aeldre",
        "Kor for seniorer mandag formiddag. Vi synger sange fra Højskolesangbogen og gamle "
        "slagere – og drikker kaffe.",
        """
Sangglade er for alle seniorer, der holder af at synge. Det er glæden, der tæller, ikke stemmen. En
pianist akkompagnerer, og vi synger både enstemmigt og flerstemmigt.
""",
        [
            act("Korsang", "man", "10:00", "12:00", "trekanten", ages=(60, None),
                group="aeldre", price="250 kr. pr. halvår", season=INDOOR_SEASON),
        ],
        groups="aeldre", flags="begin wheel",
    ),
    assoc(
        "Børnekoret Trekanten",
        "kultur born",
        "Kor for børn fra 7 til 12 år torsdag eftermiddag. Vi synger, leger med stemmen og "
        "giver koncerter til jul og sommer.",
        """
I børnekoret lærer børn at synge sammen og at bruge deres stemme. Vi synger sange på dansk og på
nogle af de mange andre sprog, der tales i Aalborg Øst.
""",
        [
            act("Børnekor", "tor", "15:30", "16:30", "trekanten", ages=(7, 12),
                group="boern", price="200 kr. pr. halvår", season=SCHOOL_YEAR),
        ],
        groups="boern", flags="begin trial",
    ),
    assoc(
        "Gospelkoret 9220",
        "kultur tro faelles",
        "Gospelkor for alle over 16 – med energi, rytme og plads til alle stemmer. "
        "Tirsdag aften i Mellervangskolens aula.",
        """
Vi synger gospel på engelsk og dansk med band. Koret er åbent for alle, uanset tro, og vi optræder
ved koncerter og gudstjenester i Aalborg.
""",
        [
            act("Gospelkor", "tir", "19:00", "21:00", "mellervangskolen", ages=(16, None),
                group="alle", price="500 kr. pr. halvår", season=("08-15", "06-15")),
        ],
        groups="unge voksne", langs="da en", flags="begin trial",
    ),
    assoc(
        "Verdensmusik-ensemblet Øst",
        "kultur faelles",
        "Musikere fra mange lande spiller sammen. Oud, saz, djembe, violin og guitar – alle "
        "instrumenter er velkomne.",
        """
Ensemblet blander musik fra Mellemøsten, Afrika, Balkan og Norden. Vi øver hver anden søndag og
spiller ved fester og arrangementer i bydelen.

Du skal kunne spille et instrument, men ikke kunne læse noder.
""",
        [
            act("Sammenspil", "søn", "14:00", "17:00", "trekanten", freq="biweekly",
                ages=(16, None), group="alle", price="Gratis"),
        ],
        groups="voksne unge", langs="da ar tr en", flags="nodansk",
    ),
    assoc(
        "Malerholdet Øst",
        "kultur aeldre faelles",
        "Akvarel og akryl for begyndere og øvede tirsdag formiddag. Vi hjælper hinanden og "
        "udstiller på Trekanten hvert forår.",
        """
Malerholdet er et fællesskab for alle, der gerne vil male. Vi har ingen fast lærer, men deler
erfaringer og har besøg af en kunstner et par gange om året.

Du tager selv materialer med; staffelier kan lånes.
""",
        [
            act("Maleformiddag", "tir", "09:30", "12:30", "trekanten", ages=(18, None),
                group="voksne", price="150 kr. pr. halvår"),
        ],
        groups="voksne aeldre", flags="begin wheel",
    ),
    assoc(
        "Strikkecaféen på Trekanten",
        "kultur faelles",
        "Strik, hækling og snak torsdag eftermiddag på biblioteket. Gratis og for alle – "
        "begyndere får hjælp.",
        """
Tag dit strikketøj med, eller lån pinde og garn hos os. De erfarne strikkere hjælper gerne med
mønstre og masker.

En gang om året strikker vi huer og tæpper til nyfødte på Aalborg Universitetshospital.
""",
        [
            act("Strikkecafé", "tor", "13:00", "15:00", "trekanten", group="alle",
                price="Gratis"),
        ],
        groups="voksne aeldre kvinder", langs="da tr ar", flags="begin nodansk wheel",
    ),
    assoc(
        "Sycaféen i Kvarterhuset",
        "kultur natur faelles",
        "Sy, reparér og omsy tøj tirsdag aften. Symaskiner til fri afbenyttelse og hjælp "
        "fra erfarne syersker.",
        """
I Sycaféen kan du lappe bukser, lægge op, sy gardiner eller lære at sy helt fra bunden. Vi har fem
symaskiner og en overlock.

Det er gratis – du betaler kun for stof og tråd, hvis du bruger vores.
""",
        [
            act("Sycafé", "tir", "17:30", "20:30", "kvarterhuset", ages=(14, None),
                group="alle", price="Gratis"),
        ],
        groups="voksne kvinder", langs="da ar so ti", flags="begin nodansk",
    ),
    assoc(
        "Fotoklubben Blænde Øst",
        "kultur",
        "Fotoklub for amatørfotografer: fototure, billedaftener og konkurrencer hver anden "
        "mandag.",
        """
Vi er fotografer på alle niveauer, med alt fra mobiltelefon til spejlrefleks. På billedaftenerne
viser vi billeder og giver hinanden kritik i en venlig tone.

Om sommeren går vi på fototure i Aalborg Øst og ved Limfjorden.
""",
        [
            act("Billedaften", "man", "19:00", "21:30", "trekanten", freq="biweekly",
                ages=(16, None), group="voksne", price="250 kr. pr. år"),
            act("Fototur", "lør", "09:00", "12:00", "gadekaeret", freq="monthly",
                ages=(16, None), group="voksne", price="Gratis", season=("05-01", "09-30"),
                note="Mødested ved gadekæret"),
        ],
        groups="voksne", flags="trial",
    ),
    assoc(
        "Amatørteatret Østscenen",
        "kultur faelles",
        "Amatørteater for voksne. Vi øver mandag aften og spiller en forestilling hver vår.",
        """
Østscenen spiller alt fra komedie til drama. Du kan være med på scenen eller bag den – med lys, lyd,
kulisser og kostumer.
""",
        [
            act("Prøve", "man", "19:00", "22:00", "trekanten", ages=(18, None),
                group="voksne", price="300 kr. pr. sæson", season=("09-01", "05-15")),
        ],
        groups="voksne", flags="begin",
    ),
    assoc(
        "Læsekredsen på Trekanten",
        "kultur faelles aeldre",
        "Vi læser en roman om måneden og mødes for at tale om den den sidste mandag i "
        "måneden.",
        """
Læsekredsen vælger bøger på skift – nye og gamle, danske og oversatte. Biblioteket skaffer bogen til
alle deltagere.
""",
        [
            act("Læsekreds", "man", "16:00", "17:30", "trekanten", freq="last-of-month",
                ages=(18, None), group="voksne", price="Gratis"),
        ],
        groups="voksne aeldre", flags="wheel",
    ),
    assoc(
        "Filmklubben Øst",
        "kultur faelles",
        "Filmaften den første fredag i måneden: en film fra et nyt land hver gang og en "
        "snak bagefter.",
        """
Filmklubben viser film fra hele verden med danske undertekster. Efter filmen er der te og en snak
om, hvad vi har set.
""",
        [
            act("Filmaften", "fre", "19:00", "22:00", "trekanten", freq="first-of-month",
                ages=(15, None), group="alle", price="20 kr. pr. gang"),
        ],
        groups="voksne unge", langs="da en",
        status="paused",
    ),
    assoc(
        "Østbyens Historiegruppe",
        "kultur aeldre",
        "Vi samler fortællinger, fotos og dokumenter om Nørre Tranders, Sønder Tranders og "
        "Aalborg Øst – fra landsby til bydel.",
        """
Historiegruppen interviewer beboere, samler gamle billeder og skriver artikler om områdets historie.
Om sommeren holder vi byvandringer.

Har du gamle billeder fra området, vil vi meget gerne låne dem og scanne dem.
""",
        [
            act("Arbejdsmøde", "ons", "14:00", "16:00", "trekanten", freq="biweekly",
                ages=(18, None), group="voksne", price="100 kr. pr. år"),
            act("Byvandring", "søn", "14:00", "16:00", "gadekaeret", freq="irregular",
                group="alle", price="Gratis", season=("05-01", "09-30")),
        ],
        groups="aeldre voksne",
    ),
    assoc(
        "Keramikværkstedet Øst",
        "kultur",
        "Drejning og håndopbygning i ler. Værkstedsaftener onsdag og kurser for begyndere "
        "to gange om året.",
        """
Værkstedet har drejeskiver, ovn og glasurer. Medlemmer kan bruge værkstedet på de faste aftener; nye
starter på et begynderkursus på seks gange.
""",
        [
            act("Værkstedsaften", "ons", "18:00", "21:00", "trekanten", ages=(16, None),
                group="voksne", price="900 kr. pr. halvår inkl. ler og brænding"),
            act("Begynderkursus", "lør", "10:00", "13:00", "trekanten", freq="irregular",
                ages=(16, None), group="voksne", price="750 kr. for 6 gange"),
        ],
        groups="voksne",
        status="closed", in_print=False,
    ),
    assoc(
        "Bandrummet 9220",
        "kultur born",
        "Øvelokale og bandcoach for unge musikere fra 13 til 20 år. Start et band eller find "
        "nogen at spille med.",
        """
Bandrummet har trommer, forstærkere, keyboard og mikrofoner. En frivillig bandcoach hjælper nye
bands i gang, og hvert forår spiller alle bands koncert.
""",
        [
            act("Øvetid for bands", "man tir ons", "16:00", "21:00", "trekanten",
                ages=(13, 20), group="unge", price="100 kr. pr. halvår",
                note="Book øvetid hos bandcoachen"),
        ],
        groups="unge",
    ),
    assoc(
        "Brætspilscaféen Øst",
        "faelles kultur",
        "Brætspil for alle aldre fredag aften på Trekanten. Over 200 spil – og nogen, der "
        "forklarer reglerne.",
        """
Tag familien, vennerne eller bare dig selv med. Vi har spil for børn, familier og dem, der vil
spille hele aftenen.

Det er gratis, og der er kaffe og te.
""",
        [
            act("Spilleaften", "fre", "17:00", "22:00", "trekanten", group="alle",
                price="Gratis"),
        ],
        groups="alle familier", flags="begin nodansk wheel",
    ),
]
